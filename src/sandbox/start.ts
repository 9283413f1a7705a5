// `--sandbox`: one in-process emulator per provider of the configuration, on loopback,
// with its state in .pbxctl/sandbox/<provider>.json beside the configuration file and
// every request it answered appended to <provider>.requests.jsonl as it is answered. Faults and emulator
// options per provider come from tests and from `sandbox serve --faults FILE`.
import { readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Config } from '../engine/model.ts';
import type { EmulatorOptions } from './emulator.ts';
import { emulatorFaultOptions, genericFaults, type ProviderFaults } from './faults.ts';
import { sandboxOf } from './registry.ts';
import { listen, type Listening } from './server.ts';

export interface Sandbox {
  /** provider name → the settings that point it at its emulator */
  overrides: Map<string, Record<string, unknown>>;
  /** the emulators this process runs (not those of a running `sandbox serve`) */
  servers: Map<string, Listening>;
  /** providers answered by a running `sandbox serve`, and its process id */
  served: { pid: number; providers: string[] } | undefined;
  close(): Promise<void>;
}

/** What a running `pbxctl sandbox serve` publishes, so `--sandbox` runs use its emulators. */
interface Serving {
  pid: number;
  providers: Record<string, Record<string, unknown>>;
}

const servingFile = (stateDir: string) => join(stateDir, 'serving.json');

export async function announceServing(stateDir: string, sandbox: Sandbox): Promise<() => Promise<void>> {
  const serving: Serving = { pid: process.pid, providers: Object.fromEntries(sandbox.overrides) };
  await mkdir(stateDir, { recursive: true });
  await writeFile(servingFile(stateDir), JSON.stringify(serving));
  return () => rm(servingFile(stateDir), { force: true });
}

export function runningServe(stateDir: string): Serving | undefined {
  try {
    const serving = JSON.parse(readFileSync(servingFile(stateDir), 'utf8')) as Serving;
    process.kill(serving.pid, 0); // throws when that process is gone
    return serving.pid === process.pid ? undefined : serving;
  } catch {
    return undefined;
  }
}

export const stateDirFor = (configFile: string) => join(dirname(configFile), '.pbxctl', 'sandbox');

export interface SandboxOptions {
  stateDir?: string;
  /** provider name → port; random when absent */
  ports?: Map<string, number>;
  /** provider name → faults (none by default) */
  faults?: Map<string, ProviderFaults>;
  /** provider name → emulator options (seed, clock, ...; the type-specific ones too) */
  emulators?: Map<string, EmulatorOptions & Record<string, unknown>>;
}

export async function startSandbox(config: Config, opts: SandboxOptions = {}): Promise<Sandbox> {
  const stateDir = opts.stateDir ?? stateDirFor(config.file);
  const servers = new Map<string, Listening>();
  const overrides = new Map<string, Record<string, unknown>>();
  // while `sandbox serve` runs, its emulators hold the state: talk to them, not to a copy
  const serving = opts.ports || opts.faults || opts.emulators ? undefined : runningServe(stateDir);
  const served = config.providers.filter((pc) => serving?.providers[pc.name]).map((pc) => pc.name);
  for (const name of served) overrides.set(name, serving!.providers[name]);
  try {
    for (const pc of config.providers) {
      if (served.includes(pc.name)) continue;
      const sandbox = await sandboxOf(pc.type, pc.name);
      const faults = opts.faults?.get(pc.name) ?? {};
      const files = { statePath: join(stateDir, `${pc.name}.json`), requestLogPath: join(stateDir, `${pc.name}.requests.jsonl`) };
      const emulator = sandbox.create({ ...files, ...opts.emulators?.get(pc.name), ...emulatorFaultOptions(faults, sandbox.faults) });
      const server = await listen(emulator, opts.ports?.get(pc.name));
      Object.assign(server.faults, genericFaults(faults));
      servers.set(pc.name, server);
      overrides.set(pc.name, server.emulator.settings(server.url));
    }
  } catch (err) {
    await Promise.all([...servers.values()].map((s) => s.close()));
    throw err;
  }
  return {
    overrides,
    servers,
    served: served.length ? { pid: serving!.pid, providers: served } : undefined,
    close: async () => {
      await Promise.all([...servers.values()].map((s) => s.close()));
    },
  };
}
