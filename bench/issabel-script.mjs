// The hand-written way to make an Issabel world's extension writes, as its own process:
// plain node and fetch, no pbxctl code. It logs in, then sends the writes one after the
// other: `careful` with reload off and the last one with reload on (one apply, the pattern
// Issabel's own IDX code uses, issabel.md §6); `vendor` with the default reload (an apply
// in every write, as the pbxapi documents show).
// node issabel-script.mjs careful|vendor <pbxapi URL> <writes.json> [limit]; password in ISSABEL_PASSWORD.
// Prints {"writeSeconds": …}: the time of the writes alone, so the bench can scale them up.
import { readFileSync } from 'node:fs';

const [way, api, file, limit] = process.argv.slice(2);
const writes = JSON.parse(readFileSync(file, 'utf8')).slice(0, limit ? Number(limit) : undefined);

async function send(method, path, body, headers = {}) {
  const res = await fetch(`${api}/${path}`, { method, headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const text = await res.text();
  if (res.status !== 200 && res.status !== 201) throw new Error(`${method} ${path} answered ${res.status}: ${text.slice(0, 200)}`);
  return text ? JSON.parse(text) : undefined;
}

const { access_token: token } = await send('POST', 'authenticate', { user: 'admin', password: process.env.ISSABEL_PASSWORD });
const started = performance.now();
for (const [i, w] of writes.entries()) {
  const reload = way === 'vendor' || i === writes.length - 1;
  await send('PUT', `extensions/${w.number}`, { name: w.name, ...(reload ? {} : { reload: false }) }, { Authorization: `Bearer ${token}` });
}
process.stdout.write(`${JSON.stringify({ writeSeconds: (performance.now() - started) / 1000 })}\n`);
