// VoipCenter wire ⇄ pbxctl model. No response body is documented (decisions.md), so the
// wire field names are assumptions kept here and, with the `p` letters, in kinds.ts.
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { CallRecord } from '../../engine/provider.ts';
import type { ModelObject } from '../../engine/model.ts';
import { EDITABLE, type Catalog, type Editable, type EditableKind, type NameField } from './kinds.ts';
import { BRUSSELS, WEEKDAYS, type Weekday } from './time.ts';

export type WireRow = Record<string, unknown>;

const converted = new Map<string, string>();
const MAX_CONVERTED = 100_000;

/** +32 and digits not starting with 0: libphonenumber gives it back as it is (test/voipcenter-e164.test.ts) */
const BELGIAN_E164 = /^\+32[1-9]\d*$/;

/** a number as E.164; the wire may give it in Belgian national form. A read keys each row more than once: parsed once */
export function e164(value: unknown): string {
  const text = String(value ?? '');
  if (BELGIAN_E164.test(text)) return text;
  let number = converted.get(text);
  if (number === undefined) {
    number = parsePhoneNumberFromString(text, 'BE')?.number ?? text;
    if (converted.size >= MAX_CONVERTED) converted.clear();
    converted.set(text, number);
  }
  return number;
}

/** an editable row's key: a DID route's number as E.164, anything else's name */
export const keyOf = (kind: EditableKind, row: WireRow): string => (kind === 'did_routes' ? e164(row.number) : String(row.name));

/** id 0 means "none" on the wire and null in the model */
export const NONE = 0;

/** names by id, for one catalog */
export type Names = Map<number, string>;

export function fromWire(kind: EditableKind, row: WireRow, names: (catalog: Catalog) => Names): ModelObject {
  const spec: Editable = EDITABLE[kind];
  const out: ModelObject = { [spec.key]: keyOf(kind, row) };
  if (kind === 'indicators') out.active = Number(row.active) === 1;
  // the DID's own name is not writable: shown in listings, never compared (the YAML has no such field)
  if (kind === 'did_routes' && row.name !== undefined) out.name = String(row.name);
  for (const f of spec.nameFields) {
    const id = Number(row[f.wire]);
    out[f.field] = id === NONE ? null : (names(f.catalog).get(id) ?? `#${id}`);
  }
  return out;
}

/** a list field of a wire row: a missing one is empty, as is xml's '' */
const listOf = (value: unknown): WireRow[] => (Array.isArray(value) ? (value as WireRow[]) : []);

const isDate = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);
const isClock = (v: string) => /^(?:[01]\d|2[0-3]):[0-5]\d$/.test(v);

/** the reason a time filter's content does not read as decided (decisions.md), or undefined */
function unreadable(catalog: Catalog, row: WireRow): string | undefined {
  const bad = (path: string, value: unknown, what: string) => `${path} ${JSON.stringify(value ?? null)} is not ${what}`;
  if (catalog === 'holiday_sets') {
    for (const [i, d] of listOf(row.days).entries()) if (!isDate(String(d.date))) return bad(`days.${i}.date`, d.date, 'a YYYY-MM-DD date');
  }
  if (catalog === 'vacations') {
    for (const f of ['start', 'end']) if (!isDate(String(row[f]))) return bad(f, row[f], 'a YYYY-MM-DD date');
    if (String(row.end) < String(row.start)) return `end ${String(row.end)} is before start ${String(row.start)}`;
  }
  if (catalog === 'office_hours') {
    for (const [i, h] of listOf(row.hours).entries()) {
      const [open, close] = [String(h.open), String(h.close)];
      if (!(WEEKDAYS as readonly unknown[]).includes(h.day)) return bad(`hours.${i}.day`, h.day, 'one of mon … sun');
      if (!isClock(open)) return bad(`hours.${i}.open`, h.open, 'a time HH:MM');
      if (!isClock(close) && close !== '24:00') return bad(`hours.${i}.close`, h.close, 'a time HH:MM');
      if (close <= open) return `hours.${i}: close ${close} is not after open ${open}`;
    }
  }
  return undefined;
}

/**
 * A catalog item in model shape: its name and, for time filters, their rules (time.ts),
 * routes with their description; an unreadable filter keeps only the reason.
 */
export function catalogFromWire(catalog: Catalog, row: WireRow): ModelObject {
  const name = String(row.name);
  const problem = unreadable(catalog, row);
  if (problem) return { name, unreadable: problem };
  switch (catalog) {
    case 'holiday_sets':
      return { name, days: listOf(row.days).map((d) => ({ date: String(d.date), name: String(d.name ?? '') })) };
    case 'vacations':
      return { name, start: String(row.start), end: String(row.end) };
    case 'office_hours':
      return { name, hours: listOf(row.hours).map((h) => ({ day: h.day as Weekday, open: String(h.open), close: String(h.close) })) };
    case 'routes':
      return { name, description: String(row.description ?? '') };
    case 'backup_routes':
      return { name, destination: String(row.destination ?? '') };
    default:
      return { name };
  }
}

/** `p` of update.php: every letter, desired ids over the live ones (`f10|v20|k30|r140|b150`) */
export function updateParam(kind: EditableKind, live: WireRow, desired: ModelObject, idOf: (f: NameField, name: string) => number): string {
  if (kind === 'indicators') return desired.active ? '1' : '0';
  return EDITABLE[kind].nameFields
    .map((f: NameField) => {
      const want = desired[f.field];
      const id = want === undefined ? Number(live[f.wire]) : want === null ? NONE : idOf(f, String(want));
      return `${f.letter}${id}`;
    })
    .join('|');
}

/** minutes east of UTC in Belgium at the given instant */
function belgianOffsetMinutes(ms: number): number {
  const name = new Intl.DateTimeFormat('en-GB', { timeZone: BRUSSELS, timeZoneName: 'longOffset' })
    .formatToParts(ms)
    .find((p) => p.type === 'timeZoneName')?.value;
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name ?? '');
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

/** `YYYY-MM-DD HH:MM:SS` in Belgian local time as an instant */
export function belgianTime(local: string): Date {
  const wall = Date.parse(`${local.replace(' ', 'T')}Z`);
  const guess = wall - belgianOffsetMinutes(wall) * 60_000;
  return new Date(wall - belgianOffsetMinutes(guess) * 60_000);
}

const isoSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export function callFromWire(provider: string, row: WireRow): CallRecord {
  const start = belgianTime(String(row.date));
  const duration = Number(row.duration) || 0;
  const direction = row.direction === 'in' || row.direction === 'out' ? row.direction : undefined;
  return {
    provider,
    start: isoSeconds(start.getTime()),
    end: isoSeconds(start.getTime() + duration * 1000),
    duration,
    source: String(row.from ?? ''),
    destination: String(row.to ?? ''),
    ...(direction ? { direction } : {}),
    ...(row.status !== undefined ? { status: String(row.status) } : {}),
  };
}
