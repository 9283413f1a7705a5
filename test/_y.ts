import { parseDocument, LineCounter } from 'yaml';
import { readFileSync } from 'node:fs';
const lc = new LineCounter();
const d = parseDocument(readFileSync(process.argv[2], 'utf8'), { lineCounter: lc });
for (const e of d.errors) console.log(e.code, e.pos, e.linePos, JSON.stringify(e.message));
