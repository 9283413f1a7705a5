// A world's emulators in a child process (serve.ts), one child per sample so every sample
// starts from the same state, and the environment and YAML a pbxctl run needs to reach them.
import { fork } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RequestLogEntry } from '../src/sandbox/emulator.ts';
import { SANDBOX_PASSWORD as ISSABEL_PASSWORD } from '../src/providers/issabel/sandbox/index.ts';
import { SANDBOX_PASSWORD as KAZOO_PASSWORD } from '../src/providers/kazoo/sandbox/index.ts';
import { VOIPCENTER_CREDENTIALS } from '../src/providers/voipcenter/sandbox/index.ts';
import type { World } from './scenario.ts';

export const PROVIDERS = ['hq', 'smartpbx', 'gent'] as const;
export type ProviderName = (typeof PROVIDERS)[number];
export type Urls = Record<ProviderName, string>;

export interface ServeSettings {
  latencyMs: number;
  applySeconds: number;
}

export interface ServeReport {
  logs: Record<ProviderName, RequestLogEntry[]>;
  issabelApplies: number;
}

export interface Servers {
  configFile: string;
  env: Record<string, string>;
  urls: Urls;
  /** what the emulators answered so far */
  report(): Promise<ServeReport>;
  close(): Promise<void>;
}

const SERVE = fileURLToPath(new URL('./serve.ts', import.meta.url));

/** the world's states on disk once, for every sample's child to load */
export async function saveWorld(world: World): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'pbxctl-bench-world-'));
  await writeFile(join(dir, 'issabel.json'), JSON.stringify(world.issabel));
  await writeFile(join(dir, 'kazoo.json'), world.kazooJson);
  await writeFile(join(dir, 'voipcenter.json'), JSON.stringify(world.voipcenter));
  return dir;
}

export async function startServers(world: World, worldDir: string, s: ServeSettings): Promise<Servers> {
  const dir = await mkdtemp(join(tmpdir(), 'pbxctl-bench-'));
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'settings.json'), JSON.stringify(s));
  // tsx's loader comes with the parent's execArgv
  const child = fork(SERVE, [worldDir, dir], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const urls = await new Promise<Urls>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { urls: Urls }).urls));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`bench/serve.ts exited with ${code}`)));
  });
  const configFile = join(dir, 'pbx.config.yaml');
  await writeFile(configFile, world.yamlFor({ hq: `${urls.hq}/pbxapi`, smartpbx: `${urls.smartpbx}/v2`, gent: `${urls.gent}/api` }));
  return {
    configFile,
    urls,
    env: {
      BENCH_ISSABEL_PASSWORD: ISSABEL_PASSWORD,
      BENCH_KAZOO_PASSWORD: KAZOO_PASSWORD,
      BENCH_VC_PASSWORD: VOIPCENTER_CREDENTIALS.password,
      BENCH_VC_KEY: VOIPCENTER_CREDENTIALS.key,
    },
    report: () =>
      new Promise<ServeReport>((resolve) => {
        child.once('message', (m) => resolve(m as ServeReport));
        child.send('report');
      }),
    async close() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.disconnect();
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
