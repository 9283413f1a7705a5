// Serves an emulator on loopback. The sandbox never binds anything but 127.0.0.1.
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Emulator, GenericFaults } from './emulator.ts';
import { noFaults, withFaults } from './faults.ts';

export interface Listening {
  emulator: Emulator;
  url: string; // http://127.0.0.1:PORT
  faults: GenericFaults;
  close(): Promise<void>;
}

export async function listen(emulator: Emulator, port = 0): Promise<Listening> {
  const faults = noFaults();
  const server: Server = createServer(
    withFaults((req, res) => {
      persistBeforeAnswer(emulator, res);
      emulator.handle(req, res);
    }, faults),
  );
  // Apache's default KeepAliveTimeout. Below undici's 2 s threshold (fetch) a client
  // drops the connection after every answer and connects again for the next request.
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    emulator,
    url: `http://127.0.0.1:${bound}`,
    faults,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await emulator.save();
    },
  };
}

/** what a request changed is on disk before its answer starts (every answer goes through writeHead) */
function persistBeforeAnswer(emulator: Emulator, res: ServerResponse): void {
  const writeHead = res.writeHead;
  res.writeHead = function (this: ServerResponse, ...args: unknown[]) {
    emulator.persist();
    return (writeHead as (...a: unknown[]) => ServerResponse).apply(this, args);
  } as ServerResponse['writeHead'];
}
