// Start-up as an installed copy runs it: bin/, dist/ and schemas/ in a folder without the
// sources (so bin/pbxctl.js runs the bundle), each command timed RUNS times, median and spread.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { showSpread, spread } from './stats.ts';
import type { Target } from './targets.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RUNS = 15;

/** the bundle every CLI run of the bench uses, as an installed copy does (bin/pbxctl.js runs it while it is fresh) */
export function buildBundle(): void {
  const build = spawnSync(process.execPath, [join(ROOT, 'scripts/build.js')], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('the bundle could not be built (scripts/build.js)');
}

export function measureStartup(): Target[] {
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
      const s = spread(times);
      return { target: `\`pbxctl ${args.join(' ')}\`, installed bundle`, goal: `< ${goalMs} ms`, measured: showSpread(s, 0, ' ms'), met: s.median < goalMs };
    });
  } finally {
    rmSync(installed, { recursive: true, force: true });
  }
}
