// The JUnit report for CI dashboards: well-formed XML, one suite per provider, counts that
// match the test cases, read errors as <error>, unmanaged objects as skipped.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { render } from '../src/report/index.ts';
import { context, emptyPlan, fullPlan } from './fixtures/report/plans.ts';

interface Case {
  '@_classname': string;
  '@_name': string;
  failure?: { '@_type': string; '@_message': string; '#text'?: string };
  error?: { '@_type': string; '@_message': string };
  skipped?: { '@_message': string };
}
interface Suite {
  '@_name': string;
  '@_tests': number;
  '@_failures': number;
  '@_errors': number;
  '@_skipped': number;
  testcase?: Case[];
  'system-out'?: string;
}

function parse(xml: string) {
  assert.is(XMLValidator.validate(xml), true);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    parseAttributeValue: true,
    isArray: (name) => name === 'testsuite' || name === 'testcase',
  });
  return parser.parse(xml).testsuites as { '@_tests': number; '@_failures': number; '@_errors': number; '@_skipped': number; testsuite: Suite[] };
}

function assertCounts(root: ReturnType<typeof parse>) {
  const total = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  for (const s of root.testsuite) {
    const cases = s.testcase ?? [];
    const n = { tests: cases.length, failures: 0, errors: 0, skipped: 0 };
    for (const c of cases) {
      if (c.failure) n.failures++;
      if (c.error) n.errors++;
      if (c.skipped !== undefined) n.skipped++;
    }
    assert.equal([s['@_tests'], s['@_failures'], s['@_errors'], s['@_skipped']], [n.tests, n.failures, n.errors, n.skipped], s['@_name']);
    for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += n[k];
  }
  assert.equal([root['@_tests'], root['@_failures'], root['@_errors'], root['@_skipped']], [total.tests, total.failures, total.errors, total.skipped]);
}

test('drift: one suite per provider (and one for configuration problems), counts right', () => {
  const root = parse(render(fullPlan(), 'junit', context('drift')));
  assertCounts(root);
  assert.equal(root.testsuite.map((s) => s['@_name']), ['office', 'cloud', 'branch', 'calls', 'pbx.yaml']);
  assert.equal([root['@_tests'], root['@_failures'], root['@_errors'], root['@_skipped']], [13, 7, 1, 2]);

  const office = root.testsuite[0];
  const byName = new Map(office.testcase!.map((c) => [c['@_name'], c]));
  const changed = byName.get('extension 101')!;
  assert.is(changed['@_classname'], 'office.extensions');
  assert.is(changed.failure!['@_type'], 'changed');
  assert.is(changed.failure!['@_message'], 'changed: changed on the PBX outside git (name, secret, voicemail.pin)');
  assert.is(changed.failure!['#text'], 'name: live "Ann", expected "Ann | `ops`"\nsecret: (sensitive, changed)\nvoicemail.pin: (sensitive, changed)');
  assert.is(byName.get('extension 105')!.failure!['@_type'], 'extra');
  assert.is(byName.get('extension 104')!.failure!['@_type'], 'missing');
  assert.is(byName.get('safety limits')!.failure!['@_type'], 'blocked');
  // declared objects that match pass (one case per kind: the plan does not name them)
  assert.ok(byName.has('extensions: 3 declared in sync'));
  assert.ok(!byName.get('extensions: 3 declared in sync')!.failure);
  assert.match(byName.get('DID +3225550199')!.skipped!['@_message'], /^unmanaged \(fax line\): .*not drift/);
  assert.match(office['system-out']!, /TLS certificate verification is OFF/);

  const cloud = root.testsuite[1].testcase![0];
  assert.is(cloud['@_name'], 'read');
  assert.is(cloud.error!['@_type'], 'read');
  assert.match(cloud.error!['@_message'], /401 invalid credentials, "token": <expired>/);

  assert.is(root.testsuite[3]['@_tests'], 0);
  const issue = root.testsuite[4].testcase![0];
  assert.is(issue['@_name'], 'pbx.yaml:40:7');
  assert.is(issue.failure!['@_type'], 'configuration');
});

test('plan wording, and names with markup or control characters stay well-formed', () => {
  const plan = fullPlan();
  plan.providers[0].changes[0].key = 'bad\u0001key & <x> "q"';
  plan.providers[0].changes[1].fields[0].after = 'line one\nline two ]]> \u0007';
  const root = parse(render(plan, 'junit', context('plan')));
  assertCounts(root);
  const cases = root.testsuite[0].testcase!;
  assert.ok(cases.some((c) => c['@_name'] === 'extension bad\uFFFDkey & <x> "q"'));
  assert.ok(cases.some((c) => c['@_name'] === 'extension <script>alert(1)</script>'));
  const update = cases.find((c) => c['@_name'] === 'extension 101')!;
  assert.is(update.failure!['@_type'], 'update');
  assert.match(update.failure!['#text']!, /^name: before "Ann", after "line one\\nline two ]]> \\u0007"/);
});

test('empty plan: valid, nothing failing', () => {
  const xml = render(emptyPlan(), 'junit', context('drift'));
  const root = parse(xml);
  assertCounts(root);
  assert.equal([root['@_tests'], root['@_failures'], root['@_errors'], root['@_skipped']], [1, 0, 0, 0]);
  assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="pbxctl drift pbx.yaml"/);
});

test.run();
