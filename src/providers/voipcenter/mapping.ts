// VoipCenter wire ⇄ pbxctl model. No response body is documented (decisions.md), so the
// wire field names and the `p` letters are assumptions kept here, in one place.
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { CallRecord } from '../../engine/provider.ts';
import type { ModelObject } from '../../engine/model.ts';

export type WireRow = Record<string, unknown>;

/** read-only listings that names in the YAML refer to */
export const CATALOGS = {
  holiday_sets: { menu: 'feestdagen', noun: 'holiday set', title: 'holiday sets (feestdagen)' },
  vacations: { menu: 'vakanties', noun: 'vacation period', title: 'vacation periods (vakanties)' },
  office_hours: { menu: 'kantooruren', noun: 'office hours', title: 'office hours (kantooruren)' },
  routes: { menu: 'routes', noun: 'route', title: 'routes' },
  backup_routes: { menu: 'backuproutes', noun: 'backup route', title: 'backup routes' },
  sip_accounts: { menu: 'sipacc', noun: 'SIP account', title: 'SIP accounts (username)' },
  hot_desk_templates: { menu: 'hdtemplate', noun: 'hot desk template', title: 'hot desk templates' },
} as const;
export type Catalog = keyof typeof CATALOGS;

/** a model field that names a catalog item: its `p` letter and the wire field holding the id */
export interface NameField {
  field: string;
  letter: string;
  wire: string;
  catalog: Catalog;
}

export interface Editable {
  menu: string;
  /** model key field and how it is read from a wire row */
  key: string;
  keyOf(row: WireRow): string;
  nameFields: NameField[];
}

/** a number as E.164; the wire may give it in Belgian national form */
export function e164(value: unknown): string {
  const text = String(value ?? '');
  return parsePhoneNumberFromString(text, 'BE')?.number ?? text;
}

export const EDITABLE = {
  did_routes: {
    menu: 'did',
    key: 'number',
    keyOf: (row) => e164(row.number),
    nameFields: [
      { field: 'holidays', letter: 'f', wire: 'holiday_id', catalog: 'holiday_sets' },
      { field: 'vacations', letter: 'v', wire: 'vacation_id', catalog: 'vacations' },
      { field: 'office_hours', letter: 'k', wire: 'office_hours_id', catalog: 'office_hours' },
      { field: 'route', letter: 'r', wire: 'route_id', catalog: 'routes' },
      { field: 'backup_route', letter: 'b', wire: 'backup_route_id', catalog: 'backup_routes' },
    ],
  },
  indicators: { menu: 'indicator', key: 'name', keyOf: (row) => String(row.name), nameFields: [] },
  hot_desks: {
    menu: 'hddesk',
    key: 'name',
    keyOf: (row) => String(row.name),
    nameFields: [
      { field: 'sip_account', letter: 's', wire: 'sipacc_id', catalog: 'sip_accounts' },
      { field: 'template', letter: 't', wire: 'template_id', catalog: 'hot_desk_templates' },
    ],
  },
} satisfies Record<string, Editable>;
export type EditableKind = keyof typeof EDITABLE;

/** id 0 means "none" on the wire and null in the model */
export const NONE = 0;

/** names by id, for one catalog */
export type Names = Map<number, string>;

export function fromWire(kind: EditableKind, row: WireRow, names: (catalog: Catalog) => Names): ModelObject {
  const spec: Editable = EDITABLE[kind];
  const out: ModelObject = { [spec.key]: spec.keyOf(row) };
  if (kind === 'indicators') out.active = Number(row.active) === 1;
  // the DID's own name is not writable: shown in listings, never compared (the YAML has no such field)
  if (kind === 'did_routes' && row.name !== undefined) out.name = String(row.name);
  for (const f of spec.nameFields) {
    const id = Number(row[f.wire]);
    out[f.field] = id === NONE ? null : (names(f.catalog).get(id) ?? `#${id}`);
  }
  return out;
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

const BELGIUM = 'Europe/Brussels';

/** minutes east of UTC in Belgium at the given instant */
function belgianOffsetMinutes(ms: number): number {
  const name = new Intl.DateTimeFormat('en-GB', { timeZone: BELGIUM, timeZoneName: 'longOffset' })
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
