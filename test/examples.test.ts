// The CI pipelines in examples/ parse, every pbxctl command they run exists with the
// options they give it, applies are serialised, and the state directory travels between jobs.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { buildProgram } from '../src/cli/program.ts';

const EXAMPLES = fileURLToPath(new URL('../examples/', import.meta.url));
const PIPELINES = ['github/pbxctl.yml', 'github/sharded.yml', 'gitlab/.gitlab-ci.yml'];

/** every shell line of a GitHub workflow's steps or a GitLab job's scripts */
function shellOf(doc: Record<string, any>): string[] {
  const lines: string[] = [];
  const add = (v: unknown) => (Array.isArray(v) ? v : typeof v === 'string' ? [v] : []).forEach((l) => lines.push(...String(l).split('\n')));
  for (const job of Object.values<any>(doc.jobs ?? doc)) {
    if (!job || typeof job !== 'object') continue;
    for (const step of job.steps ?? []) add(step.run);
    add(job.script);
    add(job.before_script);
  }
  add(doc.before_script);
  return lines;
}

/** `pbxctl plan --out x --format markdown` → ['plan', ['--out', '--format']] */
function invocations(lines: string[]): { words: string[]; options: string[] }[] {
  const out: { words: string[]; options: string[] }[] = [];
  for (const line of lines) {
    for (const m of line.matchAll(/npx pbxctl ((?:[^;|&>]|>>?\s*"[^"]*")*)/g)) {
      const tokens = m[1].trim().split(/\s+/);
      const words = tokens.filter((t, i) => !t.startsWith('-') && (i === 0 || !tokens[i - 1].startsWith('-'))).slice(0, 2);
      out.push({ words, options: tokens.filter((t) => t.startsWith('--')).map((t) => t.split('=')[0]) });
    }
  }
  return out;
}

function commandFor(program: Command, words: string[]): Command | undefined {
  let cmd: Command | undefined = program;
  for (const w of words) {
    const sub: Command | undefined = cmd?.commands.find((c) => c.name() === w);
    if (!sub) break;
    cmd = sub;
  }
  return cmd === program ? undefined : cmd;
}

test('every example pipeline parses and runs only commands and options pbxctl has', () => {
  const program = buildProgram();
  for (const file of PIPELINES) {
    const doc = parse(readFileSync(join(EXAMPLES, file), 'utf8'));
    const calls = invocations(shellOf(doc));
    assert.ok(calls.length >= 1, `${file} runs pbxctl`);
    for (const call of calls) {
      const cmd = commandFor(program, call.words);
      assert.ok(cmd, `${file}: pbxctl ${call.words.join(' ')} is a command`);
      const known = cmd!.options.map((o) => o.long);
      for (const opt of call.options) assert.ok(known.includes(opt), `${file}: pbxctl ${cmd!.name()} has ${opt}`);
    }
  }
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
