// Every report format at once: no secret value ever, plan vs drift wording, GitHub
// workflow commands and their escaping, and the terminal text.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FORMATS, githubAnnotations, githubReport, render } from '../src/report/index.ts';
import { renderMarkdown } from '../src/report/markdown.ts';
import { CANARY_DESIRED, CANARY_LIVE, CANARY_PIN, context, emptyPlan, fullPlan } from './fixtures/report/plans.ts';

test('no format prints a secret value, in plan or drift mode', () => {
  for (const mode of ['plan', 'drift'] as const)
    for (const format of FORMATS) {
      const out = render(fullPlan(), format, { ...context(mode), color: true });
      for (const canary of [CANARY_DESIRED, CANARY_LIVE, CANARY_PIN]) assert.not.ok(out.includes(canary), `${format}/${mode} leaks ${canary}`);
      assert.ok(out.length > 200, `${format}/${mode}`);
    }
});

test('plan says what apply would do; drift says what differs', () => {
  const words = {
    plan: ['to delete', 'to update', 'to create'],
    drift: ['extra', 'changed', 'missing'],
  };
  for (const format of ['text', 'markdown', 'html'] as const) {
    const plan = render(fullPlan(), format, context('plan'));
    const drift = render(fullPlan(), format, context('drift'));
    for (const w of words.plan) assert.ok(plan.includes(w) && !drift.includes(w), `${format}: ${w}`);
    for (const w of words.drift) assert.ok(drift.includes(w), `${format}: ${w}`);
  }
  const json = JSON.parse(render(fullPlan(), 'json', context('drift')));
  assert.is(json.mode, 'drift');
  assert.is(json.format_version, 1);
});

test('text: plan as before, drift with live and expected, colour only when asked', () => {
  const plan = render(fullPlan(), 'text', context('plan'));
  assert.match(plan, /^Plan for pbx\.yaml\n/);
  assert.match(plan, /  extensions {2}1 to delete, 2 to update, 1 to create\n/);
  assert.match(plan, / {2}~ update extension 101 {2}pbx\.yaml:12:7\n {6}name: {10}"Ann" → "Ann \| `ops`"\n {6}secret: {8}\(sensitive, changed\)/);
  assert.match(plan, /✋ blocked by a safety limit: .*\(to proceed: apply --allow office\/extensions=3\)/);
  assert.match(plan, /✗ reading cloud/);
  assert.match(plan, /calls \(TEL4VN\)\n {2}nothing to reconcile\n/);
  assert.match(plan, /Plan: 2 to create, 2 to update, 1 to delete\. 1 provider\(s\) could not be read\. Blocked by a safety limit \(see above\)\.\n$/);
  assert.not.match(plan, /\x1b\[/);

  const drift = render(fullPlan(), 'text', context('drift'));
  assert.match(drift, /^Drift for pbx\.yaml\n/);
  assert.match(drift, / {2}~ changed extension 101 {2}pbx\.yaml:12:7\n {6}name: {10}live "Ann", expected "Ann \| `ops`"/);
  assert.match(drift, / {2}- extra extension 105\n/);
  assert.match(drift, / {2}\+ missing DID \+3225550100/);
  assert.match(drift, /unmanaged \(on the PBX, not in the YAML; not drift because prune is off\)/);
  assert.match(drift, /Drift: 1 extra, 2 changed, 2 missing\./);
  assert.match(render(emptyPlan(), 'text', context('drift')), /No drift\. The PBXs match the configuration\.\n$/);

  assert.match(render(fullPlan(), 'text', { ...context('plan'), color: true }), /\x1b\[31m {2}- delete extension 105\x1b\[39m/);
});

test('githubAnnotations: one ::error per problem, properties and message escaped', () => {
  const out = githubAnnotations([
    { file: 'conf/a,b:c.yaml', line: 3, col: 5, message: '100% wrong\r\nsecond line: here, too' },
    { file: 'pbx.yaml', line: 1, col: 1, message: 'plain' },
  ]);
  assert.is(
    out,
    '::error file=conf/a%2Cb%3Ac.yaml,line=3,col=5::100%25 wrong%0D%0Asecond line: here, too\n::error file=pbx.yaml,line=1,col=1::plain',
  );
  assert.is(githubAnnotations([]), '');
});

test('github: errors first, then blocks, warnings and each drifted object in YAML order, then the Markdown', () => {
  const { commands, summary } = githubReport(fullPlan(), context('drift'));
  assert.equal(commands.split('\n'), [
    '::error title=pbxctl%3A cloud (SmartPBX (Kazoo)) not read::reading cloud (SmartPBX (Kazoo)) failed: 401 invalid credentials, "token": <expired>',
    "::error file=pbx.yaml,line=40,col=7,title=pbxctl::ring group sales refers to extension '199' (members.0), which is neither declared nor on office",
    '::warning title=pbxctl%3A office (Issabel) blocked by a safety limit::extensions: 1 deletes, more than max_deletes 0; after checking, lift it with pbxctl apply --allow office/extensions=3',
    '::warning title=pbxctl%3A office (Issabel)::TLS certificate verification is OFF for this provider (insecure: true)',
    '::warning title=pbxctl drift::Drift found: 1 extra, 2 changed, 2 missing',
    '::warning file=pbx.yaml,line=12,col=7,title=pbxctl drift%3A office::changed extension 101: name live "Ann", expected "Ann | `ops`"; secret (sensitive, changed); voicemail.pin (sensitive, changed)',
    '::warning file=pbx.yaml,line=16,col=7,title=pbxctl drift%3A office::changed extension <script>alert(1)</script>: name live "y", expected "</td><b>x</b>"',
    '::warning file=pbx.yaml,line=20,col=7,title=pbxctl drift%3A office::missing extension 104',
    '::warning file=pbx.yaml,line=30,col=7,title=pbxctl drift%3A office::missing DID +3225550100',
    '::warning title=pbxctl drift%3A office::extra extension 105',
  ]);
  assert.is(summary, renderMarkdown(fullPlan(), context('drift')));
  assert.is(render(fullPlan(), 'github', context('drift')), `${commands}\n\n${summary}`);
  // nothing to flag: just the summary
  assert.is(render(emptyPlan(), 'github', context('plan')), renderMarkdown(emptyPlan(), context('plan')));
});

test.run();
