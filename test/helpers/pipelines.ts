// What CI files run: the shell lines of GitHub workflows, the GitHub Action and GitLab jobs,
// the pbxctl commands in them, and a check that each exists with the options given to it.
import type { Command } from 'commander';
import * as assert from 'uvu/assert';
import { buildProgram } from '../../src/cli/program.ts';

/** every shell line of a GitHub workflow's steps, a composite action's steps or a GitLab job's scripts */
export function shellOf(doc: Record<string, any>): string[] {
  const lines: string[] = [];
  const add = (v: unknown) => (Array.isArray(v) ? v : typeof v === 'string' ? [v] : []).forEach((l) => lines.push(...String(l).split('\n')));
  for (const job of [...Object.values<any>(doc.jobs ?? doc), doc.runs]) {
    if (!job || typeof job !== 'object') continue;
    for (const step of job.steps ?? []) add(step.run);
    add(job.script);
    add(job.before_script);
  }
  add(doc.before_script);
  return lines;
}

/** `npx pbxctl plan --out x --format markdown` or `pbxctl plan …` → ['plan', ['--out', '--format']] */
export function invocations(lines: string[]): { words: string[]; options: string[] }[] {
  const out: { words: string[]; options: string[] }[] = [];
  for (const line of lines) {
    for (const m of line.matchAll(/(?:^|[\s;&|(])pbxctl ([a-z](?:[^;|&>]|>>?\s*"[^"]*")*)/g)) {
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

/** the steps of a workflow that use the pbxctl Action (`OWNER/pbxctl@v0` in the examples) */
export const actionSteps = (doc: Record<string, any>): any[] =>
  Object.values<any>(doc.jobs ?? {}).flatMap((job) => (job?.steps ?? []).filter((s: any) => /^[\w.-]+\/pbxctl@v\d+$/.test(String(s.uses ?? ''))));

/** asserts that a CI file runs only commands and options pbxctl has; returns the calls */
export function assertRunsOnlyRealCommands(doc: Record<string, any>, file: string) {
  const program = buildProgram();
  const calls = invocations(shellOf(doc));
  for (const call of calls) {
    const cmd = commandFor(program, call.words);
    assert.ok(cmd, `${file}: pbxctl ${call.words.join(' ')} is a command`);
    const known = cmd!.options.map((o) => o.long);
    for (const opt of call.options) assert.ok(known.includes(opt), `${file}: pbxctl ${cmd!.name()} has ${opt}`);
  }
  return calls;
}
