// GET of the modules the emulator only lists (queues, conferences, parking lots, custom
// extensions, feature codes): the rows rest::get and each controller's get() build, which
// is what dieExtensionDuplicate reads their numbers from (issabel.md §4, §6). Writes to
// them are not emulated.
import type { Exchange } from './http.ts';
import type { FeatureCode, IssabelState } from './state.ts';

type Row = Record<string, unknown>;

const CONFERENCE_OPTIONS = [
  'talker_detection', 'wait_for_leader', 'talker_optimization', 'quiet_mode', 'announce_user_count',
  'announce_user_join_leave', 'music_on_hold', 'allow_menu', 'record', 'join_muted',
];

const featureRow = (f: FeatureCode): Row => ({
  id: `${f.module}^${f.feature}`,
  name: f.feature,
  extension: f.default_code,
  module_name: f.module,
  description: f.description,
  custom_code: f.custom_code,
  enabled: f.enabled ? 'yes' : 'no',
  provides_destination: '1',
  full_name: f.module.charAt(0).toUpperCase() + f.module.slice(1),
});

/** controller → its rows, keyed by the id a single GET takes */
export const MODULE_LISTINGS: Record<string, (state: IssabelState) => Row[]> = {
  queues: (s) => s.otherNumbers.queues.map((n) => ({ id: n, extension: n, name: `Queue ${n}`, strategy: 'ringall', timeout: '15' })),
  conferences: (s) =>
    s.otherNumbers.conferences.map((n) => ({ id: n, name: `Conference ${n}`, extension: n, options: Object.fromEntries(CONFERENCE_OPTIONS.map((o) => [o, 'no'])) })),
  parkinglots: (s) =>
    s.otherNumbers.parkingLots.map((n, i) => ({
      id: String(i + 1), name: i === 0 ? 'Default Lot' : `Lot ${n}`, extension: n, starting_position: String(Number(n) + 1), number_of_slots: '8',
    })),
  customextensions: (s) => (s.otherNumbers.customExtensions ?? []).map((n) => ({ id: n, name: `Custom ${n}`, extension: n })),
  featurecodes: (s) => (s.featureCodes ?? []).map(featureRow),
};

export function moduleListing(state: IssabelState, ex: Exchange, controller: string, id: string): void {
  if (ex.method !== 'GET') return ex.page(405, { Allow: 'GET' });
  const rows = MODULE_LISTINGS[controller](state);
  if (id === '') return ex.success(rows);
  const row = rows.find((r) => r.id === id);
  if (!row) return ex.fail([{ status: '404', detail: 'Record not found' }]);
  ex.success([row]);
}
