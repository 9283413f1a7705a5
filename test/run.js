// Runs every test/**/*.test.ts with uvu (through tsx, in one process) and ends with the
// plain summary line CI reads: "N passed, N failed" (", K skipped" when some were skipped,
// each listed above it with its reason). `npm test -- issabel` runs a subset.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const uvuBin = fileURLToPath(new URL('../node_modules/uvu/bin.js', import.meta.url));
const hooks = new URL('./helpers/uvu-hooks.ts', import.meta.url).href;
const filter = process.argv[2];
const pattern = filter ? `${filter}.*\\.test\\.ts$` : '\\.test\\.ts$';

const child = spawn(process.execPath, ['--import', 'tsx', '--import', hooks, uvuBin, 'test', pattern, '--color', 'false'], {
  stdio: ['ignore', 'pipe', 'inherit'],
  env: { ...process.env, NODE_ENV: 'test' },
});

let out = '';
child.stdout.on('data', (chunk) => {
  out += chunk;
  process.stdout.write(chunk);
});
child.on('close', (code) => {
  const count = (label) => Number(out.match(new RegExp(`^  ${label}:\\s+(\\d+)`, 'm'))?.[1] ?? 0);
  const lines = (prefix) => out.split('\n').filter((l) => l.startsWith(prefix));
  // uvu's Total counts the tests it was asked to run (skipped ones are not in it); a test a
  // failed `before` hook kept from running is in Total but not in Passed
  const passed = count('Passed');
  const skipped = count('Skipped');
  const hookFailures = lines('hook failed: ');
  let failed = count('Total') - passed + hookFailures.filter((l) => / after: /.test(l)).length;
  if (code !== 0 && failed === 0) failed = 1; // a file that crashed before its tests ran
  const reasons = lines('skipped: ');
  if (skipped > reasons.length) reasons.push(`skipped: ${skipped - reasons.length} more through test.skip, no reason given`);
  const listed = [...hookFailures, ...reasons];
  console.log(`\n${listed.map((l) => `${l}\n`).join('')}${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  process.exit(code === 0 && failed === 0 ? 0 : 1);
});
