// The two hand-written ways to make an Issabel world's extension writes, timed in the bench
// process (no start-up, no reads: generous to them). Both use pbxctl's own Issabel HTTP
// client, so every side pays the same per request.
// - vendor: what the pbxapi documents show, the default reload, i.e. a configuration apply
//   inside every write;
// - careful: sequential writes with reload off, the last one with reload on (the pattern
//   Issabel's own IDX code uses, issabel.md §6): one apply at the end.
import { IssabelClient } from '../src/providers/issabel/client.ts';
import { categoryAt, type World } from './scenario.ts';
import { issabelSettings, type Urls } from './servers.ts';

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

/** seconds for the first `limit` writes (all when absent) */
export async function issabelScript(way: 'vendor' | 'careful', world: World, urls: Urls, limit?: number): Promise<number> {
  const client = new IssabelClient(issabelSettings(urls));
  const writes = extensionWrites(world).slice(0, limit);
  const started = performance.now();
  for (const [i, w] of writes.entries()) {
    const reload = way === 'vendor' || i === writes.length - 1;
    const answer = await client.call('PUT', `extensions/${w.number}`, { json: { name: w.name, ...(reload ? {} : { reload: false }) }, applies: reload });
    if (answer.status !== 200 && answer.status !== 201) throw new Error(`${way} script: PUT extensions/${w.number} answered ${answer.status}`);
  }
  return (performance.now() - started) / 1000;
}
