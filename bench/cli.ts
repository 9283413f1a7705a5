// The real CLI (or another node script) as a child under /usr/bin/time -v (wall, CPU, peak
// RSS of the child alone), and the check that its plan shows exactly the changes the world was built with.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Expected, World } from './scenario.ts';

const BIN = fileURLToPath(new URL('../bin/pbxctl.js', import.meta.url));

export interface Timed {
  code: number;
  wall: number;
  cpu: number;
  rssMb: number;
  stdout: string;
  stderr: string;
}

export const runCli = (args: string[], env: Record<string, string>) => runNode(BIN, args, env);

/** `node script args…` timed from spawn to exit */
export function runNode(script: string, args: string[], env: Record<string, string>): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('/usr/bin/time', ['-v', process.execPath, script, ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const wall = (performance.now() - started) / 1000;
      const num = (label: string) => Number(new RegExp(`${label}: ([\\d.]+)`).exec(stderr)?.[1] ?? NaN);
      resolve({
        code: code ?? 1,
        wall,
        cpu: num('User time \\(seconds\\)') + num('System time \\(seconds\\)'),
        rssMb: num('Maximum resident set size \\(kbytes\\)') / 1024,
        stdout,
        stderr,
      });
    });
  });
}

interface PlanJson {
  providers: { name: string; error?: string; changes: { kind: string; action: string }[] }[];
}

const ACTIONS = ['create', 'update', 'delete'] as const;

/** every difference between the plan's changes (from `plan --format json`) and the world's, per provider, kind and action */
export function planMismatches(world: World, stdout: string): string[] {
  const plan = JSON.parse(stdout) as PlanJson;
  const shown: Expected = {};
  const problems: string[] = [];
  for (const p of plan.providers) {
    if (p.error) problems.push(`${p.name}: ${p.error}`);
    for (const c of p.changes) {
      const kind = ((shown[p.name] ??= {})[c.kind] ??= { equal: 0, create: 0, update: 0, delete: 0 });
      if (c.action in kind) kind[c.action as (typeof ACTIONS)[number]]++;
      else problems.push(`${p.name} ${c.kind}: unexpected action ${c.action}`);
    }
  }
  const providers = new Set([...Object.keys(world.expected), ...Object.keys(shown)]);
  for (const p of providers) {
    const kinds = new Set([...Object.keys(world.expected[p] ?? {}), ...Object.keys(shown[p] ?? {})]);
    for (const k of kinds)
      for (const a of ACTIONS) {
        const want = world.expected[p]?.[k]?.[a] ?? 0;
        const got = shown[p]?.[k]?.[a] ?? 0;
        if (want !== got) problems.push(`${world.name}: ${p} ${k} ${a}: plan shows ${got}, the generator made ${want}`);
      }
  }
  return problems;
}
