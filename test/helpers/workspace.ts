// A throwaway project folder per test: a pbx.config.yaml, its sandbox state beside it,
// and the CLI run as a user runs it.
import { rmSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatIssue, loadConfig } from '../../src/config/load.ts';
import type { Config } from '../../src/engine/model.ts';
import { registry } from '../../src/providers/index.ts';
import type { RequestLogEntry } from '../../src/sandbox/emulator.ts';
import { startCli } from './cli-process.ts';

export interface Workspace {
  dir: string;
  file: string;
}

// removed when the test process ends (uvu runs every test file in one process)
const made: string[] = [];
process.on('exit', () => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

export async function workspace(yaml: string, name = 'pbx.config.yaml'): Promise<Workspace> {
  const dir = await mkdtemp(join(tmpdir(), 'pbxctl-test-'));
  made.push(dir);
  const file = join(dir, name);
  await writeFile(file, yaml);
  return { dir, file };
}

export async function load(ws: Workspace, env: Record<string, string> = {}, sandbox = true): Promise<Config> {
  const result = await loadConfig(ws.file, { env, registry, sandbox });
  if (!result.config) throw new Error(result.errors.map(formatIssue).join('\n'));
  return result.config;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** the CLI run to its end, as a user runs it */
export const cli = (args: string[], opts: { cwd: string; env?: Record<string, string>; input?: string }): Promise<CliResult> =>
  startCli(args, opts).done;

/** the requests a provider's sandbox answered during CLI runs in this workspace */
export async function requestLog(ws: Workspace, provider: string): Promise<RequestLogEntry[]> {
  const text = await readFile(join(ws.dir, '.pbxctl', 'sandbox', `${provider}.requests.jsonl`), 'utf8').catch(() => '');
  return text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as RequestLogEntry);
}

export async function sandboxState<T>(ws: Workspace, provider: string): Promise<T> {
  return JSON.parse(await readFile(join(ws.dir, '.pbxctl', 'sandbox', `${provider}.json`), 'utf8')) as T;
}

/** an out-of-band change to a provider's sandbox state, as curl through `sandbox serve` would make it */
export async function editSandboxState(ws: Workspace, provider: string, edit: (state: any) => void): Promise<void> {
  const state = await sandboxState<any>(ws, provider);
  edit(state);
  await writeFile(join(ws.dir, '.pbxctl', 'sandbox', `${provider}.json`), JSON.stringify(state));
}
