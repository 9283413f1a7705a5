// The three emulators of a world on loopback, with the same faults for all, and the
// environment and YAML a pbxctl run needs to reach them.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RequestLogEntry } from '../src/sandbox/emulator.ts';
import { createIssabelEmulator, SANDBOX_PASSWORD as ISSABEL_PASSWORD, type IssabelEmulator } from '../src/providers/issabel/sandbox/index.ts';
import { createKazooEmulator, SANDBOX_PASSWORD as KAZOO_PASSWORD } from '../src/providers/kazoo/sandbox/index.ts';
import { listen, type Listening } from '../src/sandbox/server.ts';
import { createVoipcenterEmulator, VOIPCENTER_CREDENTIALS } from '../src/providers/voipcenter/sandbox/index.ts';
import type { World } from './scenario.ts';

export const PROVIDERS = ['hq', 'smartpbx', 'gent'] as const;
export type ProviderName = (typeof PROVIDERS)[number];

export interface Settings {
  latencyMs: number;
  applySeconds: number;
}

export interface Servers {
  dir: string;
  configFile: string;
  env: Record<string, string>;
  listening: Record<ProviderName, Listening>;
  issabel: IssabelEmulator;
  logs(): Record<ProviderName, RequestLogEntry[]>;
  close(): Promise<void>;
}

export async function startServers(world: World, s: Settings): Promise<Servers> {
  const dir = await mkdtemp(join(tmpdir(), 'pbxctl-bench-'));
  const kazooState = join(dir, 'kazoo.json');
  await writeFile(kazooState, world.kazooJson);
  const issabel = createIssabelEmulator({ seed: 'empty', applySeconds: s.applySeconds });
  Object.assign(issabel.state, structuredClone(world.issabel));
  const voipcenter = createVoipcenterEmulator({ seed: 'empty' });
  Object.assign(voipcenter.state, structuredClone(world.voipcenter));
  const listening = {
    hq: await listen(issabel),
    smartpbx: await listen(createKazooEmulator({ statePath: kazooState })),
    gent: await listen(voipcenter),
  };
  for (const l of Object.values(listening)) l.faults.latencyMs = s.latencyMs;
  const configFile = join(dir, 'pbx.config.yaml');
  await writeFile(
    configFile,
    world.yamlFor({ hq: `${listening.hq.url}/pbxapi`, smartpbx: `${listening.smartpbx.url}/v2`, gent: `${listening.gent.url}/api` }),
  );
  return {
    dir,
    configFile,
    env: {
      BENCH_ISSABEL_PASSWORD: ISSABEL_PASSWORD,
      BENCH_KAZOO_PASSWORD: KAZOO_PASSWORD,
      BENCH_VC_PASSWORD: VOIPCENTER_CREDENTIALS.password,
      BENCH_VC_KEY: VOIPCENTER_CREDENTIALS.key,
    },
    listening,
    issabel,
    logs: () => ({ hq: listening.hq.emulator.log, smartpbx: listening.smartpbx.emulator.log, gent: listening.gent.emulator.log }),
    async close() {
      await Promise.all(Object.values(listening).map((l) => l.close()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
