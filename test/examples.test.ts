// The CI pipelines in examples/ parse, every pbxctl command they run exists with the
// options they give it, applies are serialised, and the state directory travels between jobs.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { assertRunsOnlyRealCommands } from './helpers/pipelines.ts';

const EXAMPLES = fileURLToPath(new URL('../examples/', import.meta.url));
const PIPELINES = ['github/pbxctl.yml', 'github/sharded.yml', 'gitlab/.gitlab-ci.yml'];

test('every example pipeline parses and runs only commands and options pbxctl has', () => {
  for (const file of PIPELINES) assertRunsOnlyRealCommands(parse(readFileSync(join(EXAMPLES, file), 'utf8')), file);
});

test('the GitHub workflow passes every variable the example configuration names', () => {
  const env = parse(readFileSync(join(EXAMPLES, 'github/pbxctl.yml'), 'utf8')).env as Record<string, string>;
  const names = [...readFileSync(fileURLToPath(new URL('../pbx.config.yaml', import.meta.url)), 'utf8').matchAll(/\$\{([A-Z0-9_]+)\}/g)].map((m) => m[1]);
  assert.equal(names.filter((n) => !(n in env)), []);
});

test('the pipelines cover pull requests, main and the nightly drift', () => {
  const gh = readFileSync(join(EXAMPLES, 'github/pbxctl.yml'), 'utf8');
  assert.match(gh, /pull_request/);
  assert.match(gh, /pbxctl apply plan\.json/);
  assert.match(gh, /pbxctl drift --format html --output drift\.html/);
  const gl = readFileSync(join(EXAMPLES, 'gitlab/.gitlab-ci.yml'), 'utf8');
  assert.match(gl, /junit: drift\.xml/);
  assert.equal(readdirSync(join(EXAMPLES, 'github')).sort(), ['pbxctl.yml', 'sharded.yml']);
});

const read = (file: string) => parse(readFileSync(join(EXAMPLES, file), 'utf8')) as Record<string, any>;
const stepsUsing = (job: any, action: string): any[] => job.steps.filter((s: any) => String(s.uses ?? '').startsWith(action));
const stepIndex = (job: any, match: (s: any) => boolean) => job.steps.findIndex(match);
const runsPbxctl = (command: string) => (s: any) => String(s.run ?? '').includes(`npx pbxctl ${command}`);

test('GitHub: one apply at a time; the state directory is restored before every plan, apply and drift and saved after apply', () => {
  const gh = read('github/pbxctl.yml');
  const dir = gh.env.PBXCTL_STATE_DIR;
  assert.ok(dir, 'PBXCTL_STATE_DIR is set for every job');
  assert.equal(gh.jobs.apply.concurrency, { group: 'pbxctl-apply', 'cancel-in-progress': false });
  for (const [job, command] of [['plan', 'plan'], ['apply', 'apply'], ['drift', 'drift']]) {
    const restore = stepsUsing(gh.jobs[job], 'actions/cache/restore@');
    assert.is(restore.length, 1, `${job} restores the state directory`);
    assert.is(restore[0].with.path, dir);
    assert.ok(stepIndex(gh.jobs[job], (s) => s === restore[0]) < stepIndex(gh.jobs[job], runsPbxctl(command)), `${job}: restored before pbxctl ${command}`);
  }
  const [save] = stepsUsing(gh.jobs.apply, 'actions/cache/save@');
  assert.is(save.if, 'always()');
  assert.equal(save.with.path.trim().split('\n'), [dir, `!${dir}/apply.lock`]);
  assert.ok(stepIndex(gh.jobs.apply, (s) => s === save) > stepIndex(gh.jobs.apply, runsPbxctl('apply')));
  const prefix = stepsUsing(gh.jobs.plan, 'actions/cache/restore@')[0].with['restore-keys'];
  assert.ok(save.with.key.startsWith(prefix), 'what apply saves is what the others restore');
  for (const job of ['plan', 'apply']) assert.is(gh.jobs[job].env?.PBXCTL_PLAN_KEY, '${{ secrets.PBXCTL_PLAN_KEY }}', `${job} signs or checks plans`);
  assert.is(gh.jobs.drift.env?.PBXCTL_PLAN_KEY, undefined);

  const sharded = read('github/sharded.yml').jobs.drift;
  assert.is(sharded.env.PBXCTL_STATE_DIR, dir);
  assert.ok(stepIndex(sharded, (s) => s === stepsUsing(sharded, 'actions/cache/restore@')[0]) < stepIndex(sharded, runsPbxctl('drift')));
});

test('GitLab: one apply at a time; the state directory is in every job\'s cache, written back by apply whatever happened', () => {
  const gl = read('gitlab/.gitlab-ci.yml');
  const dir = gl.variables.PBXCTL_STATE_DIR;
  assert.ok(dir);
  assert.ok(gl.apply.resource_group);
  const holdsState = (c: any) => c.paths?.includes(`${dir}/`);
  const state = gl.cache.find(holdsState);
  assert.is(state.policy, 'pull');
  const applied = gl.apply.cache.find(holdsState);
  assert.equal({ key: applied.key, policy: applied.policy, when: applied.when }, { key: state.key, policy: 'pull-push', when: 'always' });
  for (const job of ['validate', 'plan', 'drift']) assert.is(gl[job].cache, undefined, `${job} uses the default cache`);
  assert.equal(gl.apply.after_script, ['rm -f "$PBXCTL_STATE_DIR/apply.lock"']);
  assert.match(readFileSync(join(EXAMPLES, 'gitlab/.gitlab-ci.yml'), 'utf8'), /PBXCTL_PLAN_KEY \(masked\)/);
});

test.run();
