// The real CLI as a running process, for tests that signal it part-way (Ctrl-C) or
// read what it printed so far.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { CliResult } from './workspace.ts';

/** the CLI's entry point, for tests that start it another way (under a terminal) */
export const BIN = fileURLToPath(new URL('../../bin/pbxctl.js', import.meta.url));

export interface RunningCli {
  child: ChildProcess;
  readonly stdout: string;
  readonly stderr: string;
  done: Promise<CliResult>;
}

export function startCli(args: string[], opts: { cwd: string; env?: Record<string, string>; input?: string }): RunningCli {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: opts.cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...opts.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdin!.end(opts.input ?? '');
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
  return {
    child,
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    done,
  };
}

/** resolves once check() holds, polling; fails after timeoutMs */
export async function until(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
