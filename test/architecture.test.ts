// Who may import whom, read from the sources' import lines: the engine, config, report and
// CLI stay vendor-blind; a provider folder leans only on the engine's contract, the shared
// HTTP kit and itself; an emulator never uses its provider's client code (nor another's);
// production code reaches an emulator only through the registry's lazy import; validate
// loads no session, client or HTTP code.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SRC = join(ROOT, 'src');
const VENDORS = readdirSync(join(SRC, 'providers'), { withFileTypes: true }).filter((d) => d.isDirectory() && d.name !== 'http').map((d) => d.name);
const GENERIC_SANDBOX = ['emulator', 'faults', 'held-answer', 'request-body', 'request-log', 'seeded-random', 'server', 'state-file'].map((f) => `src/sandbox/${f}.ts`);

const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? files(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : []));

interface Import {
  from: string;
  /** repository path of a relative import; undefined for packages and node: builtins */
  to?: string;
  /** the specifier as written ('ky', './client.ts') */
  spec: string;
  lazy: boolean;
  /** `import type`: erased, loads nothing */
  typeOnly: boolean;
}

const IMPORT = /(?:import|export)\s[^'";]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]/g;

const IMPORTS: Import[] = files(SRC).flatMap((file) =>
  [...readFileSync(file, 'utf8').matchAll(IMPORT)].map((m) => {
    const spec = m[1] ?? m[2] ?? m[3];
    const from = relative(ROOT, file);
    return { from, to: spec.startsWith('.') ? relative(ROOT, resolve(dirname(file), spec)) : undefined, spec, lazy: m[2] !== undefined, typeOnly: /^(import|export)\s+type\s/.test(m[0]) };
  }),
);

const under = (path: string | undefined, dir: string) => Boolean(path && (path + '/').startsWith(dir + '/'));
const vendorOf = (path: string | undefined) => VENDORS.find((v) => under(path, `src/providers/${v}`));
const sharedKit = (path: string) => path === 'src/providers/http.ts' || under(path, 'src/providers/http');
const show = (bad: Import[]) => bad.map((i) => `${i.from} → ${i.to}`).join('\n');

test('the import lines are found (the checks below look at something)', () => {
  assert.ok(VENDORS.length >= 4, VENDORS.join(', '));
  assert.ok(IMPORTS.filter((i) => i.to).length > 200, `${IMPORTS.length} imports`);
  assert.ok(IMPORTS.some((i) => i.lazy && vendorOf(i.to)), 'the lazy imports of the emulators are seen');
});

test('engine, config and report import no provider code; the CLI only the registry and the HTTP kit', () => {
  const blind = IMPORTS.filter((i) => ['src/engine', 'src/config', 'src/report'].some((d) => under(i.from, d)) && under(i.to, 'src/providers'));
  assert.is(show(blind), '');
  const cli = IMPORTS.filter((i) => under(i.from, 'src/cli') && under(i.to, 'src/providers') && i.to !== 'src/providers/index.ts' && !sharedKit(i.to!));
  assert.is(show(cli), '');
});

test('a provider folder imports only the engine, the HTTP kit, the generic sandbox files and itself', () => {
  const bad = IMPORTS.filter((i) => {
    const vendor = vendorOf(i.from);
    if (!vendor || !i.to) return false;
    return !(under(i.to, `src/providers/${vendor}`) || under(i.to, 'src/engine') || sharedKit(i.to) || GENERIC_SANDBOX.includes(i.to));
  });
  assert.is(show(bad), '');
});

test("an emulator imports nothing of its provider's client code, nor of another vendor", () => {
  const bad = IMPORTS.filter((i) => {
    const vendor = vendorOf(i.from);
    if (!vendor || !under(i.from, `src/providers/${vendor}/sandbox`) || !i.to) return false;
    return !(under(i.to, `src/providers/${vendor}/sandbox`) || GENERIC_SANDBOX.includes(i.to));
  });
  assert.is(show(bad), '');
});

test('the CLI loads no emulator until a sandbox is started: only the lazy import in each provider module reaches one', () => {
  const emulator = (path: string | undefined) => VENDORS.some((v) => under(path, `src/providers/${v}/sandbox`));
  const loaded = new Set<string>();
  const visit = (file: string) => {
    if (loaded.has(file)) return;
    loaded.add(file);
    // a command's action is imported lazily, but it is still the CLI: only an emulator must stay behind a lazy import
    for (const i of IMPORTS) if (i.from === file && i.to && !(i.lazy && emulator(i.to))) visit(i.to);
  };
  visit('src/cli/main.ts');
  assert.ok(loaded.has('src/providers/index.ts') && loaded.has('src/sandbox/start.ts'), 'the walk follows the imports');
  assert.equal([...loaded].filter(emulator), []);
  const lazy = IMPORTS.filter((i) => i.lazy && emulator(i.to)).map((i) => `${i.from} → ${i.to}`);
  assert.equal(lazy.sort(), VENDORS.map((v) => `src/providers/${v}/index.ts → src/providers/${v}/sandbox/index.ts`).sort());
});

test('validate loads no session, client or HTTP stack, nor the schema compiler: a session is imported on its first call', () => {
  const loaded = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (loaded.has(file)) return;
    loaded.add(file);
    for (const i of IMPORTS.filter((i) => i.from === file && !i.lazy && !i.typeOnly)) if (i.to) visit(i.to); else packages.add(i.spec);
  };
  visit('src/cli/actions/validate.ts');
  assert.ok(VENDORS.every((v) => loaded.has(`src/providers/${v}/index.ts`)) && packages.has('yaml'), 'the walk follows the imports');
  assert.equal([...loaded].filter((f) => /\/(session|client)\.ts$/.test(f) || f === 'src/providers/http.ts'), []);
  assert.equal([...packages].filter((p) => ['ajv', 'ajv-formats', 'ky', 'undici', 'fast-xml-parser', 'libphonenumber-js', 'jose'].includes(p)), []);
});

test.run();
