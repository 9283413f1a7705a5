// Saved plans a pipeline can trust: nothing in the file lets anyone check a guess of a
// secret, a plan signed with PBXCTL_PLAN_KEY cannot be edited or swapped, and a change is
// refused when an object it refers to changed on the PBX since the plan.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import stringify from 'safe-stable-stringify';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sha256 } from '../src/engine/saved-plan.ts';
import { exampleYaml, issabelExample } from './helpers/issabel.ts';
import { cli, editSandboxState, requestLog, sandboxState, workspace, type Workspace } from './helpers/workspace.ts';

const KEY = 'plan-key-3f9a1c7e5b2d8046';
const OTHER_KEY = 'plan-key-0c2a9f7d6e4b1853';

const readPlan = async (ws: Workspace, file: string) => JSON.parse(await readFile(join(ws.dir, file), 'utf8'));
const writes = async (ws: Workspace, provider: string) => (await requestLog(ws, provider)).filter((e) => e.write && !/auth/.test(e.path));
const sensitiveFields = (plan: any) => plan.providers.flatMap((p: any) => p.changes.flatMap((c: any) => c.fields.filter((f: any) => f.sensitive)));
const sitiOf = (state: any) => Object.values<any>(state.users).find((u) => u.username === 'siti.rahayu@ofon-demo.example');
const liveExtension = async (ws: Workspace, n: string) => (await sandboxState<any>(ws, 'hq')).extensions[n];

test('without PBXCTL_PLAN_KEY the file holds nothing derived from a secret: 4-digit PINs changed in the YAML or on the PBXs leave it the same', async () => {
  const ws = await workspace(await exampleYaml());
  const pins = (pin: string) => ({ EXT_1000_VM_PIN: pin, SMARTPBX_SITI_HOTDESK_PIN: pin });
  const plan = async (pin: string, out: string) => {
    const r = await cli(['plan', '--sandbox', '--out', out], { cwd: ws.dir, env: pins(pin) });
    assert.is(r.code, 0, r.stderr);
    return r;
  };
  const first = await plan('1234', 'a.json');
  assert.match(first.stderr, /PBXCTL_PLAN_KEY is not set.*a secret changed between plan and apply is not detected.*the checksum catches accidental edits only/);
  await plan('5678', 'b.json');
  await editSandboxState(ws, 'hq', (s) => (s.extensions['1000'].voicemail.pin = '0000'));
  await editSandboxState(ws, 'smartpbx', (s) => (sitiOf(s).hotdesk.pin = '0000'));
  await plan('1234', 'c.json');

  const [a, b, c] = await Promise.all(['a.json', 'b.json', 'c.json'].map((f) => readPlan(ws, f)));
  const text = await readFile(join(ws.dir, 'a.json'), 'utf8');
  for (const word of ['salt', 'after_hash', 'after_hmac', 'signature']) assert.not.ok(text.includes(word), word);
  assert.equal(sensitiveFields(a), [{ path: 'voicemail.pin', sensitive: true }, { path: 'hotdesk.pin', sensitive: true }]);
  // every byte but the time and the checksum over it is the same whatever the PINs, planned or live
  const timeless = ({ created_at, checksum, ...rest }: any) => rest;
  assert.equal(timeless(b), timeless(a));
  assert.equal(timeless(c), timeless(a));

  // the PINs carried out are the ones set at apply time
  const applied = await cli(['apply', 'c.json'], { cwd: ws.dir, env: pins('2468') });
  assert.is(applied.code, 0, applied.stdout + applied.stderr);
  assert.match(applied.stdout, /unsigned: checked for accidental changes only/);
  assert.is((await liveExtension(ws, '1000')).voicemail.pin, '2468');
  assert.is(sitiOf(await sandboxState(ws, 'smartpbx')).hotdesk.pin, '2468');
});

test('a plan signed with PBXCTL_PLAN_KEY is refused under another key, without a key, or when a secret changed since; applied under its key', async () => {
  const ws = await workspace(await issabelExample());
  const planned = await cli(['plan', '--sandbox', '--out', 'p.json'], { cwd: ws.dir, env: { EXT_1000_VM_PIN: '1234', PBXCTL_PLAN_KEY: KEY } });
  assert.is(planned.code, 0, planned.stderr);
  assert.match(planned.stderr, /signed with PBXCTL_PLAN_KEY/);
  assert.not.match(planned.stderr, /PBXCTL_PLAN_KEY is not set/);
  const saved = await readPlan(ws, 'p.json');
  assert.match(saved.signature, /^[0-9a-f]{64}$/);
  assert.equal(sensitiveFields(saved).map((f: any) => Object.keys(f).sort()), [['after_hmac', 'path', 'sensitive']]);

  const apply = (env: Record<string, string>) => cli(['apply', 'p.json'], { cwd: ws.dir, env: { EXT_1000_VM_PIN: '1234', ...env } });
  const otherKey = await apply({ PBXCTL_PLAN_KEY: OTHER_KEY });
  assert.is(otherKey.code, 1);
  assert.match(otherKey.stderr, /refusing p\.json: its signature does not match PBXCTL_PLAN_KEY/);
  const noKey = await apply({});
  assert.is(noKey.code, 1);
  assert.match(noKey.stderr, /refusing p\.json: it is signed: set PBXCTL_PLAN_KEY/);
  const otherPin = await apply({ PBXCTL_PLAN_KEY: KEY, EXT_1000_VM_PIN: '1235' });
  assert.is(otherPin.code, 1);
  assert.match(otherPin.stderr, /the plan is stale, nothing was changed:\n {2}hq\/extensions\/1000: the desired values differ from the plan/);
  assert.equal(await writes(ws, 'hq'), []);

  const applied = await apply({ PBXCTL_PLAN_KEY: KEY });
  assert.is(applied.code, 0, applied.stdout + applied.stderr);
  assert.match(applied.stdout, /signed with PBXCTL_PLAN_KEY/);
  assert.match(applied.stdout, /Applied 7, failed 0, skipped 0\./);
  assert.is((await liveExtension(ws, '1000')).voicemail.pin, '1234');
});

test('a signed plan with a change added from another plan and its checksum recomputed is refused, so is an unsigned plan under a key; nothing is written', async () => {
  const ws = await workspace(await exampleYaml());
  const env = { PBXCTL_PLAN_KEY: KEY };
  // the reviewed plan changes only hq; another plan holds a SmartPBX change nobody reviewed
  assert.is((await cli(['plan', '--sandbox', '--provider', 'hq', '--out', 'p.json'], { cwd: ws.dir, env })).code, 0);
  assert.is((await cli(['plan', '--sandbox', '--provider', 'smartpbx', '--out', 'other.json'], { cwd: ws.dir, env })).code, 0);
  const [saved, other] = [await readPlan(ws, 'p.json'), await readPlan(ws, 'other.json')];
  const reception = other.providers[0].changes.find((c: any) => c.id === 'smartpbx/devices/Reception Phone');
  assert.ok(reception);
  const { checksum: _, signature, ...body } = { ...saved, providers: [...saved.providers, { ...other.providers[0], changes: [reception] }] };
  await writeFile(join(ws.dir, 'p.json'), JSON.stringify({ ...body, checksum: sha256(stringify(body) ?? ''), signature }));

  const edited = await cli(['apply', 'p.json'], { cwd: ws.dir, env });
  assert.is(edited.code, 1, edited.stdout);
  assert.match(edited.stderr, /refusing p\.json: its signature does not match PBXCTL_PLAN_KEY: the file was changed after plan wrote it/);

  assert.is((await cli(['plan', '--sandbox', '--provider', 'hq', '--out', 'unsigned.json'], { cwd: ws.dir })).code, 0);
  const unsigned = await cli(['apply', 'unsigned.json'], { cwd: ws.dir, env });
  assert.is(unsigned.code, 1, unsigned.stdout);
  assert.match(unsigned.stderr, /refusing unsigned\.json: it is not signed, and PBXCTL_PLAN_KEY is set/);

  assert.equal(await writes(ws, 'hq'), []);
  assert.equal(await writes(ws, 'smartpbx'), []);
});

test('an unusable PBXCTL_PLAN_KEY or a plan file of the older format is refused before any PBX is read', async () => {
  const ws = await workspace(await issabelExample());
  const empty = await cli(['plan', '--sandbox', '--out', 'p.json'], { cwd: ws.dir, env: { PBXCTL_PLAN_KEY: '' } });
  assert.is(empty.code, 1);
  assert.match(empty.stderr, /PBXCTL_PLAN_KEY is set but empty/);
  const short = await cli(['plan', '--sandbox', '--out', 'p.json'], { cwd: ws.dir, env: { PBXCTL_PLAN_KEY: 'hunter2' } });
  assert.is(short.code, 1);
  assert.match(short.stderr, /PBXCTL_PLAN_KEY is too short; use a random secret of at least 16 characters/);
  assert.not.match(short.stderr, /hunter2/);
  assert.equal(await requestLog(ws, 'hq'), []);

  assert.is((await cli(['plan', '--sandbox', '--out', 'p.json'], { cwd: ws.dir })).code, 0);
  const { checksum: _, ...body } = { ...(await readPlan(ws, 'p.json')), format_version: 1, salt: '00'.repeat(16) };
  await writeFile(join(ws.dir, 'p.json'), JSON.stringify({ ...body, checksum: sha256(stringify(body) ?? '') }));
  const old = await cli(['apply', 'p.json'], { cwd: ws.dir });
  assert.is(old.code, 1);
  assert.match(old.stderr, /refusing p\.json: it was planned by an older pbxctl \(plan format 1, this one reads 2\); plan again/);
});

test('apply refuses a saved plan when an object a change refers to is gone or changed on the PBX since, naming it', async () => {
  const ws = await workspace((await issabelExample()).replace('members: ["1000", "1001"]', 'members: ["1000", "1002"]'));
  assert.is((await cli(['plan', '--sandbox', '--out', 'p.json'], { cwd: ws.dir })).code, 0);
  const changes = (await readPlan(ws, 'p.json')).providers[0].changes;
  const refersTo = (id: string) => changes.find((c: any) => c.id === id).refers_to;
  assert.equal(Object.keys(refersTo('hq/ring_groups/600')), ['extensions/1000', 'extensions/1002']);
  assert.equal(refersTo('hq/ring_groups/601')['extensions/1004'], 'absent, created by this plan');

  await editSandboxState(ws, 'hq', (s) => delete s.extensions['1002']);
  const gone = await cli(['apply', 'p.json'], { cwd: ws.dir });
  assert.is(gone.code, 1, gone.stdout);
  assert.match(gone.stderr, /the plan is stale, nothing was changed:\n[\s\S]*hq\/ring_groups\/600 refers to extensions\/1002, which is gone from the PBX since the plan/);
  assert.equal(await writes(ws, 'hq'), []);
  assert.equal((await sandboxState<any>(ws, 'hq')).ringGroups['600'].extension_list, ['1000', '1003']);

  // a referred object changed (not only gone) is named too
  await cli(['apply', '--sandbox', '--yes'], { cwd: ws.dir });
  await editSandboxState(ws, 'hq', (s) => (s.ringGroups['600'].extension_list = ['1000']));
  assert.is((await cli(['plan', '--sandbox', '--out', 'p.json'], { cwd: ws.dir })).code, 0);
  await editSandboxState(ws, 'hq', (s) => (s.extensions['1002'].name = 'Somebody else'));
  const changed = await cli(['apply', 'p.json'], { cwd: ws.dir });
  assert.is(changed.code, 1, changed.stdout);
  assert.match(changed.stderr, /hq\/ring_groups\/600 refers to extensions\/1002, which changed on the PBX since the plan/);
});

test.run();
