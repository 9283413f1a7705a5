// The CLI on a pseudo-terminal, through util-linux `script`: what a user at a terminal
// sees (the raw byte stream the terminal receives) while standard output may be redirected.
import { spawn } from 'node:child_process';
import { BIN } from './cli-process.ts';

export interface TerminalResult {
  code: number;
  /** everything the terminal received, escape sequences included */
  screen: string;
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * `pbxctl <args>` run by a shell on a terminal, with `redirect` (e.g. `> out.txt`) appended
 * as typed; `input` is what the user types
 */
export function inTerminal(script: string, args: string[], opts: { cwd: string; redirect?: string; input?: string }): Promise<TerminalResult> {
  // a pseudo-terminal opened by a program without one has no size: give it a usual one
  const command = `stty cols 100 rows 40; ${[process.execPath, BIN, ...args].map(quote).join(' ')}${opts.redirect ? ` ${opts.redirect}` : ''}`;
  const child = spawn(script, ['--quiet', '--return', '--echo', 'never', '--command', command, '/dev/null'], {
    cwd: opts.cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TERM: 'xterm-256color' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdin.end(opts.input ?? '');
  let screen = '';
  child.stdout.on('data', (d) => (screen += d));
  child.stderr.on('data', (d) => (screen += d));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, screen }));
  });
}

/** what stays on screen once the program ends: the text after the last cursor move or erase */
export function lastFrame(screen: string): string {
  const moves = [...screen.matchAll(/\x1b\[(?:\d*[ABJK]|2K)/g)];
  const tail = moves.length ? screen.slice(moves.at(-1)!.index! + moves.at(-1)![0].length) : screen;
  return tail.replace(/\x1b\[[0-9;?]*[a-zA-Z]/g, '').replace(/\r/g, '');
}
