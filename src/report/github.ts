// GitHub Actions output: workflow commands (::error / ::warning annotations) for what must
// not go unnoticed, and the Markdown report for the job summary.
import type { Change } from '../engine/model.ts';
import type { ProviderPlan } from '../engine/plan.ts';
import type { Plan } from '../engine/run.ts';
import { renderMarkdown } from './markdown.ts';
import { formatField } from './values.ts';
import { allowFlag, changeCount, kindGroups, tallyText, totals, unfinishedNotice, wordsFor, type RenderContext } from './summary.ts';

type Level = 'error' | 'warning' | 'notice';

// Workflow-command escaping: a message may not break the line; a property value may not
// contain the separators either.
const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

function command(level: Level, props: Record<string, string | number | undefined>, message: string): string {
  const list = Object.entries(props)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${escapeProperty(String(v))}`)
    .join(',');
  return `::${level}${list ? ` ${list}` : ''}::${escapeData(message)}`;
}

/** one ::error annotation per problem, placed at its file, line and column */
export function githubAnnotations(issues: { file: string; line: number; col: number; message: string }[]): string {
  return issues.map((i) => command('error', { file: i.file, line: i.line, col: i.col }, i.message)).join('\n');
}

/** a drifted object at its line of the YAML, with what changed (an extra one, not in the YAML, has no line) */
function driftAnnotation(p: ProviderPlan, c: Change, ctx: RenderContext): string {
  const fields = (c.action === 'update' ? c.fields : []).map((f) => {
    const { before, after } = formatField(f, c.action);
    return before === undefined ? `${f.path} ${after}` : `${f.path} live ${before}, expected ${after}`;
  });
  const what = `${wordsFor('drift').actions[c.action].tag} ${ctx.noun(p.type, c.kind)} ${c.key}`;
  return command('warning', { file: c.loc?.file, line: c.loc?.line, col: c.loc?.col, title: `pbxctl drift: ${p.name}` }, fields.length ? `${what}: ${fields.join('; ')}` : what);
}

export interface GithubReport {
  /** workflow commands, for the step's standard output */
  commands: string;
  /** Markdown, for $GITHUB_STEP_SUMMARY */
  summary: string;
}

export function githubReport(plan: Plan, ctx: RenderContext): GithubReport {
  const lines: string[] = [];
  for (const p of plan.providers) {
    const title = `pbxctl: ${p.name} (${p.title})`;
    if (p.error) lines.push(command('error', { title: `${title} not read` }, p.error));
    if (p.unfinished) lines.push(command('warning', { title: `${title} unfinished apply` }, unfinishedNotice(p)));
    for (const b of p.blocked)
      lines.push(command('warning', { title: `${title} blocked by a safety limit` }, `${b.message}; after checking, lift it with pbxctl apply ${allowFlag(p, b)}`));
    for (const w of p.warnings) lines.push(command('warning', { title }, w));
  }
  for (const i of plan.issues)
    lines.push(command('error', { file: i.loc?.file, line: i.loc?.line, col: i.loc?.col, title: 'pbxctl' }, i.message));
  const t = totals(plan);
  if (ctx.mode === 'drift' && changeCount(t)) {
    lines.push(command('warning', { title: 'pbxctl drift' }, `Drift found: ${tallyText(t, 'drift')}`));
    for (const p of plan.providers) for (const g of kindGroups(p)) for (const c of g.changes) lines.push(driftAnnotation(p, c, ctx));
  }
  return { commands: lines.join('\n'), summary: renderMarkdown(plan, ctx) };
}
