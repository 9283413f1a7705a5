// Which emulator stands in for which provider type: each provider folder's sandbox/, found
// through the provider registry and loaded only when a sandbox is wanted.
import { registry } from '../providers/index.ts';
import type { Emulator, EmulatorOptions, SandboxModule } from './emulator.ts';

/** the emulator of every provider type that has one */
export async function loadSandboxes(): Promise<Record<string, SandboxModule>> {
  const loaded = await Promise.all(Object.values(registry).map(async (m) => [m.type, await m.sandbox?.()] as const));
  return Object.fromEntries(loaded.filter((entry): entry is [string, SandboxModule] => entry[1] !== undefined));
}

/** the emulator of one provider type; an error naming the provider when it has none */
export async function sandboxOf(type: string, provider = type): Promise<SandboxModule> {
  const sandbox = await registry[type]?.sandbox?.();
  if (!sandbox) throw new Error(`there is no sandbox for provider type '${type}' (${provider})`);
  return sandbox;
}

/** a new emulator of a provider type */
export const createEmulator = async (type: string, opts: EmulatorOptions & Record<string, unknown> = {}): Promise<Emulator> => (await sandboxOf(type)).create(opts);
