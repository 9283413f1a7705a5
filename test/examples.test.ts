// The CI pipelines in examples/ parse, every pbxctl command they run exists with the
// options they give it, applies are serialised, and the state directory travels between jobs.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { actionSteps, assertRunsOnlyRealCommands } from './helpers/pipelines.ts';

const EXAMPLES = fileURLToPath(new URL('../examples/', import.meta.url));
const PIPELINES = ['github/pbxctl.yml', 'github/sharded.yml', 'gitlab/.gitlab-ci.yml'];

const ACTION = parse(readFileSync(fileURLToPath(new URL('../action.yml', import.meta.url)), 'utf8'));

test('every example pipeline parses and runs only commands and options pbxctl has, or the Action with inputs it has', () => {
  for (const file of PIPELINES) {
    const doc = parse(readFileSync(join(EXAMPLES, file), 'utf8'));
    const calls = assertRunsOnlyRealCommands(doc, file);
    const uses = actionSteps(doc);
    assert.ok(calls.length + uses.length >= 1, `${file} runs pbxctl`);
    for (const step of uses) {
      assert.is(step.uses, 'OWNER/pbxctl@v0', `${file}: the Action by its placeholder name, never ./ (a configuration repository has no action.yml)`);
      for (const input of Object.keys(step.with ?? {})) assert.ok(input in ACTION.inputs, `${file}: the Action has the input ${input}`);
      assert.ok(['plan', 'apply', 'drift'].includes(step.with?.command), `${file}: command ${step.with?.command}`);
    }
  }
});

test('the GitHub workflow passes every variable the example configuration names', () => {
  const env = parse(readFileSync(join(EXAMPLES, 'github/pbxctl.yml'), 'utf8')).env as Record<string, string>;
  const names = [...readFileSync(fileURLToPath(new URL('../pbx.config.yaml', import.meta.url)), 'utf8').matchAll(/\$\{([A-Z0-9_]+)\}/g)].map((m) => m[1]);
  assert.equal(names.filter((n) => !(n in env)), []);
});

const read = (file: string) => parse(readFileSync(join(EXAMPLES, file), 'utf8')) as Record<string, any>;
const stepsUsing = (job: any, action: string): any[] => job.steps.filter((s: any) => String(s.uses ?? '').startsWith(action));
const stepIndex = (job: any, match: (s: any) => boolean) => job.steps.findIndex(match);
const pbxctlStep = (job: any) => actionSteps({ jobs: { job } })[0];

test('GitHub: the Action plans pull requests and main, applies the plan of the same run, checks drift nightly', () => {
  const gh = read('github/pbxctl.yml');
  assert.ok(gh.on.pull_request && gh.on.push && gh.on.schedule);
  assert.equal(gh.permissions, { contents: 'read', 'pull-requests': 'write' });
  const { plan, apply, drift } = gh.jobs;
  assert.equal([plan, apply, drift].map((j) => pbxctlStep(j).with.command), ['plan', 'apply', 'drift']);
  // the reviewed plan: made on the merge commit by the plan job, downloaded, applied as it is
  const download = stepsUsing(apply, 'actions/download-artifact@')[0];
  assert.is(download.with.name, 'pbxctl-plan');
  assert.ok(stepIndex(apply, (s) => s === download) < stepIndex(apply, (s) => s === pbxctlStep(apply)));
  assert.is(pbxctlStep(apply).with['plan-file'], 'plan.json');
  assert.match(ACTION.runs.steps.find((s: any) => s.name === 'Keep the saved plan').with.name, /^pbxctl-plan/);
  assert.is(plan.outputs.exitcode, `\${{ steps.${pbxctlStep(plan).id}.outputs.exitcode }}`);
  assert.match(apply.if, /needs\.plan\.outputs\.exitcode/);
  const gl = readFileSync(join(EXAMPLES, 'gitlab/.gitlab-ci.yml'), 'utf8');
  assert.match(gl, /junit: drift\.xml/);
  assert.equal(readdirSync(join(EXAMPLES, 'github')).sort(), ['pbxctl.yml', 'sharded.yml']);
});

test('GitHub: one apply at a time; the Action carries the state directory; the plan key goes to plan and apply only', () => {
  const gh = read('github/pbxctl.yml');
  const dir = gh.env.PBXCTL_STATE_DIR;
  assert.ok(dir, 'PBXCTL_STATE_DIR is set for every job');
  assert.equal(gh.jobs.apply.concurrency, { group: 'pbxctl-apply', 'cancel-in-progress': false });
  for (const job of ['plan', 'apply']) assert.is(pbxctlStep(gh.jobs[job]).with['plan-key'], '${{ secrets.PBXCTL_PLAN_KEY }}', `${job} signs or checks plans`);
  assert.is(pbxctlStep(gh.jobs.drift).with['plan-key'], undefined);
  // the Action restores what the apply jobs save, the key sharded.yml restores too
  const restore = ACTION.runs.steps.find((s: any) => String(s.uses).startsWith('actions/cache/restore@'));
  const sharded = read('github/sharded.yml').jobs.drift;
  assert.is(sharded.env.PBXCTL_STATE_DIR, dir);
  const shardedRestore = stepsUsing(sharded, 'actions/cache/restore@')[0];
  assert.is(shardedRestore.with['restore-keys'], restore.with['restore-keys']);
  assert.ok(stepIndex(sharded, (s) => s === shardedRestore) < stepIndex(sharded, (s) => String(s.run ?? '').includes('npx pbxctl drift')));
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

test('GitLab: the plan is ONE merge-request note edited in place; a blocked plan warns and the manual apply takes PBXCTL_ALLOW', () => {
  const gl = read('gitlab/.gitlab-ci.yml');
  const script: string[] = gl.plan.script;
  const comment = script.findIndex((l) => /pbxctl comment --gitlab --body plan\.md/.test(l));
  assert.ok(comment > script.findIndex((l) => l.includes('pbxctl plan ')), 'commented after planning');
  assert.ok(comment < script.findIndex((l) => /exit \$code/.test(l)), 'commented before the job ends, whatever the plan said');
  assert.not.match(script.join('\n'), /curl|POST/);
  assert.equal(gl.plan.allow_failure, { exit_codes: [3] });
  assert.match(gl.apply.script.join('\n'), /\$PBXCTL_ALLOW[\s\S]*pbxctl apply plan\.json --ledger ledger\.json "\$@"/);
  assert.match(readFileSync(join(EXAMPLES, 'gitlab/.gitlab-ci.yml'), 'utf8'), /GITLAB_TOKEN \(masked; a project access token with the api scope/);
});

test.run();
