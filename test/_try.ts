import { loadConfig, formatIssue } from '../src/config/load.ts';
import { issabel } from '../src/providers/issabel/index.ts';
const r = await loadConfig(process.argv[2], { env: { ISSABEL_PASSWORD: 'pw1', EXT_1000_SECRET: 's3cr3t', EXT_1000_VM_PIN: '4321', BRANCH_PASSWORD: 'pw2' }, registry: { issabel }, sandbox: process.argv[3] === 'sandbox' });
console.log(r.errors.map(formatIssue).join('\n'));
console.log(r.warnings.map(formatIssue).join('\n'));
console.log(JSON.stringify(r.config, null, 1)?.slice(0, 3000), r.secretValues);
