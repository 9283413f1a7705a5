// What a user reads in the reports of a real plan from the sandbox: GitHub annotations at
// each drifted object's line (no more than GitHub shows, the most important first), the
// YAML line of each change and the sandbox mark in HTML and Markdown, a Status for every
// summary row, and drift's colours.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { nounOf } from '../src/cli/context.ts';
import { render, type RenderContext } from '../src/report/index.ts';
import { context, fullPlan } from './fixtures/report/plans.ts';
import { exampleYaml, issabelDesksExample, rig } from './helpers/issabel.ts';
import { cli, workspace } from './helpers/workspace.ts';

/** the 1-based line of the YAML that holds text */
const lineOf = (yaml: string, text: string) => yaml.split('\n').findIndex((l) => l.includes(text)) + 1;

test('drift --format github: one ::warning per drifted object at its line of the YAML', async () => {
  const yaml = await issabelDesksExample();
  const ws = await workspace(yaml);
  const r = await cli(['drift', '--sandbox', '--format', 'github'], { cwd: ws.dir });
  assert.is(r.code, 2, r.stderr);
  const warnings = r.stdout.split('\n').filter((l) => l.startsWith('::warning'));
  assert.equal(warnings.slice(1), [
    `::warning file=pbx.config.yaml,line=${lineOf(yaml, 'number: "1001"')},col=9,title=pbxctl drift%3A hq::changed extension 1001: name live "Jose", expected "Jose Garcia"; ring_time live 15, expected 20; voicemail.enabled live false, expected true; voicemail.email live (unset), expected "jose@example.com"`,
    `::warning file=pbx.config.yaml,line=${lineOf(yaml, 'number: "1004"')},col=9,title=pbxctl drift%3A hq::missing extension 1004`,
    `::warning file=pbx.config.yaml,line=${lineOf(yaml, 'number: "600"')},col=9,title=pbxctl drift%3A hq::changed ring group 600: ring_time live 15, expected 20; members live ["1000", "1003"], expected ["1000", "1001"]`,
    `::warning file=pbx.config.yaml,line=${lineOf(yaml, 'number: "601"')},col=9,title=pbxctl drift%3A hq::missing ring group 601`,
  ]);
});

test('drift --format github over 10 drifted objects: 10 warnings, the first in YAML order, the last counting the rest; the summary lists them all', async () => {
  const yaml = await exampleYaml();
  const ws = await workspace(yaml);
  const r = await cli(['drift', '--sandbox', '--format', 'github'], { cwd: ws.dir });
  assert.is(r.code, 2, r.stderr);
  const warnings = r.stdout.split('\n').filter((l) => l.startsWith('::warning'));
  assert.is(warnings.length, 10);
  assert.is(warnings[0], '::warning title=pbxctl drift::Drift found: 12 changed, 6 missing');
  const lines = warnings.slice(1, 9).map((w) => Number(/,line=(\d+),/.exec(w)?.[1]));
  assert.equal(lines, [...lines].sort((a, b) => a - b), 'in YAML order');
  assert.is(lines[0], lineOf(yaml, 'number: "1001"'));
  assert.is(warnings[9], '::warning title=pbxctl::10 more warnings not annotated (GitHub shows 10 per step); the job summary lists them all');
  // the last drifted objects of the YAML, left without annotation, are in the summary
  assert.not.ok(warnings.some((w) => w.includes('Office hours')));
  assert.match(r.stdout, /\| \*\*changed\*\* \| <code>Office hours<\/code> <sub>pbx\.config\.yaml:\d+:9<\/sub> \|/);
});

test('plan --format github with 12 problems: the first 9 errors at their lines, then one counting the other 3', async () => {
  const members = Array.from({ length: 12 }, (_, i) => `"${1900 + i}"`).join(', ');
  const ws = await workspace((await issabelDesksExample()).replace('members: ["1002", "1004"]', `members: [${members}]`));
  const r = await cli(['plan', '--sandbox', '--format', 'github'], { cwd: ws.dir });
  assert.is(r.code, 1, r.stderr);
  const annotations = r.stdout.split('\n').filter((l) => l.startsWith('::'));
  assert.is(annotations.filter((l) => l.startsWith('::error')).length, 10);
  assert.ok(annotations.slice(0, 9).every((l) => /^::error file=pbx\.config\.yaml,line=\d+,col=\d+,title=pbxctl::ring group 601 refers to extension '19\d\d'/.test(l)), annotations.join('\n'));
  assert.is(annotations[9], '::error title=pbxctl::3 more errors not annotated (GitHub shows 10 per step); the job summary lists them all');
  assert.ok(r.stdout.includes("ring group 601 refers to extension '1911'"), 'the summary lists the last one');
});

test('plan --sandbox as Markdown and HTML: each change at its file:line, the run marked sandbox, a Status on every row', async () => {
  const yaml = await issabelDesksExample();
  const ws = await workspace(yaml);
  const line1001 = `pbx.config.yaml:${lineOf(yaml, 'number: "1001"')}:9`;

  const md = await cli(['plan', '--sandbox', '--format', 'markdown'], { cwd: ws.dir });
  assert.is(md.code, 0, md.stderr);
  assert.match(md.stdout, /^## 4 changes: 2 to update, 2 to create; 3 unmanaged\n\n> \[!NOTE\]\n> \*\*sandbox\*\*: Sandbox run: read from pbxctl's built-in emulators, not from the real PBXs\./);
  assert.ok(md.stdout.includes(`| **update** | <code>1001</code> <sub>${line1001}</sub> | <code>name</code> |`), md.stdout);
  assert.ok(md.stdout.includes('| hq (Issabel) | extensions | · | 1 | 1 | 2 | changes |'), md.stdout);
  assert.ok(md.stdout.includes('| hq (Issabel) | ring\\_groups | · | 1 | 1 | 1 | changes |'), md.stdout);
  assert.match(md.stdout, /<sub>pbxctl plan --sandbox for <code>pbx.config.yaml<\/code>/);

  const html = await cli(['plan', '--sandbox', '--format', 'html', '--output', 'plan.html'], { cwd: ws.dir });
  assert.is(html.code, 0, html.stderr);
  const page = await readFile(join(ws.dir, 'plan.html'), 'utf8');
  assert.match(page, /<h1>4 changes <span class="pill warn">sandbox<\/span><\/h1>/);
  assert.match(page, /<p class="lead">Sandbox run: read from pbxctl&#39;s built-in emulators, not from the real PBXs\.<\/p>/);
  assert.ok(page.includes(`<td><code>1001</code> <span class="dim loc">${line1001}</span></td>`), page);
  const statuses = [...page.matchAll(/<td>extensions<\/td>.*?<td>(<span[^]*?)<\/td><\/tr>/g)].map((m) => m[1]);
  assert.equal(statuses, ['<span class="pill warn">changes</span>']);

  const drift = await cli(['drift', '--sandbox', '--format', 'markdown'], { cwd: ws.dir });
  assert.ok(drift.stdout.includes('| hq (Issabel) | extensions | · | 1 | 1 | 2 | drift |'), drift.stdout);
});

test('a run against the real PBXs carries no sandbox mark', () => {
  const plain: RenderContext = context('plan');
  for (const format of ['markdown', 'html'] as const) assert.not.match(render(fullPlan(), format, plain), /sandbox/i, format);
});

test("drift's colours on a real sandbox plan: missing is magenta, never create's green", async () => {
  const r = await rig();
  try {
    const { plan } = await r.plan();
    const colour = (mode: RenderContext['mode']) => render(plan, 'text', { mode, noun: nounOf, color: true, generatedAt: new Date() });
    const drift = colour('drift');
    assert.ok(drift.includes('\x1b[35m  + missing extension 1004\x1b[39m'), drift);
    assert.ok(drift.includes('\x1b[35m1 missing\x1b[39m'), drift);
    assert.not.ok(drift.includes('\x1b[32m'), 'no green in drift');
    assert.ok(colour('plan').includes('\x1b[32m  + create extension 1004\x1b[39m'));
  } finally {
    await r.close();
  }
});

test.run();
