// Call history as people and programs read it: a table with totals per source, CSV
// (records only, one per line), or JSON with the records and the totals.
import type { Output } from '../cli/output.ts';
import type { CallRecord } from '../engine/provider.ts';

export type CallsFormat = 'table' | 'csv' | 'json';
export const CALLS_FORMATS: CallsFormat[] = ['table', 'csv', 'json'];

export interface SourceTotal {
  source: string;
  calls: number;
  /** seconds */
  duration: number;
  /** absent when no call of the source has a known amount */
  amount?: number;
}

export function totalsBySource(records: CallRecord[]): SourceTotal[] {
  const totals = new Map<string, SourceTotal>();
  for (const r of records) {
    const t = totals.get(r.source) ?? { source: r.source, calls: 0, duration: 0 };
    t.calls++;
    t.duration += r.duration;
    if (r.amount !== undefined) t.amount = (t.amount ?? 0) + r.amount;
    totals.set(r.source, t);
  }
  return [...totals.values()].sort((a, b) => a.source.localeCompare(b.source));
}

const COLUMNS = ['provider', 'start', 'end', 'duration', 'source', 'destination', 'amount', 'direction', 'status'] as const;

/** one CSV field, quoted when it holds a separator, a quote or a line break */
const csvField = (v: unknown) => {
  const s = v === undefined ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** h:mm:ss */
export function clock(seconds: number): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${Math.floor(seconds / 3600)}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}`;
}

/** rows as aligned columns; numbers align right */
function table(header: string[], rows: (string | number)[][], o: Output): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (r: (string | number)[]) =>
    r.map((v, i) => (typeof v === 'number' ? String(v).padStart(widths[i]) : String(v).padEnd(widths[i]))).join('  ').trimEnd();
  o.out(o.style('bold', line(header)));
  for (const r of rows) o.out(line(r));
}

const shortTime = (iso: string) => iso.replace('T', ' ').replace(/(\.\d+)?Z$/, 'Z');

/** records oldest first (providers answer in their own order) */
export function renderCalls(unsorted: CallRecord[], format: CallsFormat, o: Output): void {
  const records = [...unsorted].sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  const totals = totalsBySource(records);
  if (format === 'json') {
    o.out(JSON.stringify({ calls: records, totals }, null, 2));
    return;
  }
  if (format === 'csv') {
    o.out(COLUMNS.join(','));
    for (const r of records) o.out(COLUMNS.map((c) => csvField(r[c])).join(','));
    return;
  }
  if (!records.length) {
    o.out('No calls in this period.');
    return;
  }
  const withAmount = records.some((r) => r.amount !== undefined);
  const withStatus = records.some((r) => r.status !== undefined);
  const header = ['start', 'duration', 'source', 'destination', ...(withAmount ? ['amount'] : []), ...(withStatus ? ['status'] : [])];
  table(
    header,
    records.map((r) => [
      shortTime(r.start), r.duration, r.source, r.destination,
      ...(withAmount ? [r.amount ?? ''] : []), ...(withStatus ? [r.status ?? ''] : []),
    ]),
    o,
  );
  o.out();
  o.out(o.style('bold', 'Totals per source'));
  const all = { calls: records.length, duration: totals.reduce((s, t) => s + t.duration, 0), amount: totals.reduce((s, t) => s + (t.amount ?? 0), 0) };
  table(
    ['source', 'calls', 'duration', 'seconds', ...(withAmount ? ['amount'] : [])],
    [...totals, { source: 'all', ...all }].map((t) => [t.source, t.calls, clock(t.duration), t.duration, ...(withAmount ? [t.amount ?? ''] : [])]),
    o,
  );
}
