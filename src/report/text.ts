// The plan (or drift) as people read it in a terminal: a summary per provider and kind
// first, destructive changes first, then the details with each changed field.
import { styleText } from 'node:util';
import type { Change, Issue } from '../engine/model.ts';
import type { ProviderPlan } from '../engine/plan.ts';
import type { Plan } from '../engine/run.ts';
import { formatField } from './values.ts';
import { informationText } from './information.ts';
import { behaviourText } from './behaviour.ts';
import {
  ACTION_ORDER, allowFlag, changeCount, suspiciouslyEmpty, tallyText, totals, unfinishedNotice, wordsFor, type RenderContext, type Totals,
} from './summary.ts';

const SIGN = { delete: '-', update: '~', create: '+' } as const;
// drift's "missing" is something gone from the PBX, not good news: never green
const COLOR = {
  plan: { delete: 'red', update: 'yellow', create: 'green' },
  drift: { delete: 'red', update: 'yellow', create: 'magenta' },
} as const;

type Style = (format: Parameters<typeof styleText>[0], text: string) => string;

export function formatLocation(loc: Issue['loc']) {
  return loc ? `${loc.file}:${loc.line}:${loc.col}` : '';
}

export function renderText(plan: Plan, ctx: RenderContext): string {
  // whether to colour is the caller's decision (ctx.color), not the stream's
  const style: Style = (format, text) => (ctx.color ? styleText(format, text, { validateStream: false }) : text);
  const words = wordsFor(ctx.mode);
  const lines: string[] = [style('bold', `${words.title} for ${plan.configFile}`), ''];
  for (const p of plan.providers) lines.push(...summary(p, ctx, style));

  for (const p of plan.providers) {
    if (!p.changes.length && !p.unmanaged.length && !p.information?.length) continue;
    lines.push('', style('bold', `${p.name} (${p.title})`));
    for (const action of ACTION_ORDER)
      for (const c of p.changes.filter((c) => c.action === action)) lines.push(...change(c, ctx.noun(p.type, c.kind), ctx, style));
    if (p.unmanaged.length) {
      lines.push(style('dim', `  unmanaged (${words.unmanaged}):`));
      for (const kind of new Set(p.unmanaged.map((u) => u.kind))) {
        const list = p.unmanaged.filter((u) => u.kind === kind).map((u) => (u.label ? `${u.key} (${u.label})` : u.key));
        lines.push(style('dim', `    ${kind}: ${list.join(', ')}`));
      }
    }
    lines.push(...informationText(p, ctx).map((l) => style('cyan', l)));
    lines.push(...behaviourText(p));
  }

  if (plan.issues.length) {
    lines.push('', style('red', ctx.mode === 'plan' ? 'The plan cannot be applied:' : 'Configuration problems:'));
    for (const i of plan.issues) lines.push(style('red', `  ${formatLocation(i.loc) ? `${formatLocation(i.loc)}: ` : ''}${i.message}`));
  }
  const unfinished = plan.providers.filter((p) => p.unfinished);
  if (unfinished.length) lines.push('', ...unfinished.map((p) => style('yellow', unfinishedNotice(p))));
  lines.push('', footer(plan, ctx));
  return lines.join('\n');
}

function summary(p: ProviderPlan, ctx: RenderContext, style: Style): string[] {
  const lines = [`${style('bold', p.name)} (${p.title})`];
  for (const w of p.warnings) lines.push(style('yellow', `  ! ${w}`));
  if (p.error) return [...lines, style('red', `  ✗ ${p.error}`)];
  for (const b of p.blocked)
    lines.push(style('red', `  ✋ blocked by a safety limit: ${b.message} (to proceed: apply ${allowFlag(p, b)})`));
  if (!p.kinds.length) lines.push(style('dim', '  nothing to reconcile'));
  const width = Math.max(...p.kinds.map((k) => k.kind.length));
  const words = wordsFor(ctx.mode).actions;
  for (const k of p.kinds) {
    const parts = [
      ...ACTION_ORDER.filter((a) => k[a]).map((a) => style(COLOR[ctx.mode][a], `${k[a]} ${words[a].tally}`)),
      k.unmanaged ? style('dim', `${k.unmanaged} unmanaged`) : '',
    ].filter(Boolean);
    const note = suspiciouslyEmpty(k) ? style('yellow', ` (reads back empty while the YAML declares ${k.declared})`) : '';
    lines.push(`  ${k.kind.padEnd(width)}  ${parts.length ? parts.join(', ') : ctx.mode === 'plan' ? 'no changes' : 'no drift'}${note}`);
  }
  return lines;
}

function change(c: Change, noun: string, ctx: RenderContext, style: Style): string[] {
  const where = c.loc ? style('dim', `  ${formatLocation(c.loc)}`) : '';
  const what =
    c.renamedFrom === undefined ? `${wordsFor(ctx.mode).actions[c.action].tag} ${noun} ${c.key}` : `${ctx.mode === 'plan' ? 'rename' : 'renamed in the YAML:'} ${noun} ${c.renamedFrom} → ${c.key}`;
  const lines = [style(COLOR[ctx.mode][c.action], `  ${SIGN[c.action]} ${what}`) + where];
  if (c.action === 'delete') return lines;
  const width = Math.max(0, ...c.fields.map((f) => f.path.length));
  for (const f of c.fields) {
    const { before, after } = formatField(f, c.action);
    const value =
      before === undefined ? after : ctx.mode === 'plan' ? `${before} → ${after}` : `live ${before}, expected ${after}`;
    lines.push(`      ${`${f.path}:`.padEnd(width + 1)} ${value}`);
  }
  return lines;
}

function footer(plan: Plan, ctx: RenderContext) {
  const t = totals(plan);
  return [
    head(t, ctx),
    t.failed ? `${t.failed} provider(s) could not be read.` : '',
    t.blocked ? 'Blocked by a safety limit (see above).' : '',
    t.unfinished ? `${t.unfinished} provider(s) have changes written but not yet activated: run \`pbxctl apply\` to finish.` : '',
  ]
    .filter(Boolean)
    .join(' ');
}

function head(t: Totals, ctx: RenderContext) {
  if (changeCount(t))
    return ctx.mode === 'plan' ? `Plan: ${t.create} to create, ${t.update} to update, ${t.delete} to delete.` : `Drift: ${tallyText(t, 'drift')}.`;
  // with writes not yet activated, the PBX does not yet do what it lists
  if (t.unfinished) return ctx.mode === 'plan' ? 'Nothing new to change.' : 'No drift in what the PBXs list.';
  const none = ctx.mode === 'plan' ? 'No changes' : 'No drift';
  // with a provider unread, nothing can be said about it matching
  return t.failed ? `${none} in the providers that could be read.` : `${none}. The PBXs match the configuration.`;
}
