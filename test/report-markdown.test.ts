// The Markdown report (pull-request comment / job summary): title, summary table, folding,
// escaping, and truncation under GitHub's comment limit.
import { execFileSync } from 'node:child_process';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { render } from '../src/report/index.ts';
import { GITHUB_COMMENT_LIMIT, renderMarkdown } from '../src/report/markdown.ts';
import { context, emptyPlan, fullPlan, hugePlan } from './fixtures/report/plans.ts';
import { tool } from './helpers/tools.ts';

/** GitHub's own Markdown engine, to check what a comment renders as */
const cmark = tool('CMARK_GFM_PATH', ['cmark-gfm']);
const toHtml = (bin: string, md: string) => execFileSync(bin, ['-e', 'table', '-e', 'strikethrough', '--unsafe'], { input: md }).toString();

/** the plan without the unreadable provider, the block and the config problem */
function healthyPlan() {
  const plan = fullPlan();
  plan.providers = plan.providers.filter((p) => !p.error);
  plan.providers[0].blocked = [];
  plan.issues = [];
  return plan;
}

const titleOf = (md: string) => md.split('\n')[0];

test('title line: a status word and the totals, destructive first', () => {
  assert.is(titleOf(render(healthyPlan(), 'markdown', context('plan'))), '## 5 changes: 1 to delete, 2 to update, 2 to create; 2 unmanaged');
  assert.is(titleOf(render(healthyPlan(), 'markdown', context('drift'))), '## Drift found: 1 extra, 2 changed, 2 missing; 2 unmanaged');
  const blocked = healthyPlan();
  blocked.providers[0].blocked = fullPlan().providers[0].blocked;
  assert.match(titleOf(render(blocked, 'markdown', context('plan'))), /^## Blocked: 1 to delete, 2 to update, 2 to create; 1 kind blocked by a safety limit/);
  assert.match(titleOf(render(fullPlan(), 'markdown', context('drift'))), /^## Error: .*1 provider not read.*1 configuration problem/);
  assert.is(titleOf(render(emptyPlan(), 'markdown', context('plan'))), '## No changes');
  assert.is(titleOf(render(emptyPlan(), 'markdown', context('drift'))), '## No drift');
});

test('summary table per provider and kind, read errors and blocks as alerts before it', () => {
  const md = render(fullPlan(), 'markdown', context('plan'));
  assert.ok(md.includes('| Provider | Kind | To delete | To update | To create | Unmanaged | Status |'));
  assert.ok(md.includes('| office (Issabel) | extensions | 1 | 2 | 1 | · | **blocked** |'));
  assert.ok(md.includes('| office (Issabel) | dids | · | · | 1 | 2 | changes |'));
  assert.ok(md.includes('| cloud (SmartPBX (Kazoo)) | | | | | | **not read** |'));
  assert.ok(md.includes('| branch (VoipCenter) | extensions | · | · | · | · | no changes |'));
  assert.ok(md.includes('| calls (TEL4VN) | | | | | | nothing to reconcile |'));
  const table = md.indexOf('| Provider |');
  for (const alert of ['could not be read', 'blocked by a safety limit', 'TLS certificate verification is OFF', 'The plan cannot be applied'])
    assert.ok(md.indexOf(alert) > 0 && md.indexOf(alert) < table, alert);
  assert.ok(md.includes('<code>pbxctl apply --allow office/extensions=3</code>'));
  assert.ok(md.includes('<code>pbx.yaml:40:7</code>'));
});

test('details folded per provider, deletes first, unmanaged folded on their own', () => {
  const md = render(fullPlan(), 'markdown', context('plan'));
  assert.is(md.split('<details>').length, 3);
  assert.is(md.split('</details>').length, 3);
  assert.ok(md.includes('<details><summary><b>office</b> (Issabel): 1 to delete, 2 to update, 2 to create</summary>\n\n'));
  assert.ok(md.includes('<details><summary>Unmanaged: 2 object(s), on the PBX, not in the YAML; left alone, and prune: true deletes them where the API can</summary>'));
  assert.ok(md.includes('- **office** dids: <code>+3225550199</code> (fax line)'));
  const rows = md.split('\n').filter((l) => /^\| \*\*/.test(l));
  assert.equal(rows.map((r) => r.split(' | ')[0]), ['| **delete**', '| **update**', '| **update**', '| **create**', '| **create**']);
  assert.ok(md.includes('| | Extension | Field | Before | After |'));
  assert.ok(md.includes('| | | <code>secret</code> |  | *(sensitive, changed)* |'));
});

test('drift wording: live and expected, extra/changed/missing with a legend', () => {
  const md = render(healthyPlan(), 'markdown', context('drift'));
  assert.ok(md.includes('| Provider | Kind | Extra | Changed | Missing | Unmanaged | Status |'));
  assert.ok(md.includes('| | Extension | Field | Live | Expected |'));
  assert.ok(md.includes('| **changed** | <code>101</code> <sub>pbx.yaml:12:7</sub> | <code>name</code> | <code>"Ann"</code> |'));
  assert.ok(md.includes('*Extra*: on the PBX but not in the YAML, and prune is on for its kind.'));
  assert.ok(md.includes('not drift because prune is off'));
  assert.not.ok(md.includes('to update'));
});

/** the plan as Markdown with a value full of Markdown and HTML characters */
function hostileMarkdown() {
  const plan = healthyPlan();
  const hostile = plan.providers[0].changes.find((c) => c.key === '101')!;
  hostile.fields[0].after = 'a\\|b `c` ``d`` <b>e</b> *f* @g $h$';
  return render(plan, 'markdown', context('plan'));
}

test('values cannot break the table: pipes, backticks, backslashes and HTML are escaped', () => {
  const md = hostileMarkdown();
  const row = md.split('\n').find((l) => l.startsWith('| **update** | <code>101</code>'))!;
  // the value is shown as JSON ("a\\|b"), then every Markdown character is backslash-escaped
  assert.ok(row.includes('| <code>"a\\\\\\\\\\|b \\`c\\` \\`\\`d\\`\\` \\<b\\>e\\</b\\> \\*f\\* @g \\$h\\$"</code> |'), row);
  // the only raw HTML is the report's own tags
  assert.not.match(md, /(?<!\\)<(?!\/?(code|details|summary|b|sub)>)/);
});

cmark.test('as GitHub renders it (cmark-gfm): five cells per row, the hostile values as text', (bin) => {
  const html = toHtml(bin, hostileMarkdown());
  // every row of every details table keeps its five cells
  const table = html.slice(html.indexOf('<h4>extensions</h4>'));
  for (const tr of table.slice(0, table.indexOf('</table>')).split('<tr>').slice(1)) assert.is(tr.match(/<t[dh][ >]/g)?.length, 5, tr);
  assert.ok(html.includes('<code>&quot;a\\\\|b `c` ``d`` &lt;b&gt;e&lt;/b&gt; *f* @g $h$&quot;</code>'), html);
  assert.ok(html.includes('<code>&lt;script&gt;alert(1)&lt;/script&gt;</code>'));
  assert.not.ok(html.includes('<script>'));
});

test('long plans are cut at an object with a note, staying under the comment limit', () => {
  const md = render(hugePlan(3000), 'markdown', context('plan'));
  assert.ok(md.length <= GITHUB_COMMENT_LIMIT, String(md.length));
  assert.match(titleOf(md), /^## 3000 changes: 3000 to create$/);
  assert.match(md, /\(VoipCenter\) \| extensions \| · \| · \| 3000 \|/);
  const shown = md.split('\n').filter((l) => l.startsWith('| **create**')).length;
  assert.ok(shown > 100 && shown < 3000, String(shown));
  assert.ok(md.includes(`*${3000 - shown} more not shown.*`));
  assert.ok(md.includes(`Details of ${3000 - shown} more object(s) left out`));
  assert.is(md.split('<details>').length, md.split('</details>').length);
  assert.ok(md.trimEnd().endsWith('</sub>'));

  // a tiny limit leaves only the head: title, table and the note
  const small = renderMarkdown(fullPlan(), context('plan'), 2500);
  assert.ok(small.includes('| Provider |'));
  assert.ok(small.includes('left out to stay under'));
  assert.is(small.split('<details>').length, small.split('</details>').length);
  // one that fits everything adds no note
  assert.not.ok(render(fullPlan(), 'markdown', context('plan')).includes('left out'));
});

test.run();
