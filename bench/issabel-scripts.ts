// The two hand-written ways to make an Issabel world's extension writes (issabel-script.mjs),
// each run as its own node process that starts, logs in and writes, timed like the CLI
// (spawn to exit); they read nothing and plan nothing, which pbxctl does.
// - vendor: the default reload, a configuration apply inside every write;
// - careful: sequential writes with reload off, the last one with reload on: one apply.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SANDBOX_PASSWORD } from '../src/providers/issabel/sandbox/index.ts';
import { runNode } from './cli.ts';
import { categoryAt, type World } from './scenario.ts';
import type { Urls } from './servers.ts';

const SCRIPT = fileURLToPath(new URL('./issabel-script.mjs', import.meta.url));

/** the extension writes the world's YAML asks for, in order */
function extensionWrites(world: World): { number: string; name: string }[] {
  const writes = [];
  for (let i = 0; i < world.counts.extensions; i++) {
    const c = categoryAt(i, world.mix);
    const number = String(10000 + i);
    if (c === 'create' || c === 'update') writes.push({ number, name: `${c === 'update' ? 'Moved' : 'Ext'} ${number}` });
  }
  return writes;
}

export const issabelWriteCount = (world: World) => extensionWrites(world).length;

/** the writes in a file of the world's folder, for the scripts to read */
export async function saveIssabelWrites(world: World, dir: string): Promise<string> {
  const file = join(dir, 'issabel-writes.json');
  await writeFile(file, JSON.stringify(extensionWrites(world)));
  return file;
}

/**
 * Seconds from the script's start to its exit, with the first `limit` writes (all when
 * absent) run and, when `scaleTo` is given, their time scaled up to that many writes.
 */
export async function issabelScript(way: 'vendor' | 'careful', writesFile: string, urls: Urls, limit?: number, scaleTo?: number): Promise<number> {
  const run = await runNode(SCRIPT, [way, `${urls.hq}/pbxapi`, writesFile, ...(limit ? [String(limit)] : [])], { ISSABEL_PASSWORD: SANDBOX_PASSWORD });
  if (run.code !== 0) throw new Error(`${way} script: exit ${run.code}\n${run.stderr.slice(-1500)}`);
  const { writeSeconds } = JSON.parse(run.stdout) as { writeSeconds: number };
  return limit && scaleTo ? run.wall + writeSeconds * (scaleTo / limit - 1) : run.wall;
}
