// The "information" of a plan: values the PBX sets at run time on declared objects
// (KindSpec.observed: a hot-desk login, a time condition's override), shown by every
// format but never as a change or a failure.
import type { ProviderPlan } from '../engine/plan.ts';
import { escapeHtml, mdCode, mdEscape } from './escape.ts';
import { formatValue } from './values.ts';
import type { RenderContext } from './summary.ts';

type Observation = NonNullable<ProviderPlan['information']>[number];

export const INFORMATION_NOTE = 'set on the PBX at run time; compared only when the YAML declares it';

/** a value the read could not make out is null */
export const observedValue = (value: unknown) => (value === null ? 'not readable' : formatValue(value));

/** `time condition Open?: override_state "false_sticky"` */
export const informationLine = (p: ProviderPlan, i: Observation, ctx: RenderContext) =>
  `${ctx.noun(p.type, i.kind)} ${i.key}: ${i.path} ${observedValue(i.value)}`;

export function informationText(p: ProviderPlan, ctx: RenderContext): string[] {
  if (!p.information?.length) return [];
  return [`  information (${INFORMATION_NOTE}):`, ...p.information.map((i) => `    i ${informationLine(p, i, ctx)}`)];
}

/** how many values every provider reports */
export const informationCount = (plans: ProviderPlan[]) => plans.reduce((n, p) => n + (p.information?.length ?? 0), 0);

/** one folded section for every provider, with its first `limit` values */
export function informationMarkdown(plans: ProviderPlan[], ctx: RenderContext, limit: number): string {
  const total = informationCount(plans);
  const rows = plans
    .flatMap((p) => (p.information ?? []).map((i) => ({ p, i })))
    .slice(0, limit)
    .map(({ p, i }) => `| ${mdEscape(p.name)} | ${mdEscape(ctx.noun(p.type, i.kind))} ${mdCode(i.key)} | ${mdCode(i.path)} | ${i.value === null ? '*not readable*' : mdCode(observedValue(i.value))} |`);
  return [
    `<details><summary>Information: ${total} value(s) ${escapeHtml(INFORMATION_NOTE)}</summary>`,
    '',
    '| Provider | Object | Field | Value |',
    '| --- | --- | --- | --- |',
    ...rows,
    ...(limit < total ? ['', `*${total - limit} more not shown.*`] : []),
    '',
    '</details>',
  ].join('\n');
}

export function informationHtml(p: ProviderPlan, ctx: RenderContext): string {
  if (!p.information?.length) return '';
  const items = p.information.map((i) => {
    const value = i.value === null ? '<em>not readable</em>' : `<code>${escapeHtml(observedValue(i.value))}</code>`;
    return `<li>${escapeHtml(ctx.noun(p.type, i.kind))} <code>${escapeHtml(i.key)}</code>: <code class="path">${escapeHtml(i.path)}</code> ${value}</li>`;
  });
  return `<details class="information" open><summary>${p.information.length} information: ${escapeHtml(INFORMATION_NOTE)}</summary><ul>${items.join('')}</ul></details>`;
}
