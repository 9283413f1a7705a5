// A request's body, for every emulator; past the size cap it is drained, not kept.
import type { IncomingMessage } from 'node:http';

const MAX_BODY_BYTES = 8 * 1024 * 1024;

/** the body, or undefined when it is larger than the cap */
export function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size <= MAX_BODY_BYTES ? Buffer.concat(chunks) : undefined));
    req.on('error', reject);
  });
}

export const readText = async (req: IncomingMessage) => (await readBody(req))?.toString('utf8') ?? '';
