// Progress of an apply: listr2 on a terminal, one plain line per change elsewhere (CI).
import { Listr } from 'listr2';
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
  const line = (e: LedgerEntry) =>
    `${MARK[e.outcome]} ${e.provider}: ${describe(e, typeOf.get(e.provider)!)}${e.reason ? ` (${e.reason})` : ''}`;
  if (!tty) return { hooks: { ended: (e) => o.out(line(e)) }, around: (work) => work() };

  // listr2 draws one task per provider; the engine's events move them along
  const listeners = new Map<string, (e: LedgerEntry) => void>();
  const done = new Map<string, () => void>();
  const counts = new Map(plans.map((p) => [p.name, 0]));
  const hooks: ApplyHooks = {
    ended: (e) => {
      counts.set(e.provider, counts.get(e.provider)! + 1);
      listeners.get(e.provider)?.(e);
      const plan = plans.find((p) => p.name === e.provider)!;
      if (counts.get(e.provider) === plan.changes.length) done.get(e.provider)?.();
    },
  };
  const failures: LedgerEntry[] = [];
  const tasks = new Listr(
    plans.map((p) => ({
      title: `${p.name} (${p.title}): ${p.changes.length} change(s)`,
      task: (_: unknown, task: { output: string; title: string }) =>
        new Promise<void>((resolve) => {
          done.set(p.name, resolve);
          listeners.set(p.name, (e) => {
            if (e.outcome !== 'applied') failures.push(e);
            task.output = o.redact(line(e));
            task.title = `${p.name} (${p.title}): ${counts.get(p.name)}/${p.changes.length}`;
          });
        }),
    })),
    { concurrent: true, exitOnError: false, rendererOptions: { collapseSubtasks: false } },
  );
  return {
    hooks,
    async around(work) {
      const shown = tasks.run();
      try {
        return await work();
      } finally {
        for (const resolve of done.values()) resolve();
        await shown;
        for (const e of failures) o.out(line(e));
      }
    },
  };
}
