// The child process that serves a world's three emulators on loopback (so their CPU is
// not the CLI's, and not the bench's): argv[2] is a folder written by servers.ts. It
// answers the parent over IPC: first the URLs, then, when asked, the request logs.
import { copyFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createIssabelEmulator } from '../src/providers/issabel/sandbox/index.ts';
import { createKazooEmulator } from '../src/providers/kazoo/sandbox/index.ts';
import { createVoipcenterEmulator } from '../src/providers/voipcenter/sandbox/index.ts';
import { schemaSet } from '../src/providers/kazoo/sandbox/validation.ts';
import { listen } from '../src/sandbox/server.ts';
import type { ServeReport, ServeSettings } from './servers.ts';

const [worldDir, sampleDir] = process.argv.slice(2);
const settings = JSON.parse(await readFile(join(sampleDir, 'settings.json'), 'utf8')) as ServeSettings;
const json = async (name: string) => JSON.parse(await readFile(join(worldDir, name), 'utf8')) as object;

const issabel = createIssabelEmulator({ seed: 'empty', applySeconds: settings.applySeconds });
Object.assign(issabel.state, await json('issabel.json'));
const voipcenter = createVoipcenterEmulator({ seed: 'empty' });
Object.assign(voipcenter.state, await json('voipcenter.json'));
// the Kazoo emulator keeps its state in a file: a copy per sample, so every sample starts alike
const kazooState = join(sampleDir, 'kazoo.json');
await copyFile(join(worldDir, 'kazoo.json'), kazooState);
// a Kazoo in service compiled its document schemas long ago; the emulator compiles each on
// its first use (~0.1 s for users, devices): done here, before any sample's clock starts
const schemas = schemaSet('4.0');
for (const id of ['users', 'devices', 'devices_notify', 'callflows', 'callflows.user', 'callflows.device', 'callflows.ring_group'])
  if (schemas.has(id)) schemas.validate(id, {});
const listening = {
  hq: await listen(issabel),
  // no simulated CouchDB step inside a write: the latency is then all a write's round trip takes, as the bound counts it
  smartpbx: await listen(createKazooEmulator({ statePath: kazooState, datastoreMs: 0 })),
  gent: await listen(voipcenter),
};
for (const l of Object.values(listening)) l.faults.latencyMs = settings.latencyMs;

process.on('message', (message) => {
  if (message !== 'report') return;
  const report: ServeReport = {
    logs: { hq: listening.hq.emulator.log, smartpbx: listening.smartpbx.emulator.log, gent: listening.gent.emulator.log },
    issabelApplies: issabel.applyCount,
  };
  process.send!(report);
});
process.on('disconnect', () => process.exit(0));
process.send!({ urls: { hq: listening.hq.url, smartpbx: listening.smartpbx.url, gent: listening.gent.url } });
