// A program a test needs and a machine may lack (a browser, GitHub's Markdown engine): found
// through its environment variable or on PATH, never at a fixed path. Without it the test is
// skipped with the reason; when PBXCTL_EXPECT_TOOLS=1 (set by .ci/run) it fails instead.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import * as assert from 'uvu/assert';
import { skipUnless } from './skip.ts';

const executable = (path: string) => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

function findTool(envVar: string, names: string[]): string | undefined {
  if (process.env[envVar]) return process.env[envVar];
  const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const name of names) for (const dir of dirs) if (executable(join(dir, name))) return join(dir, name);
  return undefined;
}

/** `tool.test(name, (path) => ...)` runs with the program's path, or is skipped with the reason */
export function tool(envVar: string, names: string[]) {
  const path = findTool(envVar, names);
  const missing = `${names.join(' / ')} is not on PATH (or set ${envVar} to it)`;
  const expected = process.env.PBXCTL_EXPECT_TOOLS === '1';
  const register = skipUnless(path || expected, missing);
  return {
    test: (name: string, fn: (path: string) => void | Promise<void>) =>
      register(name, () => {
        assert.ok(path, `${missing}; PBXCTL_EXPECT_TOOLS=1 says this machine has it`);
        return fn(path);
      }),
  };
}
