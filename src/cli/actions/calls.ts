// pbxctl calls: the call history of one provider between two days, with totals per source.
import type { CallRecord, CallsProgress } from '../../engine/provider.ts';
import { renderCalls, type CallsFormat } from '../../report/calls.ts';
import { sessionFor } from '../context.ts';
import { readingOnly } from '../interrupt.ts';
import { loadOrReport } from '../load.ts';
import { UserError, type CommonOptions } from '../command.ts';
import type { Output } from '../output.ts';

interface CallsOptions extends CommonOptions {
  from: string;
  to: string;
  source?: string;
  format: CallsFormat;
}

const DAY_MS = 86_400_000;

/** a YYYY-MM-DD that is a real date, as midnight UTC */
function day(value: string, option: string): Date {
  const d = new Date(`${value}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(d.getTime()) || !d.toISOString().startsWith(value))
    throw new UserError(`${option} ${value} is not a date: write YYYY-MM-DD, e.g. 2026-01-31`);
  return d;
}

/** --from and --to as [from, to + 1 day): both days are included */
export function dayRange(from: string, to: string): { from: Date; to: Date } {
  const start = day(from, '--from');
  const end = day(to, '--to');
  if (start > end) throw new UserError(`--from ${from} is after --to ${to}; swap them`);
  return { from: start, to: new Date(end.getTime() + DAY_MS) };
}

/** the one provider a single-provider command talks to */
export function oneProvider(opts: CommonOptions): string {
  if (opts.provider?.length !== 1) throw new UserError('name exactly one provider with --provider NAME');
  return opts.provider[0];
}

/** a one-line bar on stderr, redrawn in place; only on a terminal and without --debug. It shows counts, never data. */
function progressBar(enabled: boolean) {
  if (!enabled) return { update: undefined, done: () => undefined };
  let drawn = false;
  return {
    update(p: CallsProgress) {
      const width = 20;
      const filled = Math.round((p.windowsDone / Math.max(p.windows, 1)) * width);
      process.stderr.write(`\r\x1b[K[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] window ${p.windowsDone}/${p.windows}, ${p.pages} page(s) read`);
      drawn = true;
    },
    done: () => drawn && process.stderr.write('\r\x1b[K'),
  };
}

export async function run(opts: CallsOptions, o: Output): Promise<number> {
  // checked before anything is loaded or sent
  const range = dayRange(opts.from, opts.to);
  const name = oneProvider(opts);
  const config = await loadOrReport(opts, o, 'connection');
  if (!config) return 1;
  const bar = progressBar(Boolean(process.stderr.isTTY) && !opts.debug);
  const records = await readingOnly(o, 'interrupted while reading the call history; nothing was changed on any PBX', async (signal) => {
    const { module, session, close } = await sessionFor(config, name, opts, o, signal);
    try {
      if (!session.calls) throw new UserError(`${name} (${module.title}) keeps no call history pbxctl can read`);
      const read: CallRecord[] = [];
      for await (const r of session.calls(range, { source: opts.source, progress: bar.update })) read.push(r);
      return read;
    } finally {
      bar.done();
      await close();
    }
  });
  renderCalls(records, opts.format, o);
  return 0;
}
