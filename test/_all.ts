import { readdirSync } from 'node:fs';
import { loadConfig, formatIssue } from '../src/config/load.ts';
import { issabel } from '../src/providers/issabel/index.ts';
for (const f of readdirSync('test/fixtures/bad').sort()) {
  const r = await loadConfig(`test/fixtures/bad/${f}`, { env: { ISSABEL_PASSWORD: 'pw1' }, registry: { issabel } });
  console.log(`== ${f}\n` + r.errors.map(formatIssue).join('\n'));
}
