// GET /v1/call/log: a window of at most 31 days (start before end, both
// `YYYY-MM-DD HH:MM:SS`, read as UTC like the records' times), an optional source,
// newest first, limit/offset paging with the total of the whole window.
import type { CallLog, Tel4vnState } from './seed.ts';

const MAX_RANGE_MS = 31 * 86_400_000;
const DEFAULT_LIMIT = 10;
/** larger limits are cut to this and the answer's `limit` says so */
const MAX_LIMIT = 1000;

export type CallLogAnswer =
  | { status: 200; body: { data: CallLog[]; limit: number; offset: number; total: number } }
  | { status: 400; body: { error: string } };

function parseDate(value: string | null): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(value ?? '');
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number);
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(ms);
  // reject dates that roll over (2026-02-30, 25:00:00)
  return back.getUTCMonth() === mo - 1 && back.getUTCDate() === d && back.getUTCHours() === h ? ms : undefined;
}

function parseCount(value: string | null, fallback: number, min: number): number | undefined {
  if (value === null || value === '') return fallback;
  return /^\d+$/.test(value) && Number(value) >= min ? Number(value) : undefined;
}

const bad = (error: string): CallLogAnswer => ({ status: 400, body: { error } });

export function callLog(state: Tel4vnState, query: URLSearchParams): CallLogAnswer {
  if (!query.get('start_date') || !query.get('end_date')) return bad('start_date and end_date are required');
  const start = parseDate(query.get('start_date'));
  const end = parseDate(query.get('end_date'));
  if (start === undefined || end === undefined) return bad('date must be in format YYYY-MM-DD HH:MM:SS');
  if (start >= end) return bad('start_date must be before end_date');
  if (end - start > MAX_RANGE_MS) return bad('date range must be in 31 days');
  const requestedLimit = parseCount(query.get('limit'), DEFAULT_LIMIT, 1);
  if (requestedLimit === undefined) return bad('invalid limit');
  const offset = parseCount(query.get('offset'), 0, 0);
  if (offset === undefined) return bad('invalid offset');
  const limit = Math.min(requestedLimit, MAX_LIMIT);
  const source = query.get('source');
  const matching = state.calls.filter((c) => {
    const t = Date.parse(c.start_time);
    return t >= start && t <= end && (!source || c.source === source);
  });
  return { status: 200, body: { data: matching.slice(offset, offset + limit), limit, offset, total: matching.length } };
}
