// What plan, apply and validate share: options, loading the configuration (errors
// printed as file:line:col), the state directory, the sandbox, and one planning run.
import { dirname, join, resolve, relative } from 'node:path';
import { formatIssue, loadConfig, type Needs } from '../config/load.ts';
import type { Config } from '../engine/model.ts';
import { makeRedactor } from '../engine/redact.ts';
import { connect, readAndPlan } from '../engine/run.ts';
import { readUnfinished } from '../engine/batch-state.ts';
import { compileSelection, isEmpty } from '../engine/target.ts';
import { githubAnnotations } from '../report/index.ts';
import { registry } from '../providers/index.ts';
import { startSandbox, type Sandbox } from '../sandbox/start.ts';
import { whileReading } from './interrupt.ts';
import { Interrupted, UserError, type CommonOptions } from './command.ts';
import type { Output } from './output.ts';

/** the configuration, or undefined after printing every error in it */
export async function loadOrReport(opts: CommonOptions, o: Output, needs: Needs = 'all'): Promise<Config | undefined> {
  const file = relative(process.cwd(), resolve(opts.config)) || opts.config;
  const result = await loadConfig(file, {
    env: process.env,
    registry,
    sandbox: opts.sandbox,
    allowInlineSecrets: opts.allowInlineSecrets,
    only: opts.provider,
    needs,
  });
  o.redact = makeRedactor(result.secretValues);
  for (const w of result.warnings) o.err(o.style('yellow', `warning: ${formatIssue(w)}`));
  // in GitHub Actions each error becomes an annotation on its line of the file
  if ((opts as { format?: string }).format === 'github') o.out(githubAnnotations(result.errors));
  else for (const e of result.errors) o.err(o.style('red', formatIssue(e)));
  if (result.errors.length || !result.config) {
    o.err(`${result.errors.length} error(s) in ${file}; nothing was sent to any PBX.`);
    if (!opts.sandbox && result.errors.some((e) => e.unsetVariable))
      o.err('To try the file without its secrets, against the built-in sandbox, add --sandbox.');
    return undefined;
  }
  return selectProviders(result.config, opts.provider);
}

function selectProviders(config: Config, names?: string[]): Config {
  if (!names?.length) return config;
  const known = config.providers.map((p) => p.name);
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length) throw new UserError(`unknown provider ${unknown.map((n) => `'${n}'`).join(', ')}; ${config.file} has: ${known.join(', ')}`);
  return { ...config, providers: config.providers.filter((p) => names.includes(p.name)) };
}

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

/** one planning run; Ctrl-C while it reads aborts the reads and throws Interrupted */
export async function planFor(config: Config, opts: CommonOptions, o: Output) {
  const selection = { target: opts.target ?? [], exclude: opts.exclude ?? [] };
  const select = isEmpty(selection) ? undefined : compileSelection(selection, config.providers.map((p) => p.name));
  const unfinished = await readUnfinished(stateDirOf(opts, config.file));
  const sandbox: Sandbox | undefined = opts.sandbox ? await startSandbox(config) : undefined;
  if (sandbox) {
    const where = config.providers.map((p) => `${p.name} at ${String(sandbox.overrides.get(p.name)?.url ?? '?')}`);
    const serve = sandbox.served ? ` (${sandbox.served.providers.join(', ')} served by \`pbxctl sandbox serve\`, pid ${sandbox.served.pid})` : '';
    o.err(o.style('dim', `sandbox: ${where.join(', ')}${serve}`));
  }
  try {
    const { result: run, interrupted } = await whileReading(o, (signal) =>
      readAndPlan(config, {
        registry,
        select,
        overrides: sandbox?.overrides,
        debug: opts.debug ? (line) => o.err(o.style('dim', line)) : undefined,
        signal,
        unfinished,
      }),
    );
    if (interrupted) throw new Interrupted('interrupted while reading the PBXs; nothing was changed on any PBX');
    return { ...run, sandbox };
  } catch (err) {
    await sandbox?.close();
    throw err;
  }
}

export const nounOf = (type: string, kind: string): string => registry[type]?.capabilities.kinds[kind]?.noun ?? kind;

/** One provider's session, for commands that talk to a single provider (calls, call, doctor). */
export async function sessionFor(config: Config, name: string, opts: CommonOptions, o: Output) {
  const pc = config.providers.find((p) => p.name === name);
  if (!pc) throw new UserError(`unknown provider '${name}'; ${config.file} has: ${config.providers.map((p) => p.name).join(', ')}`);
  const sandbox = opts.sandbox ? await startSandbox({ ...config, providers: [pc] }) : undefined;
  const module = registry[pc.type];
  const session = connect(
    module,
    { ...pc.settings, ...sandbox?.overrides.get(name) },
    { name, debug: opts.debug ? (line) => o.err(o.style('dim', line)) : undefined },
  );
  return { pc, module, session, close: async () => sandbox?.close() };
}
