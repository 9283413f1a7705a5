// Carries out planned changes: every provider at once, each with its own write
// concurrency; a change starts once all it depends on succeeded, and is skipped when
// one of them failed. finish() runs once per provider, also after failures.
import pLimit from 'p-limit';
import type { Action, Change, SourceLocation } from './model.ts';
import type { ProviderPlan } from './plan.ts';
import { ProviderError, type ProviderModule, type Session } from './provider.ts';

export type Outcome = 'applied' | 'failed' | 'skipped' | 'not started';

export interface LedgerEntry {
  id: string;
  provider: string;
  kind: string;
  key: string;
  action: Action;
  outcome: Outcome;
  /** why it failed or was skipped */
  reason?: string;
  /** where in the YAML the failure points: the field the provider named, else the object */
  location?: SourceLocation;
}

export interface Ledger {
  entries: LedgerEntry[];
  /** per provider: what finish() reported, or why it failed */
  notes: Record<string, string[]>;
  /** per provider: why its batch could not be finished */
  finishErrors: Record<string, string>;
  interrupted: boolean;
}

export interface ApplyHooks {
  started?(change: Change): void;
  ended?(entry: LedgerEntry): void;
}

export interface Connected {
  module: ProviderModule;
  session: Session;
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** true when every change was applied and every batch finished */
export const succeeded = (ledger: Ledger) =>
  ledger.entries.every((e) => e.outcome === 'applied') && Object.keys(ledger.finishErrors).length === 0;

export interface ApplyOptions {
  signal?: AbortSignal;
  hooks?: ApplyHooks;
  /** providers whose batch an earlier run left unfinished: finished now even without changes */
  unfinished?: Set<string>;
}

export async function applyPlans(plans: ProviderPlan[], connected: Map<string, Connected>, opts: ApplyOptions = {}): Promise<Ledger> {
  const ledger: Ledger = { entries: [], notes: {}, finishErrors: {}, interrupted: false };
  await Promise.all(
    plans
      .filter((p) => !p.error && (p.changes.length || opts.unfinished?.has(p.name)))
      .map((p) => applyProvider(p, connected.get(p.name)!, ledger, opts)),
  );
  ledger.interrupted = Boolean(opts.signal?.aborted);
  return ledger;
}

async function applyProvider(
  plan: ProviderPlan,
  { module, session }: Connected,
  ledger: Ledger,
  opts: ApplyOptions,
) {
  const limit = pLimit(module.capabilities.writeConcurrency);
  const byId = new Map(plan.changes.map((c) => [c.id, c]));
  const entries = new Map<string, LedgerEntry>();
  const deferred = new Map<string, LedgerEntry>();
  const running = new Map<string, Promise<LedgerEntry>>();
  /** changes not yet started or skipped: the one that starts when none is left is the batch's last */
  let open = plan.changes.length;

  const record = (change: Change, outcome: Outcome, reason?: string, err?: unknown): LedgerEntry => {
    const field = err instanceof ProviderError ? err.field : undefined;
    const location = outcome === 'failed' ? ((field && change.fieldLocs?.[field]) || change.loc) : undefined;
    const entry: LedgerEntry = {
      id: change.id, provider: change.provider, kind: change.kind, key: change.key, action: change.action, outcome,
      ...(reason ? { reason } : {}),
      ...(location ? { location } : {}),
    };
    entries.set(change.id, entry);
    opts.hooks?.ended?.(entry);
    return entry;
  };

  const run = (change: Change): Promise<LedgerEntry> => {
    let promise = running.get(change.id);
    if (promise) return promise;
    promise = (async () => {
      const deps = await Promise.all(change.dependsOn.map((id) => byId.get(id)).filter((c) => c !== undefined).map(run));
      const blocker = deps.find((d) => d.outcome !== 'applied');
      if (blocker) {
        open--;
        return record(change, 'skipped', `depends on ${blocker.id}, which ${blocker.outcome === 'failed' ? 'failed' : 'was not applied'}`);
      }
      return limit(async () => {
        // counted down before the write slot is freed, so the next change to start sees it
        open--;
        if (opts.signal?.aborted) return record(change, 'not started', 'interrupted');
        opts.hooks?.started?.(change);
        try {
          const result = await session.apply(change, { last: open === 0 });
          if (result === 'deferred') {
            const entry: LedgerEntry = { id: change.id, provider: change.provider, kind: change.kind, key: change.key, action: change.action, outcome: 'applied' };
            deferred.set(change.id, entry);
            entries.set(change.id, entry);
            return entry;
          }
          return record(change, 'applied');
        } catch (err) {
          return record(change, 'failed', message(err), err);
        }
      });
    })();
    running.set(change.id, promise);
    return promise;
  };

  try {
    await Promise.all(plan.changes.map(run));
  } finally {
    try {
      const report = await session.finish({ unfinished: opts.unfinished?.has(plan.name) });
      for (const { id, error } of report.deferred) {
        const change = byId.get(id);
        if (change) record(change, error ? 'failed' : 'applied', error ? message(error) : undefined, error);
      }
      ledger.notes[plan.name] = report.notes;
      if (report.error) ledger.finishErrors[plan.name] = report.error;
    } catch (err) {
      ledger.notes[plan.name] = [];
      ledger.finishErrors[plan.name] = message(err);
      for (const entry of deferred.values())
        if (entries.get(entry.id) === entry) record(byId.get(entry.id)!, 'failed', message(err));
    }
    ledger.entries.push(...plan.changes.map((c) => entries.get(c.id)!).filter(Boolean));
  }
}
