// What every report format agrees on: how plan and drift name each action, the totals,
// the one-word status, and the order objects are listed in (destructive first).
import type { Action, Change } from '../engine/model.ts';
import type { ProviderPlan } from '../engine/plan.ts';
import type { ProviderModule } from '../engine/provider.ts';
import type { Plan } from '../engine/run.ts';

export type Mode = 'plan' | 'drift';

export interface RenderContext {
  mode: Mode;
  /** the singular noun of a kind for a provider type, e.g. ('issabel', 'extensions') → 'extension' */
  noun(type: string, kind: string): string;
  color: boolean;
  generatedAt: Date;
  /** planned against the built-in sandbox emulators, not the real PBXs */
  sandbox?: boolean;
  /** the provider module of a type, for the routing graphs (none: no graphs) */
  provider?(type: string): ProviderModule | undefined;
}

/** what the reports say of a run against the sandbox */
export const SANDBOX_NOTE = "Sandbox run: read from pbxctl's built-in emulators, not from the real PBXs.";

/** destructive first */
export const ACTION_ORDER = ['delete', 'update', 'create'] as const satisfies readonly Action[];

interface ActionWords {
  /** after a count: "3 to delete", "3 extra" */
  tally: string;
  /** in front of one object: "delete extension 101", "extra extension 101" */
  tag: string;
  /** what it means, for legends and JUnit messages */
  meaning: string;
}

/** what a routing graph's marks say */
export interface GraphWords {
  /** after a marked node's label: "(changed)" */
  marks: Record<Action, string>;
  /** on an edge only the live side takes */
  removed: string;
  /** what the graph's title says is marked */
  marked: string;
}

export interface Words {
  title: string;
  actions: Record<Action, ActionWords>;
  /** column headings for a field's before and after */
  before: string;
  after: string;
  unmanaged: string;
  graph: GraphWords;
}

const WORDS: Record<Mode, Words> = {
  plan: {
    title: 'Plan',
    actions: {
      delete: { tally: 'to delete', tag: 'delete', meaning: 'apply deletes it from the PBX' },
      update: { tally: 'to update', tag: 'update', meaning: 'apply changes it on the PBX' },
      create: { tally: 'to create', tag: 'create', meaning: 'apply creates it on the PBX' },
    },
    before: 'Before',
    after: 'After',
    unmanaged: 'on the PBX, not in the YAML; left alone, and prune: true deletes them where the API can',
    graph: { marks: { create: 'new', update: 'changed', delete: 'deleted' }, removed: 'removed', marked: 'new, changed and deleted objects marked' },
  },
  drift: {
    title: 'Drift',
    actions: {
      delete: { tally: 'extra', tag: 'extra', meaning: 'on the PBX but not in the YAML, and prune is on for its kind' },
      update: { tally: 'changed', tag: 'changed', meaning: 'changed on the PBX outside git' },
      create: { tally: 'missing', tag: 'missing', meaning: 'declared in the YAML, missing on the PBX' },
    },
    before: 'Live',
    after: 'Expected',
    unmanaged: 'on the PBX, not in the YAML; not drift because prune is off',
    graph: {
      marks: { create: 'missing on the PBX', update: 'changed on the PBX', delete: 'only on the PBX' },
      removed: 'only on the PBX',
      marked: 'objects missing, changed or only on the PBX marked',
    },
  },
};

export const wordsFor = (mode: Mode): Words => WORDS[mode];

export interface Totals {
  create: number;
  update: number;
  delete: number;
  unmanaged: number;
  /** providers that could not be read */
  failed: number;
  /** kinds beyond a safety limit */
  blocked: number;
  issues: number;
  /** providers an earlier apply left with writes not yet activated */
  unfinished: number;
}

export function totals(plan: Plan): Totals {
  const t: Totals = { create: 0, update: 0, delete: 0, unmanaged: 0, failed: 0, blocked: 0, issues: plan.issues.length, unfinished: 0 };
  for (const p of plan.providers) {
    for (const c of p.changes) t[c.action]++;
    t.unmanaged += p.unmanaged.length;
    t.blocked += p.blocked.length;
    if (p.error) t.failed++;
    if (p.unfinished) t.unfinished++;
  }
  return t;
}

export const changeCount = (t: Totals) => t.create + t.update + t.delete;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * One status word for a title: an error beats everything (its silence would read as "all
 * clear"); in a plan a safety block comes next, since apply will refuse.
 */
export function statusWord(t: Totals, mode: Mode): string {
  if (t.failed || t.issues) return 'Error';
  if (mode === 'drift') return changeCount(t) ? 'Drift found' : t.unfinished ? UNFINISHED_STATUS : 'No drift';
  if (t.blocked) return 'Blocked';
  return changeCount(t) ? plural(changeCount(t), 'change') : t.unfinished ? UNFINISHED_STATUS : 'No changes';
}

const UNFINISHED_STATUS = 'Unfinished apply';

/** what every format says of a provider an earlier apply left with writes not yet activated */
export const unfinishedNotice = (p: ProviderPlan) =>
  `${p.name}: an earlier apply was stopped before its changes were activated; run \`pbxctl apply\` to finish`;

/** "2 to delete, 1 to update" (destructive first; zero counts left out) */
export function tallyText(counts: Record<Action, number>, mode: Mode): string {
  return ACTION_ORDER.filter((a) => counts[a])
    .map((a) => `${counts[a]} ${WORDS[mode].actions[a].tally}`)
    .join(', ');
}

/** everything worth knowing besides the changes: "1 provider not read, 2 unmanaged" */
function extrasText(t: Totals): string {
  return [
    t.failed ? `${plural(t.failed, 'provider')} not read` : '',
    t.blocked ? `${plural(t.blocked, 'kind')} blocked by a safety limit` : '',
    t.issues ? `${plural(t.issues, 'configuration problem')}` : '',
    t.unfinished ? `${plural(t.unfinished, 'provider')} with an unfinished apply` : '',
    t.unmanaged ? `${t.unmanaged} unmanaged` : '',
  ]
    .filter(Boolean)
    .join(', ');
}

/** "1 extra, 2 changed; 1 provider not read, 3 unmanaged" */
export const totalsText = (t: Totals, mode: Mode) => [tallyText(t, mode), extrasText(t)].filter(Boolean).join('; ');

/** "Drift found: 1 extra, 2 changed; 3 unmanaged" */
export function headline(plan: Plan, mode: Mode): string {
  const t = totals(plan);
  const details = totalsText(t, mode);
  return details ? `${statusWord(t, mode)}: ${details}` : statusWord(t, mode);
}

export interface KindGroup {
  kind: string;
  changes: Change[];
}

/**
 * A provider's changes per kind: kinds with deletes come first, and inside a kind the
 * deletes, then updates, then creates (each in plan order).
 */
export function kindGroups(p: ProviderPlan): KindGroup[] {
  const kinds = [...new Set([...p.kinds.map((k) => k.kind), ...p.changes.map((c) => c.kind)])];
  const rank = (c: Change) => ACTION_ORDER.indexOf(c.action);
  return kinds
    .map((kind) => ({ kind, changes: p.changes.filter((c) => c.kind === kind).sort((a, b) => rank(a) - rank(b)) }))
    .filter((g) => g.changes.length)
    .sort((a, b) => Number(b.changes[0].action === 'delete') - Number(a.changes[0].action === 'delete'));
}

/** unmanaged objects per kind, in the order the kinds were planned */
export function unmanagedGroups(p: ProviderPlan): { kind: string; items: ProviderPlan['unmanaged'] }[] {
  return [...new Set(p.unmanaged.map((u) => u.kind))].map((kind) => ({ kind, items: p.unmanaged.filter((u) => u.kind === kind) }));
}

/** how to lift a block with apply */
export const allowFlag = (p: ProviderPlan, b: ProviderPlan['blocked'][number]) => `--allow ${p.name}/${b.kind}=${b.count}`;

/** a kind that reads back empty while the YAML declares several: likely a wrong account, not real deletes */
export const suspiciouslyEmpty = (k: ProviderPlan['kinds'][number]) => k.live === 0 && k.declared > 5;

/** the Status cell of a kind's summary row: bad (blocked), warn (suspicious, or changes/drift) or ok */
export function kindStatus(p: ProviderPlan, k: ProviderPlan['kinds'][number], mode: Mode): { text: string; tone: 'bad' | 'warn' | 'ok' }[] {
  const changed = ACTION_ORDER.some((a) => k[a]);
  const blocked = p.blocked.some((b) => b.kind === k.kind);
  return [
    ...(blocked ? [{ text: 'blocked', tone: 'bad' as const }] : []),
    ...(suspiciouslyEmpty(k) ? [{ text: `reads back empty (${k.declared} declared)`, tone: 'warn' as const }] : []),
    ...(blocked ? [] : [changed
      ? { text: mode === 'plan' ? 'changes' : 'drift', tone: 'warn' as const }
      : { text: mode === 'plan' ? 'no changes' : 'no drift', tone: 'ok' as const }]),
  ];
}
