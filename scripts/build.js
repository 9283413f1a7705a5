// The CLI bundle in dist/: the CLI in dist/pbxctl.js, code only some commands need (the
// sandbox emulators) in chunks loaded on demand, and the Kazoo schemas the Kazoo emulator reads.
import { cpSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

const dist = new URL('../dist/', import.meta.url);
rmSync(dist, { recursive: true, force: true });
await build({
  entryPoints: { pbxctl: 'src/cli/main.ts' },
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  packages: 'external',
  outdir: 'dist',
  chunkNames: 'chunks/[name]-[hash]',
  logLevel: 'warning',
});
cpSync(new URL('../src/providers/kazoo/sandbox/schemas/', import.meta.url), new URL('chunks/kazoo-schemas/', dist), { recursive: true });
