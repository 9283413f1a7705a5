// The plan or drift as one self-contained HTML page (inline CSS, no scripts, no external
// assets) for a CI artifact: status and counts on top, read errors and safety blocks in
// banners, then a table per provider with each changed field highlighted.
import type { Change } from '../engine/model.ts';
import type { ProviderPlan } from '../engine/plan.ts';
import type { Plan } from '../engine/run.ts';
import { formatLocation } from './text.ts';
import { formatField } from './values.ts';
import { HTML_STYLE } from './html-style.ts';
import { escapeHtml } from './escape.ts';
import { svgSection } from './svg.ts';
import { behaviourHtml } from './behaviour.ts';
import { informationHtml } from './information.ts';
import {
  ACTION_ORDER, allowFlag, kindGroups, kindStatus, SANDBOX_NOTE, totalsText, statusWord, totals, unfinishedNotice, unmanagedGroups, wordsFor,
  type RenderContext, type Totals,
} from './summary.ts';


/** the page's tone: bad (errors, blocks), drift/changes, or all clear */
function tone(t: Totals, mode: RenderContext['mode']) {
  if (t.failed || t.issues || (mode === 'plan' && t.blocked)) return 'bad';
  return t.create + t.update + t.delete || t.unfinished ? 'changes' : 'clear';
}

export function renderHtml(plan: Plan, ctx: RenderContext): string {
  const t = totals(plan);
  const status = statusWord(t, ctx.mode);
  const details = totalsText(t, ctx.mode);
  const when = ctx.generatedAt.toISOString();
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`pbxctl ${ctx.mode}${ctx.sandbox ? ' (sandbox)' : ''}: ${status} (${plan.configFile})`)}</title>
<style>${HTML_STYLE}</style>
</head>
<body>
<main>
<header class="${tone(t, ctx.mode)}">
<h1>${escapeHtml(status)}${ctx.sandbox ? ' <span class="pill warn">sandbox</span>' : ''}</h1>
${details ? `<p class="lead">${escapeHtml(details)}</p>` : ''}
${ctx.sandbox ? `<p class="lead">${escapeHtml(SANDBOX_NOTE)}</p>` : ''}
<p class="meta">pbxctl ${ctx.mode} for <code>${escapeHtml(plan.configFile)}</code> · generated <time datetime="${when}">${when.replace('T', ' ').slice(0, 19)} UTC</time></p>
</header>
${cards(t, ctx)}
${banners(plan, ctx)}
${summaryTable(plan, ctx)}
${plan.providers.map((p) => providerSection(p, ctx)).join('\n')}
${plan.providers.map(behaviourHtml).join('\n')}
${legend(ctx)}
</main>
</body>
</html>
`;
}

function cards(t: Totals, ctx: RenderContext): string {
  const words = wordsFor(ctx.mode).actions;
  const card = (n: number, label: string, cls: string) => `<div class="card ${n ? cls : 'zero'}"><b>${n}</b><span>${escapeHtml(label)}</span></div>`;
  return `<section class="cards">${[
    ...ACTION_ORDER.map((a) => card(t[a], words[a].tally, a)),
    card(t.unmanaged, 'unmanaged', 'unmanaged'),
    ...(t.failed ? [card(t.failed, 'provider(s) not read', 'bad')] : []),
    ...(t.blocked ? [card(t.blocked, 'kind(s) blocked', 'bad')] : []),
    ...(t.unfinished ? [card(t.unfinished, 'unfinished apply', 'bad')] : []),
  ].join('')}</section>`;
}

function banners(plan: Plan, ctx: RenderContext): string {
  const out: string[] = [];
  const banner = (cls: string, title: string, body: string) =>
    out.push(`<div class="banner ${cls}"><strong>${escapeHtml(title)}</strong> ${body}</div>`);
  for (const p of plan.providers) {
    const who = `${p.name} (${p.title})`;
    if (p.error) banner('bad', `${who} could not be read.`, `${escapeHtml(p.error)}. Nothing on it was checked.`);
    if (p.unfinished) banner('warn', 'Unfinished apply:', escapeHtml(unfinishedNotice(p)));
    for (const b of p.blocked)
      banner('bad', `${who} is blocked by a safety limit.`, `${escapeHtml(b.message)}. After checking, lift it with <code>pbxctl apply ${escapeHtml(allowFlag(p, b))}</code>.`);
    for (const w of p.warnings) banner('warn', `${who}:`, escapeHtml(w));
  }
  if (plan.issues.length)
    banner(
      'bad',
      ctx.mode === 'plan' ? 'The plan cannot be applied:' : 'Configuration problems:',
      `<ul>${plan.issues.map((i) => `<li>${i.loc ? `<code>${escapeHtml(formatLocation(i.loc))}</code> ` : ''}${escapeHtml(i.message)}</li>`).join('')}</ul>`,
    );
  return out.join('\n');
}

function summaryTable(plan: Plan, ctx: RenderContext): string {
  const words = wordsFor(ctx.mode).actions;
  const rows = plan.providers.flatMap((p) => {
    const who = `<td>${escapeHtml(p.name)} <span class="dim">${escapeHtml(p.title)}</span></td>`;
    if (p.error) return [`<tr>${who}<td colspan="5"></td><td><span class="pill bad">not read</span></td></tr>`];
    if (!p.kinds.length) return [`<tr>${who}<td colspan="5"></td><td class="dim">nothing to reconcile</td></tr>`];
    return p.kinds.map((k) => {
      const counts = ACTION_ORDER.map((a) => `<td class="num${k[a] ? ` ${a}` : ''}">${k[a] || '·'}</td>`).join('');
      const status = kindStatus(p, k, ctx.mode).map((s) => `<span class="pill ${s.tone}">${escapeHtml(s.text)}</span>`).join(' ');
      return `<tr>${who}<td>${escapeHtml(k.kind)}</td>${counts}<td class="num">${k.unmanaged || '·'}</td><td>${status}</td></tr>`;
    });
  });
  const head = ACTION_ORDER.map((a) => `<th class="num">${escapeHtml(words[a].tally)}</th>`).join('');
  return `<section><h2>Summary</h2><table class="summary"><thead><tr><th>Provider</th><th>Kind</th>${head}<th class="num">unmanaged</th><th>Status</th></tr></thead><tbody>${rows.join('')}</tbody></table></section>`;
}

function providerSection(p: ProviderPlan, ctx: RenderContext): string {
  if (!p.changes.length && !p.unmanaged.length && !p.information?.length) return '';
  const words = wordsFor(ctx.mode);
  const rows = kindGroups(p).flatMap((g) => g.changes.map((c) => changeRow(c, ctx.noun(p.type, c.kind), ctx)));
  const table = rows.length
    ? `<table class="changes"><thead><tr><th>Kind</th><th>Key</th><th>What</th><th>Fields (${escapeHtml(words.before.toLowerCase())} → ${escapeHtml(words.after.toLowerCase())})</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
    : '';
  const unmanaged = p.unmanaged.length
    ? `<details class="unmanaged"${p.unmanaged.length <= 20 ? ' open' : ''}><summary>${p.unmanaged.length} unmanaged: ${escapeHtml(words.unmanaged)}</summary><ul>${unmanagedGroups(p)
        .map((g) => `<li><b>${escapeHtml(g.kind)}</b>: ${g.items.map((u) => `<code>${escapeHtml(u.key)}</code>${u.label ? ` <span class="dim">${escapeHtml(u.label)}</span>` : ''}`).join(', ')}</li>`)
        .join('')}</ul></details>`
    : '';
  return `<section class="provider"><h2>${escapeHtml(p.name)} <span class="dim">${escapeHtml(p.title)}</span></h2>${table}${svgSection(p, ctx)}${unmanaged}${informationHtml(p, ctx)}</section>`;
}

function changeRow(c: Change, noun: string, ctx: RenderContext): string {
  const tag = wordsFor(ctx.mode).actions[c.action].tag;
  const fields =
    c.action === 'delete'
      ? ''
      : c.fields
          .map((f) => {
            const { before, after } = formatField(f, c.action);
            const value = f.sensitive
              ? `<span class="secret">${escapeHtml(after)}</span>`
              : `${before !== undefined ? `<del>${escapeHtml(before)}</del> → ` : ''}<ins>${escapeHtml(after)}</ins>`;
            return `<div class="field"><code class="path">${escapeHtml(f.path)}</code> ${value}</div>`;
          })
          .join('');
  return `<tr class="${c.action}"><td>${escapeHtml(noun)}</td><td><code>${escapeHtml(c.key)}</code>${c.loc ? ` <span class="dim loc">${escapeHtml(formatLocation(c.loc))}</span>` : ''}</td><td><span class="pill ${c.action}">${escapeHtml(tag)}</span></td><td>${fields}</td></tr>`;
}

function legend(ctx: RenderContext): string {
  const words = wordsFor(ctx.mode).actions;
  return `<footer><dl>${ACTION_ORDER.map((a) => `<dt><span class="pill ${a}">${escapeHtml(words[a].tag)}</span></dt><dd>${escapeHtml(words[a].meaning)}</dd>`).join('')}</dl><p class="dim">Secret fields are never shown, only whether they change.</p></footer>`;
}
