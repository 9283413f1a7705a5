#!/usr/bin/env node
// An installed copy has no sources: it runs the bundle (dist/, built on pack). In a clone
// the bundle runs while it is newer than every source file; otherwise the TypeScript
// sources run directly through tsx, so an edit is never shadowed by a stale bundle.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bundle = `${root}dist/pbxctl.js`;
const clone = existsSync(`${root}src/cli/main.ts`);

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

const fresh = () => existsSync(bundle) && statSync(bundle).mtimeMs >= Math.max(newestSource(`${root}src`), newestSource(`${root}schemas`));
if (!clone || fresh()) {
  await import(bundle);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
