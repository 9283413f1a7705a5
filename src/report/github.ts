// GitHub Actions output: workflow commands (::error / ::warning / ::notice annotations) for
// what must not go unnoticed, and the Markdown report for the job summary.
import type { Change } from '../engine/model.ts';
import type { ProviderPlan } from '../engine/plan.ts';
import type { Plan } from '../engine/run.ts';
import { renderMarkdown } from './markdown.ts';
import { formatField } from './values.ts';
import { INFORMATION_NOTE, informationLine } from './information.ts';
import { allowFlag, changeCount, tallyText, totals, unfinishedNotice, wordsFor, type RenderContext } from './summary.ts';

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
function driftAnnotation(p: ProviderPlan, c: Change, ctx: RenderContext): Annotation {
  const fields = (c.action === 'update' ? c.fields : []).map((f) => {
    const { before, after } = formatField(f, c.action);
    return before === undefined ? `${f.path} ${after}` : `${f.path} live ${before}, expected ${after}`;
  });
  const what = `${wordsFor('drift').actions[c.action].tag} ${ctx.noun(p.type, c.kind)} ${c.key}`;
  return { level: 'warning', props: { file: c.loc?.file, line: c.loc?.line, col: c.loc?.col, title: `pbxctl drift: ${p.name}` }, message: fields.length ? `${what}: ${fields.join('; ')}` : what };
}

interface Annotation {
  level: Level;
  props: Record<string, string | number | undefined>;
  message: string;
}

/** GitHub shows this many annotations of each level per step and drops the rest */
export const ANNOTATIONS_PER_LEVEL = 10;

/**
 * The annotations GitHub will show: per level, the first ones (they come most important
 * first), and when there are more, one last annotation saying how many the summary adds.
 */
function capped(all: Annotation[]): Annotation[] {
  return (['error', 'warning', 'notice'] as const).flatMap((level) => {
    const list = all.filter((a) => a.level === level);
    if (list.length <= ANNOTATIONS_PER_LEVEL) return list;
    const more = list.length - ANNOTATIONS_PER_LEVEL + 1;
    return [
      ...list.slice(0, ANNOTATIONS_PER_LEVEL - 1),
      { level, props: { title: 'pbxctl' }, message: `${more} more ${level}s not annotated (GitHub shows ${ANNOTATIONS_PER_LEVEL} per step); the job summary lists them all` },
    ];
  });
}

/** drifted objects in the order of the YAML; extra ones (not in it) after */
function byYamlOrder(a: Change, b: Change): number {
  if (!a.loc || !b.loc) return Number(!a.loc) - Number(!b.loc);
  return a.loc.file.localeCompare(b.loc.file) || a.loc.line - b.loc.line || a.loc.col - b.loc.col;
}

export interface GithubReport {
  /** workflow commands, for the step's standard output */
  commands: string;
  /** Markdown, for $GITHUB_STEP_SUMMARY */
  summary: string;
}

export function githubReport(plan: Plan, ctx: RenderContext): GithubReport {
  const errors: Annotation[] = [];
  const blocked: Annotation[] = [];
  const warnings: Annotation[] = [];
  const notices: Annotation[] = [];
  for (const p of plan.providers) {
    const title = `pbxctl: ${p.name} (${p.title})`;
    if (p.error) errors.push({ level: 'error', props: { title: `${title} not read` }, message: p.error });
    if (p.unfinished) warnings.push({ level: 'warning', props: { title: `${title} unfinished apply` }, message: unfinishedNotice(p) });
    for (const b of p.blocked)
      blocked.push({ level: 'warning', props: { title: `${title} blocked by a safety limit` }, message: `${b.message}; after checking, lift it with pbxctl apply ${allowFlag(p, b)}` });
    for (const w of p.warnings) warnings.push({ level: 'warning', props: { title }, message: w });
    for (const i of p.information ?? [])
      notices.push({ level: 'notice', props: { file: i.loc?.file, line: i.loc?.line, col: i.loc?.col, title: `pbxctl information: ${p.name}` }, message: `${informationLine(p, i, ctx)} (${INFORMATION_NOTE})` });
  }
  for (const i of plan.issues) errors.push({ level: 'error', props: { file: i.loc?.file, line: i.loc?.line, col: i.loc?.col, title: 'pbxctl' }, message: i.message });
  const t = totals(plan);
  if (ctx.mode === 'drift' && changeCount(t)) {
    warnings.push({ level: 'warning', props: { title: 'pbxctl drift' }, message: `Drift found: ${tallyText(t, 'drift')}` });
    const drifted = plan.providers.flatMap((p) => p.changes.map((c) => ({ p, c })));
    drifted.sort((a, b) => byYamlOrder(a.c, b.c));
    warnings.push(...drifted.map(({ p, c }) => driftAnnotation(p, c, ctx)));
  }
  const lines = capped([...errors, ...blocked, ...warnings, ...notices]).map((a) => command(a.level, a.props, a.message));
  return { commands: lines.join('\n'), summary: renderMarkdown(plan, ctx) };
}
