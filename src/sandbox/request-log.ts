// The requests an emulator answered: kept in memory for tests, and appended to the
// provider's <name>.requests.jsonl as each one is answered (so a killed `sandbox serve`
// loses none), with its body. Secrets are replaced by "***" before anything is kept.
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { RequestLogEntry } from './emulator.ts';

/** field and parameter names whose values are never logged (the last part of a dotted name) */
const SECRET = /^(password|passwd|pwd|pass|secret|pin|credentials|api_?key|key|.*token|vmpwd)$/i;

const isSecret = (name: string) => SECRET.test(name.slice(name.lastIndexOf('.') + 1));

export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, isSecret(k) ? '***' : redact(v)]));
}

/** a query string with the values of secret parameters replaced */
export function redactQuery(query: string): string {
  if (!query) return query;
  const params = new URLSearchParams(query);
  for (const name of new Set(params.keys())) if (isSecret(name)) params.set(name, '***');
  return params.toString();
}

/** a request body as the log keeps it: JSON or form fields as an object, anything else left out */
export function loggedBody(text: string, contentType = ''): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    if (contentType.startsWith('multipart/')) return '(multipart body)';
    return Object.fromEntries(new URLSearchParams(text));
  }
}

/** a plain list (tests compare it as one) whose push keeps redacted entries and appends them to `file`, when given */
export function requestLog(file?: string): RequestLogEntry[] {
  const log: RequestLogEntry[] = [];
  let made = false;
  log.push = (...entries: RequestLogEntry[]) => {
    for (const entry of entries) {
      const kept: RequestLogEntry = { ...entry, query: redactQuery(entry.query) };
      if (entry.body !== undefined) kept.body = redact(entry.body);
      else delete kept.body;
      Array.prototype.push.call(log, kept);
      if (!file) continue;
      if (!made) mkdirSync(dirname(file), { recursive: true });
      made = true;
      appendFileSync(file, `${JSON.stringify(kept)}\n`);
    }
    return log.length;
  };
  return log;
}
