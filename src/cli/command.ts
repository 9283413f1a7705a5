// What every command's definition needs, and nothing heavier: the shared options, the
// error types, and the action wrapper that loads a command's code only when it runs, so
// `pbxctl --version` or `validate` never load the providers, the HTTP stack or the emulators.
import { Option, type Command } from 'commander';
import { FORMATS, type Format } from '../report/formats.ts';
import { Output, wantsColor } from './output.ts';

export interface CommonOptions {
  config: string;
  provider?: string[];
  sandbox?: boolean;
  color: boolean;
  debug?: boolean;
  allowInlineSecrets?: boolean;
  stateDir?: string;
  /** --target and --exclude (plan, apply, drift) */
  target?: string[];
  exclude?: string[];
}

export interface ReportOptions {
  format: Format;
  output?: string;
  json?: boolean;
  sandbox?: boolean;
}

export const collect = (value: string, previous: string[] = []) => [...previous, value];
/** repeatable, and each value a comma list: --provider hq,gent */
const collectList = (value: string, previous: string[] = []) => [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)];

export function withCommonOptions(cmd: Command, opts: { sandbox?: boolean } = { sandbox: true }): Command {
  cmd
    .option('-c, --config <file>', 'configuration file', './pbx.config.yaml')
    .option('--provider <name>', 'only this provider (repeatable, or a comma list: hq,gent)', collectList)
    .option('--no-color', 'plain output without colours (also NO_COLOR)')
    .option('--allow-inline-secrets', 'accept secrets written in the file instead of ${VAR}')
    .option('--debug', 'log every HTTP request (secrets redacted)')
    .option('--state-dir <dir>', 'where apply keeps its lock and the batches it left unfinished (also PBXCTL_STATE_DIR; default: .pbxctl beside the configuration; with --sandbox its sandbox/ folder)');
  if (opts.sandbox) cmd.option('--sandbox', 'run against the built-in sandbox emulators instead of the real PBXs');
  return cmd;
}

/** --target and --exclude, for the commands that plan (plan, apply, drift) */
export const withTargetOptions = (cmd: Command): Command =>
  cmd
    .option('--target <KIND/KEY>', 'plan only the objects matching KIND/KEY or PROVIDER/KIND/KEY (globs, e.g. extensions/10*; repeatable)', collect)
    .option('--exclude <KIND/KEY>', 'leave out the objects matching KIND/KEY or PROVIDER/KIND/KEY (globs; repeatable)', collect);

export function withReportOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--format <format>', 'report format').choices(FORMATS).default('text'))
    .option('--json', 'the same as --format json')
    .option('-o, --output <file>', 'write the report to a file instead of standard output');
}

/** A failure the user can act on: printed as a message, never a stack trace. */
export class UserError extends Error {}

/** Ctrl-C (or SIGTERM) stopped the run: exit code 130, as a shell gives a process it interrupted. */
export class Interrupted extends UserError {}

export function outputFor(opts: CommonOptions): Output {
  return new Output(wantsColor(opts.color));
}

/** a command's work: its result is the exit code. The command's arguments come after the output. */
export type Run<O> = (opts: O, o: Output, args: string[], cmd: Command) => Promise<number>;

/**
 * Wraps a command: its result is the exit code; any error becomes a message and exit 1
 * (a stack trace only with --debug).
 */
export function exitWith<O extends CommonOptions>(run: Run<O>) {
  return async (...all: unknown[]) => {
    const cmd = all[all.length - 1] as Command;
    const opts = cmd.opts<O>();
    const o = outputFor(opts);
    try {
      process.exitCode = await run(opts, o, cmd.args, cmd);
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      o.err(o.style('red', `error: ${e.message}`));
      if (opts.debug && !(e instanceof UserError)) o.err(e.stack ?? '');
      process.exitCode = e instanceof Interrupted ? 130 : 1;
    }
  };
}

/** the action of a command whose code (src/cli/actions/<name>.ts) is imported when it runs */
export const lazyAction = <O extends CommonOptions>(load: () => Promise<{ run: Run<O> }>) => exitWith<O>(async (...args) => (await load()).run(...args));
