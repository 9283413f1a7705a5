// Start-up as an installed copy runs it: bin/, dist/ and schemas/ in a folder without the
// sources (so bin/pbxctl.js runs the bundle), each command timed RUNS times, median and spread.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RUNS = 15;

export interface StartupFigure {
  command: string;
  goalMs: number;
  medianMs: number;
  minMs: number;
  maxMs: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export function measureStartup(): StartupFigure[] {
  spawnSync(process.execPath, [join(ROOT, 'scripts/build.js')], { stdio: 'inherit' });
  const installed = mkdtempSync(join(tmpdir(), 'pbxctl-installed-'));
  try {
    for (const part of ['bin', 'dist', 'schemas', 'examples', 'package.json', 'pbx.config.yaml']) cpSync(join(ROOT, part), join(installed, part), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(installed, 'node_modules'));
    const commands = [
      { args: ['--version'], goalMs: 150 },
      // the example, as a user without its secrets checks it
      { args: ['validate', '--sandbox', '-c', 'pbx.config.yaml'], goalMs: 250 },
    ];
    return commands.map(({ args, goalMs }) => {
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const started = performance.now();
        const run = spawnSync(process.execPath, [join(installed, 'bin/pbxctl.js'), ...args], { cwd: installed, encoding: 'utf8' });
        times.push(performance.now() - started);
        if (run.status !== 0) throw new Error(`pbxctl ${args.join(' ')}: exit ${run.status}\n${run.stderr}`);
      }
      return { command: `pbxctl ${args.join(' ')}`, goalMs, medianMs: median(times), minMs: Math.min(...times), maxMs: Math.max(...times) };
    });
  } finally {
    rmSync(installed, { recursive: true, force: true });
  }
}

export function startupTable(figures: StartupFigure[]): string {
  const rows = figures.map((f) => `| ${f.command} | ${f.medianMs.toFixed(0)} (${f.minMs.toFixed(0)}–${f.maxMs.toFixed(0)}) | < ${f.goalMs} | ${f.medianMs < f.goalMs ? 'met' : 'missed'} |`);
  return [`| start-up, installed bundle (${RUNS} runs) | median ms (min–max) | goal ms | |`, '|---|---|---|---|', ...rows].join('\n');
}
