// The four emulators started in-process as stand-ins for real servers, and a YAML
// head whose connection settings come from environment variables pointing at them,
// so the CLI runs without --sandbox as it would against production.
import type { Emulator } from '../../src/sandbox/emulator.ts';
import { createEmulator } from '../../src/sandbox/registry.ts';
import { listen, type Listening } from '../../src/sandbox/server.ts';

export const TYPES = { hq: 'issabel', smartpbx: 'kazoo', gent: 'voipcenter', billing: 'tel4vn' } as const;
export type Name = keyof typeof TYPES;

const SETTINGS: Record<Name, string[]> = {
  hq: ['url', 'username', 'password'],
  smartpbx: ['url', 'account_id', 'username', 'password', 'account_name'],
  gent: ['url', 'api_id', 'customer', 'password', 'key'],
  billing: ['url', 'username', 'password'],
};

export const LOGIN = /\/(authenticate|user_auth|api_auth|auth)(\/|$)/;

const envName = (provider: string, setting: string) => `${provider}_${setting}`.toUpperCase();

/** the provider blocks: every setting is ${PROVIDER_SETTING} */
export function providersYaml(names: Name[] = Object.keys(TYPES) as Name[]): string {
  return names
    .map((n) => [`  ${n}:`, `    type: ${TYPES[n]}`, ...SETTINGS[n].map((s) => `    ${s}: \${${envName(n, s)}}`)].join('\n'))
    .join('\n');
}

export interface LiveServers {
  servers: Map<Name, Listening>;
  emulator(name: Name): Emulator;
  /** the environment that points every provider at its server */
  env: Record<string, string>;
  /** requests that changed (or tried to change) something on any server; logging in is not one */
  writes(): number;
  close(): Promise<void>;
}

export async function liveServers(names: Name[] = Object.keys(TYPES) as Name[]): Promise<LiveServers> {
  const servers = new Map<Name, Listening>();
  const env: Record<string, string> = {};
  for (const n of names) {
    const server = await listen(await createEmulator(TYPES[n], { seed: 'default' }));
    servers.set(n, server);
    const settings = server.emulator.settings(server.url);
    for (const s of SETTINGS[n]) env[envName(n, s)] = String(settings[s]);
  }
  return {
    servers,
    env,
    emulator: (n) => servers.get(n)!.emulator,
    writes: () => [...servers.values()].reduce((sum, s) => sum + s.emulator.log.filter((e) => e.write && !LOGIN.test(e.path)).length, 0),
    close: async () => {
      await Promise.all([...servers.values()].map((s) => s.close()));
    },
  };
}
