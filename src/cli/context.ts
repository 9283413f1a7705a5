// What the commands that talk to PBXs share: the state directory, the sandbox, one planning
// run, one provider's session.
import { dirname, join } from 'node:path';
import type { Config } from '../engine/model.ts';
import { connect, readAndPlan } from '../engine/run.ts';
import { readUnfinished } from '../engine/batch-state.ts';
import { compileSelection, isEmpty } from '../engine/target.ts';
import { registry } from '../providers/index.ts';
import type { Sandbox } from '../sandbox/start.ts';
import { readingOnly } from './interrupt.ts';
import { UserError, type CommonOptions } from './command.ts';
import type { Output } from './output.ts';

/**
 * --state-dir, else PBXCTL_STATE_DIR, else .pbxctl beside the configuration; its sandbox/
 * folder with --sandbox, so what is recorded about the sandbox is never said of the real PBXs
 */
export function stateDirOf(opts: CommonOptions, configFile: string): string {
  const fromEnv = process.env.PBXCTL_STATE_DIR;
  if (fromEnv === '' && !opts.stateDir) throw new UserError('PBXCTL_STATE_DIR is set but empty: name a folder, or unset it');
  const dir = opts.stateDir ?? fromEnv ?? join(dirname(configFile), '.pbxctl');
  return opts.sandbox ? join(dir, 'sandbox') : dir;
}

/** with --sandbox, the emulators of these providers (their code loads only then) */
export const sandboxFor = async (config: Config, opts: CommonOptions): Promise<Sandbox | undefined> =>
  opts.sandbox ? (await import('../sandbox/start.ts')).startSandbox(config) : undefined;

/** one planning run; Ctrl-C while it reads aborts the reads and throws Interrupted */
export async function planFor(config: Config, opts: CommonOptions, o: Output) {
  const selection = { target: opts.target ?? [], exclude: opts.exclude ?? [] };
  const select = isEmpty(selection) ? undefined : compileSelection(selection, config.providers.map((p) => p.name));
  const unfinished = await readUnfinished(stateDirOf(opts, config.file));
  const sandbox = await sandboxFor(config, opts);
  if (sandbox) {
    const where = config.providers.map((p) => `${p.name} at ${String(sandbox.overrides.get(p.name)?.url ?? '?')}`);
    const serve = sandbox.served ? ` (${sandbox.served.providers.join(', ')} served by \`pbxctl sandbox serve\`, pid ${sandbox.served.pid})` : '';
    o.err(o.style('dim', `sandbox: ${where.join(', ')}${serve}`));
  }
  try {
    const run = await readingOnly(o, 'interrupted while reading the PBXs; nothing was changed on any PBX', (signal) =>
      readAndPlan(config, {
        registry,
        select,
        overrides: sandbox?.overrides,
        debug: opts.debug ? (line) => o.err(o.style('dim', line)) : undefined,
        signal,
        unfinished,
      }),
    );
    return { ...run, sandbox };
  } catch (err) {
    await sandbox?.close();
    throw err;
  }
}

export const nounOf = (type: string, kind: string): string => registry[type]?.capabilities.kinds[kind]?.noun ?? kind;

/** One provider's session, for commands that talk to a single provider (calls, call, doctor, import); `signal` aborts its requests */
export async function sessionFor(config: Config, name: string, opts: CommonOptions, o: Output, signal: AbortSignal) {
  const pc = config.providers.find((p) => p.name === name);
  if (!pc) throw new UserError(`unknown provider '${name}'; ${config.file} has: ${config.providers.map((p) => p.name).join(', ')}`);
  const sandbox = await sandboxFor({ ...config, providers: [pc] }, opts);
  const module = registry[pc.type];
  const session = connect(
    module,
    { ...pc.settings, ...sandbox?.overrides.get(name) },
    { name, debug: opts.debug ? (line) => o.err(o.style('dim', line)) : undefined, signal },
  );
  return { pc, module, session, close: async () => sandbox?.close() };
}
