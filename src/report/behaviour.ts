// The "Call routing changes" section of a plan: per provider, each DID whose routing the plan
// changes, with when before → after (src/engine/route-diff.ts), in text, Markdown and HTML.
import type { ProviderPlan } from '../engine/plan.ts';
import { whenOf, type RouteChange, type RouteDiffLine } from '../engine/route-diff.ts';
import { HORIZON_DAYS } from '../engine/route-schedule.ts';
import { escapeHtml, mdCode, mdEscape } from './escape.ts';

const TITLE = 'Call routing changes';
const UNCHANGED = 'unchanged (the usual lines above do not hold that day)';

/** `Europe/Brussels, the usual week and the days to 2027-12-21 that differ` */
const scope = (b: RouteChange[]) => `${b[0].timezone}; the usual week, then the dated days of the ${HORIZON_DAYS} days from ${b[0].from} that depart from it`;
const what = (l: RouteDiffLine) => (l.before === undefined ? UNCHANGED : `${l.before} → ${l.after}`);

export function behaviourText(p: ProviderPlan): string[] {
  if (!p.behaviour?.length) return [];
  return [
    `  ${TITLE} (${scope(p.behaviour)}):`,
    ...p.behaviour.flatMap((c) => [`    ${c.number}`, ...c.lines.map((l) => `      ${whenOf(l)}: ${what(l)}`)]),
  ];
}

/** the section with its first `limit` DIDs */
export function behaviourMarkdown(p: ProviderPlan, limit: number): string {
  const changes = p.behaviour ?? [];
  const rows = changes.slice(0, limit).flatMap((c) =>
    c.lines.map((l, i) => {
      const after = l.before === undefined ? `*${mdEscape(UNCHANGED)}*` : mdEscape(l.after ?? '');
      return `| ${i ? '' : mdCode(c.number)} | ${mdEscape(whenOf(l))} | ${l.before === undefined ? '' : mdEscape(l.before)} | ${after} |`;
    }),
  );
  return [
    `#### ${TITLE}: ${mdEscape(p.name)} (${mdEscape(p.title)})`,
    '',
    `<sub>${mdEscape(scope(changes))}</sub>`,
    '',
    '| DID | When | Before | After |',
    '| --- | --- | --- | --- |',
    ...rows,
    ...(limit < changes.length ? ['', `*${changes.length - limit} more DID(s) not shown.*`] : []),
  ].join('\n');
}

export function behaviourHtml(p: ProviderPlan): string {
  if (!p.behaviour?.length) return '';
  const rows = p.behaviour.flatMap((c) =>
    c.lines.map((l, i) => {
      const change = l.before === undefined ? `<span class="dim">${escapeHtml(UNCHANGED)}</span>` : `<del>${escapeHtml(l.before)}</del> → <ins>${escapeHtml(l.after ?? '')}</ins>`;
      return `<tr><td>${i ? '' : `<code>${escapeHtml(c.number)}</code>`}</td><td>${escapeHtml(whenOf(l))}</td><td>${change}</td></tr>`;
    }),
  );
  return `<section class="provider behaviour"><h2>${TITLE}: ${escapeHtml(p.name)} <span class="dim">${escapeHtml(p.title)}</span></h2><p class="dim">${escapeHtml(scope(p.behaviour))}</p><table class="changes"><thead><tr><th>DID</th><th>When</th><th>Before → after</th></tr></thead><tbody>${rows.join('')}</tbody></table></section>`;
}
