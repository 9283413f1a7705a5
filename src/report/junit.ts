// The plan or drift as JUnit XML for CI dashboards: one testsuite per provider, a failing
// testcase per changed (drifted) object, an error when a provider could not be read,
// unmanaged objects as skipped testcases, and a suite for configuration problems.
import { XMLBuilder } from 'fast-xml-parser';
import type { Change } from '../engine/model.ts';
import type { ProviderPlan } from '../engine/plan.ts';
import type { Plan } from '../engine/run.ts';
import { formatLocation } from './text.ts';
import { formatField } from './values.ts';
import { informationLine } from './information.ts';
import { unfinishedNotice, wordsFor, type RenderContext } from './summary.ts';

interface Detail {
  '@_type': string;
  '@_message': string;
  '#text'?: string;
}
/** passes unless it has one outcome */
interface TestCase {
  '@_classname': string;
  '@_name': string;
  failure?: Detail;
  error?: Detail;
  skipped?: { '@_message': string };
}

// XML 1.0 cannot carry most control characters, even escaped
const INVALID_XML = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const clean = (text: string) => text.replace(INVALID_XML, '\uFFFD');
/** attribute values lose their line breaks when read back, so keep them on one line */
const oneLine = (text: string) => clean(text).replace(/\s*[\r\n]+\s*/g, '; ');

export function renderJUnit(plan: Plan, ctx: RenderContext): string {
  const timestamp = ctx.generatedAt.toISOString().slice(0, 19);
  const suites = plan.providers.map((p) => suite(p.name, providerCases(p, ctx), timestamp, providerOut(p, ctx)));
  if (plan.issues.length) {
    const cases = plan.issues.map((i, n): TestCase => ({
      '@_classname': 'configuration',
      '@_name': oneLine(i.loc ? formatLocation(i.loc) : `problem ${n + 1}`),
      failure: { '@_type': 'configuration', '@_message': oneLine(i.message) },
    }));
    suites.push(suite(oneLine(plan.configFile), cases, timestamp, []));
  }
  const sum = (key: 'tests' | 'failures' | 'errors' | 'skipped') => suites.reduce((n, s) => n + s[`@_${key}`], 0);
  const doc = {
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    testsuites: {
      '@_name': `pbxctl ${ctx.mode} ${oneLine(plan.configFile)}`,
      '@_tests': sum('tests'),
      '@_failures': sum('failures'),
      '@_errors': sum('errors'),
      '@_skipped': sum('skipped'),
      '@_timestamp': timestamp,
      testsuite: suites,
    },
  };
  const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', format: true, suppressEmptyNode: true });
  return builder.build(doc);
}

/** what a provider's suite prints besides its cases: warnings, and information (never a failure) */
const providerOut = (p: ProviderPlan, ctx: RenderContext) => [
  ...p.warnings.map((w) => `warning: ${w}`),
  ...(p.information ?? []).map((i) => `information: ${informationLine(p, i, ctx)}`),
];

function suite(name: string, cases: TestCase[], timestamp: string, out: string[]) {
  const count = (key: 'failure' | 'error' | 'skipped') => cases.filter((c) => c[key]).length;
  return {
    '@_name': clean(name),
    '@_tests': cases.length,
    '@_failures': count('failure'),
    '@_errors': count('error'),
    '@_skipped': count('skipped'),
    '@_timestamp': timestamp,
    testcase: cases,
    ...(out.length ? { 'system-out': clean(out.join('\n')) } : {}),
  };
}

function providerCases(p: ProviderPlan, ctx: RenderContext): TestCase[] {
  const words = wordsFor(ctx.mode);
  const unfinished: TestCase[] = p.unfinished
    ? [{ '@_classname': clean(p.name), '@_name': 'unfinished apply', failure: { '@_type': 'unfinished', '@_message': oneLine(unfinishedNotice(p)) } }]
    : [];
  if (p.error) return [...unfinished, { '@_classname': clean(p.name), '@_name': 'read', error: { '@_type': 'read', '@_message': oneLine(p.error) } }];
  const cases: TestCase[] = [...unfinished];
  for (const k of p.kinds) {
    const classname = clean(`${p.name}.${k.kind}`);
    const noun = ctx.noun(p.type, k.kind);
    const changes = p.changes.filter((c) => c.kind === k.kind);
    for (const b of p.blocked.filter((b) => b.kind === k.kind))
      cases.push({ '@_classname': classname, '@_name': 'safety limits', failure: { '@_type': 'blocked', '@_message': oneLine(b.message) } });
    for (const c of changes)
      cases.push({ '@_classname': classname, '@_name': clean(`${noun} ${c.key}`), failure: changeFailure(c, ctx) });
    // the plan names only objects that differ; the declared ones that match pass as one case
    const inSync = k.declared - k.create - k.update;
    if (inSync > 0) cases.push({ '@_classname': classname, '@_name': `${k.kind}: ${inSync} declared in sync` });
    for (const u of p.unmanaged.filter((u) => u.kind === k.kind))
      cases.push({
        '@_classname': classname,
        '@_name': clean(`${noun} ${u.key}`),
        skipped: { '@_message': oneLine(`unmanaged${u.label ? ` (${u.label})` : ''}: ${words.unmanaged}`) },
      });
  }
  return cases;
}

function changeFailure(c: Change, ctx: RenderContext): Detail {
  const words = wordsFor(ctx.mode);
  const { tag, meaning } = words.actions[c.action];
  const fields = c.fields.map((f) => f.path);
  const message = `${tag}: ${meaning}${c.action === 'update' ? ` (${fields.join(', ')})` : ''}`;
  if (c.action === 'delete') return { '@_type': tag, '@_message': oneLine(message) };
  const lines = c.fields.map((f) => {
    const { before, after } = formatField(f, c.action);
    return before === undefined ? `${f.path}: ${after}` : `${f.path}: ${words.before.toLowerCase()} ${before}, ${words.after.toLowerCase()} ${after}`;
  });
  return { '@_type': tag, '@_message': oneLine(message), '#text': clean(lines.join('\n')) };
}
