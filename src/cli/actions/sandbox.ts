// pbxctl sandbox serve | reset: the emulators on loopback ports for curl and other
// tools, and back to the seeded state.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from '../../engine/model.ts';
import { FaultsFileError, parseFaultsFile, type ProviderFaults } from '../../sandbox/faults.ts';
import { createEmulator, loadSandboxes } from '../../sandbox/registry.ts';
import { registry } from '../../providers/index.ts';
import { announceServing, runningServe, startSandbox, stateDirFor } from '../../sandbox/start.ts';
import { loadOrReport } from '../load.ts';
import { UserError, type CommonOptions } from '../command.ts';
import type { Output } from '../output.ts';

interface ServeOptions extends CommonOptions {
  port?: string;
  faults?: string;
  kazooDefaults?: string;
}

import { KAZOO_DEFAULT_SETS } from '../commands/sandbox.ts';

/** the faults file of `serve --faults`, checked against the configuration's providers */
async function readFaults(file: string, config: Config): Promise<Map<string, ProviderFaults>> {
  const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new UserError(`cannot read the faults file ${file}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
  });
  try {
    return parseFaultsFile(text, file, new Map(config.providers.map((p) => [p.name, p.type])), await loadSandboxes());
  } catch (err) {
    throw err instanceof FaultsFileError ? new UserError(err.message) : err;
  }
}

/** sandbox serve */
export async function serve(opts: ServeOptions, o: Output): Promise<number> {
  const config = await loadOrReport({ ...opts, sandbox: true }, o);
  if (!config) return 1;
  const base = opts.port ? Number(opts.port) : undefined;
  const ports = base ? new Map(config.providers.map((p, i) => [p.name, base + i])) : undefined;
  const faults = opts.faults ? await readFaults(opts.faults, config) : undefined;
  const set = opts.kazooDefaults;
  if (set !== undefined && !KAZOO_DEFAULT_SETS.includes(set)) throw new UserError(`--kazoo-defaults: ${set} is not one of ${KAZOO_DEFAULT_SETS.join(', ')}`);
  const kazooSets = set ? new Map(config.providers.filter((p) => p.type === 'kazoo').map((p) => [p.name, { defaults: set }])) : undefined;
  const box = await startSandbox(config, { ports, faults, emulators: kazooSets });
  for (const p of config.providers) {
    const server = box.servers.get(p.name)!;
    o.out(o.style('bold', `${p.name} (${p.type})`));
    // the value the provider's url: setting takes, which is not always the API's base
    o.out(`  url: ${String(server.emulator.settings(server.url).url)}   (for url: in the YAML)`);
    for (const line of server.emulator.describe(server.url)) o.out(`  ${line}`);
    const injected = faults?.get(p.name);
    if (injected) o.out(o.style('yellow', `  faults: ${JSON.stringify(injected)}`));
    o.out();
  }
  const withdraw = await announceServing(stateDirFor(config.file), box);
  o.out(`State is kept in ${stateDirFor(config.file)}; --sandbox runs use these servers while they run. Ctrl-C stops the sandbox.`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await withdraw();
  await box.close();
  return 0;
}

/** sandbox reset */
export async function reset(opts: CommonOptions, o: Output): Promise<number> {
  const config = await loadOrReport({ ...opts, sandbox: true }, o);
  if (!config) return 1;
  const dir = stateDirFor(config.file);
  const serving = runningServe(dir);
  if (serving) throw new UserError(`\`pbxctl sandbox serve\` (pid ${serving.pid}) holds this sandbox: stop it first, then reset`);
  for (const p of config.providers) {
    if (!registry[p.type]?.sandbox) continue;
    const emulator = await createEmulator(p.type, { statePath: join(dir, `${p.name}.json`) });
    emulator.reset();
    await emulator.save();
    o.out(`${p.name} (${p.type}): back to the seed`);
  }
  return 0;
}
