// Progress of an apply: listr2 on a terminal, one plain line per change elsewhere (CI).
// listr2 loads only on a terminal, when the apply starts: off one it is start-up time for nothing.
import type { ApplyHooks, LedgerEntry } from '../engine/apply.ts';
import type { ProviderPlan } from '../engine/plan.ts';
import type { Output } from './output.ts';
import { nounOf } from './context.ts';

const MARK: Record<LedgerEntry['outcome'], string> = { applied: '✓', failed: '✗', skipped: '-', 'not started': '·' };

const describe = (e: Pick<LedgerEntry, 'action' | 'kind' | 'key'>, type: string) => `${e.action} ${nounOf(type, e.kind)} ${e.key}`;

export interface Progress {
  hooks: ApplyHooks;
  /** runs the apply while the progress is shown */
  around<T>(work: () => Promise<T>): Promise<T>;
}

export function progress(plans: ProviderPlan[], o: Output, tty: boolean): Progress {
  const typeOf = new Map(plans.map((p) => [p.name, p.type]));
  const where = (e: LedgerEntry) => (e.location ? `${e.location.file}:${e.location.line}:${e.location.col}: ` : '');
  const line = (e: LedgerEntry) =>
    `${MARK[e.outcome]} ${e.provider}: ${describe(e, typeOf.get(e.provider)!)}${e.reason ? ` (${where(e)}${e.reason})` : ''}`;
  if (!tty) return batchedLines(o, line);

  // listr2 draws one task per provider; the engine's events move them along
  const finished = new Map(plans.map((p) => [p.name, deferred()]));
  const tasks = new Map<string, { output: string; title: string }>();
  const counts = new Map(plans.map((p) => [p.name, 0]));
  const ended: LedgerEntry[] = [];
  const hooks: ApplyHooks = {
    ended: (e) => {
      const plan = plans.find((p) => p.name === e.provider)!;
      const count = counts.get(e.provider)! + 1;
      counts.set(e.provider, count);
      ended.push(e);
      const task = tasks.get(e.provider);
      if (task) {
        task.output = o.redact(line(e));
        task.title = `${plan.name} (${plan.title}): ${count}/${plan.changes.length}`;
      }
      if (count === plan.changes.length) finished.get(e.provider)!.resolve();
    },
  };
  return {
    hooks,
    async around(work) {
      const { Listr } = await import('listr2');
      const list = new Listr(
        plans.map((p) => ({
          title: `${p.name} (${p.title}): ${p.changes.length} change(s)`,
          task: (_: unknown, task: { output: string; title: string }) => {
            tasks.set(p.name, task);
            return finished.get(p.name)!.promise;
          },
        })),
        { concurrent: true, exitOnError: false },
      );
      const shown = list.run();
      try {
        return await work();
      } finally {
        for (const f of finished.values()) f.resolve();
        await shown;
        // listr2 folds a finished task to its title: every change's line is printed after it
        for (const e of ended) o.out(line(e));
      }
    },
  };
}

/**
 * One line per change, written at most every BATCH_MS: a write to a pipe is a system call
 * that wakes its reader, which per change took a measurable share of the time between writes.
 * Whatever is held is written when the apply ends, also when a second Ctrl-C exits at once.
 */
function batchedLines(o: Output, line: (e: LedgerEntry) => string): Progress {
  let held: string[] = [];
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    if (held.length) o.out(held.join('\n'));
    held = [];
  };
  return {
    hooks: {
      ended: (e) => {
        held.push(line(e));
        timer ??= setTimeout(flush, BATCH_MS).unref();
      },
    },
    async around(work) {
      process.once('exit', flush);
      try {
        return await work();
      } finally {
        process.off('exit', flush);
        flush();
      }
    },
  };
}

const BATCH_MS = 100;

function deferred() {
  let resolve = () => {};
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}
