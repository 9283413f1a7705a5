// The CLI bundle in dist/: the CLI in dist/pbxctl.js, each command's code and the sandbox
// emulators in chunks loaded on demand, the Kazoo schemas the Kazoo emulator reads, and the
// loader's validators compiled ahead of time (ajv standalone code, in place of
// src/config/precompiled.ts) so no run pays for compiling them.
import { cpSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import pkg from '../package.json' with { type: 'json' };

const dist = new URL('../dist/', import.meta.url);
const common = { bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'warning' };
rmSync(dist, { recursive: true, force: true });

// the generator runs from a bundle of its own (plain node runs no TypeScript)
const generator = new URL('validators-generator.mjs', dist);
await build({ ...common, entryPoints: ['scripts/validators.ts'], outfile: fileURLToPath(generator) });
const validators = (await import(generator.href)).precompiledModule();
rmSync(generator);

const precompiled = {
  name: 'precompiled-validators',
  setup(b) {
    b.onResolve({ filter: /^\.\/precompiled\.ts$/ }, (args) =>
      args.importer.endsWith('/src/config/validate.ts') ? { path: 'precompiled', namespace: 'precompiled' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'precompiled' }, () => ({ contents: validators, loader: 'js', resolveDir: fileURLToPath(new URL('..', import.meta.url)) }));
  },
};

// what the commands load before their first request: bundled (one file each rather than
// dozens) it loads several times faster. The others stay packages, loaded where they are
// used (ajv's and undici's files are required by name at run time)
const BUNDLED = ['commander', 'yaml', 'leven', 'picomatch', 'ky', 'p-limit', 'deep-diff', 'safe-stable-stringify', 'fast-xml-parser'];
const external = Object.keys(pkg.dependencies).filter((d) => !BUNDLED.includes(d)).flatMap((d) => [d, `${d}/*`]);

await build({
  ...common,
  packages: undefined,
  external,
  // the bundled CommonJS packages require Node's own modules
  banner: { js: "import { createRequire as __pbxctlRequire } from 'node:module';\nconst require = __pbxctlRequire(import.meta.url);" },
  entryPoints: { pbxctl: 'src/cli/main.ts' },
  splitting: true,
  outdir: 'dist',
  chunkNames: 'chunks/[name]-[hash]',
  plugins: [precompiled],
});
cpSync(new URL('../src/providers/kazoo/sandbox/schemas/', import.meta.url), new URL('chunks/kazoo-schemas/', dist), { recursive: true });
