// Prints or writes a plan or drift report in the format asked for (--format, --output).
import { existsSync } from 'node:fs';
import { appendFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Plan } from '../engine/run.ts';
import { githubReport, render, type Format, type Mode, type RenderContext } from '../report/index.ts';
import { UserError, type ReportOptions } from './command.ts';
import { nounOf } from './context.ts';
import { registry } from '../providers/index.ts';
import type { Output } from './output.ts';

export async function emitReport(plan: Plan, mode: Mode, opts: ReportOptions, o: Output): Promise<void> {
  const format: Format = opts.json ? 'json' : opts.format;
  const ctx: RenderContext = { mode, noun: nounOf, color: o.color && !opts.output, generatedAt: new Date(), sandbox: opts.sandbox, provider: (type) => registry[type] };
  if (format === 'github' && !opts.output) {
    // annotations on the log, the report in the job summary when the runner offers one
    const { commands, summary } = githubReport(plan, ctx);
    if (commands) o.out(commands);
    if (process.env.GITHUB_STEP_SUMMARY) await appendFile(process.env.GITHUB_STEP_SUMMARY, o.redact(summary));
    else o.out(summary);
    return;
  }
  const text = render(plan, format, ctx);
  if (opts.output) await writeUserFile(opts.output, o.redact(text));
  else process.stdout.write(o.redact(text));
}

/** a file the user named (--output, --out): a missing folder or a refusal is a message, not a stack */
export async function writeUserFile(file: string, text: string): Promise<void> {
  await writeFile(file, text).catch((err: NodeJS.ErrnoException) => {
    throw new UserError(`cannot write ${file}: ${err.code === 'ENOENT' ? 'its folder does not exist' : err.message}`);
  });
}

/** a file a command will write only at its end (apply --ledger): its folder is checked before anything is read or written */
export function checkFolderOf(file: string, flag: string): void {
  if (!existsSync(dirname(file))) throw new UserError(`${flag} ${file}: its folder does not exist; nothing was read or changed`);
}
