// The plan or drift as a pull-request / issue comment (GitHub-flavoured Markdown): a title
// with the status and totals, alerts for read errors and safety blocks, a summary table,
// then the details folded per provider. Stays under GitHub's comment limit.
import type { Change } from '../engine/model.ts';
import type { ProviderPlan } from '../engine/plan.ts';
import type { Plan } from '../engine/run.ts';
import { formatLocation } from './text.ts';
import { formatField } from './values.ts';
import { mermaidSection } from './mermaid.ts';
import { escapeHtml, mdCode, mdEscape } from './escape.ts';
import { behaviourMarkdown } from './behaviour.ts';
import { informationCount, informationMarkdown } from './information.ts';
import {
  ACTION_ORDER, allowFlag, headline, kindGroups, kindStatus, SANDBOX_NOTE, tallyText, totals, unfinishedNotice, unmanagedGroups, wordsFor,
  type RenderContext,
} from './summary.ts';

/** GitHub refuses comments longer than this many characters */
export const GITHUB_COMMENT_LIMIT = 65536;

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function renderMarkdown(plan: Plan, ctx: RenderContext, limit = GITHUB_COMMENT_LIMIT): string {
  const sandbox = ctx.sandbox ? [`> [!NOTE]`, `> **sandbox**: ${mdEscape(SANDBOX_NOTE)}`, ''] : [];
  const head = [`## ${headline(plan, ctx.mode)}`, '', ...sandbox, ...alerts(plan, ctx), ...summaryTable(plan, ctx)].join('\n');
  const foot = `<sub>pbxctl ${ctx.mode}${ctx.sandbox ? ' --sandbox' : ''} for ${mdCode(plan.configFile)} · generated ${ctx.generatedAt.toISOString()}</sub>`;
  const sections = [
    ...plan.providers.filter((p) => p.changes.length).map((p) => foldable(p.changes.length, (n) => providerDetails(p, ctx, n))),
    ...plan.providers.filter((p) => p.behaviour?.length).map((p) => foldable(p.behaviour!.length, (n) => behaviourMarkdown(p, n))),
    ...plan.providers.flatMap((p) => mermaidSection(p, ctx) ?? []).map((text) => foldable(0, () => text)),
    ...(plan.providers.some((p) => p.unmanaged.length) ? [foldable(totals(plan).unmanaged, (n) => unmanagedDetails(plan, ctx, n))] : []),
    ...(informationCount(plan.providers) ? [foldable(informationCount(plan.providers), (n) => informationMarkdown(plan.providers, ctx, n))] : []),
  ];

  // Details go in whole while they fit, then cut at an object; the title, alerts and
  // summary table always stay.
  const notice = (hidden: number) =>
    `> [!NOTE]\n> Details of ${hidden} more object(s) left out to stay under GitHub's comment limit; the full report is in the HTML or JSON output.`;
  let budget = limit - head.length - foot.length - notice(Number.MAX_SAFE_INTEGER).length - 16;
  const body: string[] = [];
  let hidden = 0;
  for (const s of sections) {
    const shown = budget > 0 ? s.fit(budget) : undefined;
    hidden += s.total - (shown?.count ?? 0);
    if (!shown) continue;
    body.push(shown.text);
    budget -= shown.text.length + 2;
  }
  return [head, ...body, ...(hidden ? [notice(hidden)] : []), foot].join('\n\n') + '\n';
}

/** a section that can be shown with only its first n objects */
function foldable(total: number, render: (n: number) => string) {
  return {
    total,
    /** the section with as many objects as fit in budget characters; undefined when not even one does */
    fit(budget: number): { text: string; count: number } | undefined {
      const whole = render(total);
      if (whole.length <= budget) return { text: whole, count: total };
      let lo = 0;
      let hi = total;
      while (lo < hi) {
        const mid = Math.ceil((lo + hi) / 2);
        if (render(mid).length <= budget) lo = mid;
        else hi = mid - 1;
      }
      return lo ? { text: render(lo), count: lo } : undefined;
    },
  };
}

function alerts(plan: Plan, ctx: RenderContext): string[] {
  const alert = (type: 'CAUTION' | 'WARNING', lines: string[]) => [`> [!${type}]`, ...lines.map((l) => `> ${l}`), ''];
  const out: string[] = [];
  for (const p of plan.providers) {
    const who = `**${mdEscape(p.name)}** (${mdEscape(p.title)})`;
    if (p.error) out.push(...alert('CAUTION', [`${who} could not be read, so it was not checked: ${mdEscape(p.error)}`]));
    if (p.unfinished) out.push(...alert('WARNING', [mdEscape(unfinishedNotice(p))]));
    for (const b of p.blocked)
      out.push(
        ...alert('CAUTION', [`${who} is blocked by a safety limit: ${mdEscape(b.message)}.`, `After checking, lift it with ${mdCode(`pbxctl apply ${allowFlag(p, b)}`)}.`]),
      );
    for (const w of p.warnings) out.push(...alert('WARNING', [`${who}: ${mdEscape(w)}`]));
  }
  if (plan.issues.length)
    out.push(
      ...alert('CAUTION', [
        ctx.mode === 'plan' ? 'The plan cannot be applied:' : 'Configuration problems:',
        ...plan.issues.map((i) => `- ${i.loc ? `${mdCode(formatLocation(i.loc))}: ` : ''}${mdEscape(i.message)}`),
      ]),
    );
  return out;
}

function summaryTable(plan: Plan, ctx: RenderContext): string[] {
  const words = wordsFor(ctx.mode);
  const rows = [
    `| Provider | Kind | ${ACTION_ORDER.map((a) => capital(words.actions[a].tally)).join(' | ')} | Unmanaged | Status |`,
    '| --- | --- | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const p of plan.providers) {
    const who = `${mdEscape(p.name)} (${mdEscape(p.title)})`;
    if (p.error || !p.kinds.length) {
      rows.push(`| ${who} | | | | | | ${p.error ? '**not read**' : 'nothing to reconcile'} |`);
      continue;
    }
    for (const k of p.kinds) {
      const status = kindStatus(p, k, ctx.mode).map((s) => (s.tone === 'bad' ? `**${s.text}**` : s.text));
      const counts = ACTION_ORDER.map((a) => (k[a] ? String(k[a]) : '·'));
      rows.push(`| ${who} | ${mdEscape(k.kind)} | ${counts.join(' | ')} | ${k.unmanaged || '·'} | ${status.join(', ')} |`);
    }
  }
  if (ctx.mode === 'drift')
    rows.push('', ACTION_ORDER.map((a) => `*${capital(words.actions[a].tag)}*: ${words.actions[a].meaning}.`).join(' '));
  return rows;
}

function providerDetails(p: ProviderPlan, ctx: RenderContext, limit: number): string {
  const words = wordsFor(ctx.mode);
  const lines = [
    `<details><summary><b>${escapeHtml(p.name)}</b> (${escapeHtml(p.title)}): ${tallyText(countActions(p.changes), ctx.mode)}</summary>`,
  ];
  let left = limit;
  for (const g of kindGroups(p)) {
    if (left <= 0) break;
    const shown = g.changes.slice(0, left);
    left -= shown.length;
    lines.push(
      '',
      `#### ${mdEscape(g.kind)}`,
      '',
      `| | ${mdEscape(capital(ctx.noun(p.type, g.kind)))} | Field | ${words.before} | ${words.after} |`,
      '| --- | --- | --- | --- | --- |',
      ...shown.flatMap((c) => changeRows(c, ctx)),
    );
  }
  if (limit < p.changes.length) lines.push('', `*${p.changes.length - limit} more not shown.*`);
  lines.push('', '</details>');
  return lines.join('\n');
}

function changeRows(c: Change, ctx: RenderContext): string[] {
  const tag = wordsFor(ctx.mode).actions[c.action].tag;
  const first = `| **${tag}** | ${mdCode(c.key)}${c.loc ? ` <sub>${mdEscape(formatLocation(c.loc))}</sub>` : ''} |`;
  if (c.action === 'delete' || !c.fields.length) return [`${first} | | |`];
  return c.fields.map((f, i) => {
    const { before, after } = formatField(f, c.action);
    const cell = (v: string | undefined) => (v === undefined ? '' : f.sensitive ? `*${mdEscape(v)}*` : mdCode(v));
    return `${i ? '| | |' : first} ${mdCode(f.path)} | ${cell(before)} | ${cell(after)} |`;
  });
}

function unmanagedDetails(plan: Plan, ctx: RenderContext, limit: number): string {
  const total = totals(plan).unmanaged;
  const lines = [`<details><summary>Unmanaged: ${total} object(s), ${escapeHtml(wordsFor(ctx.mode).unmanaged)}</summary>`, ''];
  let left = limit;
  for (const p of plan.providers)
    for (const g of unmanagedGroups(p)) {
      if (left <= 0) break;
      const shown = g.items.slice(0, left);
      left -= shown.length;
      const list = shown.map((u) => (u.label ? `${mdCode(u.key)} (${mdEscape(u.label)})` : mdCode(u.key)));
      lines.push(`- **${mdEscape(p.name)}** ${mdEscape(g.kind)}: ${list.join(', ')}`);
    }
  if (limit < total) lines.push('', `*${total - limit} more not shown.*`);
  lines.push('', '</details>');
  return lines.join('\n');
}

const countActions = (changes: Change[]) => {
  const counts = { create: 0, update: 0, delete: 0 };
  for (const c of changes) counts[c.action]++;
  return counts;
};
