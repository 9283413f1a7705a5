// Safety limits per provider and kind. A plan beyond one is still shown in full, but
// marked blocked: apply refuses it unless the user allows that kind explicitly.
import type { KindPolicy } from './model.ts';
import type { KindSummary } from './plan.ts';

/** Below this many live objects a percentage says little; only max_deletes applies. */
export const PERCENT_FLOOR = 10;

export interface Blocked {
  kind: string;
  /** how many deletes or updates the plan has of this kind */
  count: number;
  message: string;
}

export function checkLimits(kinds: KindSummary[], policies: Record<string, KindPolicy>): Blocked[] {
  const out: Blocked[] = [];
  for (const k of kinds) {
    const p = policies[k.kind];
    if (!p) continue;
    const pct = (n: number) => Math.round((n / k.live) * 100);
    const reasons: string[] = [];
    if (k.delete > p.maxDeletes) reasons.push(`${k.delete} deletes, more than max_deletes ${p.maxDeletes}`);
    if (k.live >= PERCENT_FLOOR && pct(k.delete) > p.maxDeletePercent)
      reasons.push(`deletes ${pct(k.delete)}% of ${k.live} live, more than max_delete_percent ${p.maxDeletePercent}%`);
    if (k.live >= PERCENT_FLOOR && pct(k.update) > p.maxUpdatesPercent)
      reasons.push(`updates ${pct(k.update)}% of ${k.live} live, more than max_updates_percent ${p.maxUpdatesPercent}%`);
    if (reasons.length) out.push({ kind: k.kind, count: k.delete + k.update, message: `${k.kind}: ${reasons.join('; ')}` });
  }
  return out;
}

/**
 * `--allow kind=N` or `--allow provider/kind=N`: the user has seen the plan and accepts
 * up to N deletes and updates of that kind.
 */
export function parseAllow(values: string[]): Map<string, number> {
  const allowed = new Map<string, number>();
  for (const v of values) {
    const m = /^([a-z0-9_-]+\/)?([a-z_]+)=(\d+)$/.exec(v);
    if (!m) throw new Error(`--allow takes kind=N or provider/kind=N (e.g. extensions=12), not '${v}'`);
    allowed.set(`${m[1] ?? ''}${m[2]}`, Number(m[3]));
  }
  return allowed;
}

/** the blocks that --allow does not lift */
export function stillBlocked(provider: string, blocked: Blocked[], allowed: Map<string, number>): Blocked[] {
  return blocked.filter((b) => {
    const n = allowed.get(`${provider}/${b.kind}`) ?? allowed.get(b.kind);
    return n === undefined || n < b.count;
  });
}
