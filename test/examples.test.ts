// The CI pipelines in examples/ parse, and every pbxctl command they run exists with
// the options they give it.
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

test.run();
