// The emulated PBX as plain JSON: extensions as GET /extensions/{n} shows them, ring
// groups close to their table (null = a NULL column), and the numbers other modules use.

export type Tree = { [key: string]: string | string[] | Tree };

export interface ExtensionRecord extends Tree {
  extension: string;
  name: string;
  tech: string;
  dial: string;
  secret: string;
  context: string;
}

export interface RingGroupRecord {
  extension: string;
  name: string | null;
  strategy: string | null;
  ring_time: string | null;
  extension_list: string[];
  cid_name_prefix: string | null;
  announce_id: string | null;
  alert_info: string | null;
  ignore_call_forward_settings: string | null;
  skip_busy_agent: string | null;
  enable_call_pickup: string | null;
  remote_announce_id: string | null;
  destination_if_no_answer: string | null;
  music_on_hold_ringing: string | null;
  confirm_calls: string | null;
  too_late_announce_id: string | null;
  recording: string | null;
  /** ASTDB RINGGROUP/<n>/changecid and fixedcid; '' when missing */
  change_callerid: string;
  fixed_callerid: string;
}

/** a row of the featurecodes table */
export interface FeatureCode {
  module: string;
  feature: string;
  description: string;
  default_code: string;
  /** '' unless the administrator changed the code */
  custom_code: string;
  enabled: boolean;
}

export interface IssabelState {
  extensions: Record<string, ExtensionRecord>;
  ringGroups: Record<string, RingGroupRecord>;
  /** numbers of the modules the emulator only lists, by module (customExtensions: absent in older state files) */
  otherNumbers: { queues: string[]; conferences: string[]; parkingLots: string[]; customExtensions?: string[] };
  /** absent in older state files */
  featureCodes?: FeatureCode[];
  /** DID routing (issabel-routing.md); absent in older state files */
  routing?: RoutingState;
}

/** a row of the incoming table, by API name (side tables left out: never read back after a POST) */
export interface InboundRouteRecord {
  extension: string;
  callerid_number: string;
  description: string;
  destination: string;
  music_on_hold_class: string;
  cid_priority_route: string;
  alert_info: string;
  cid_name_prefix: string;
  signal_ringing: string;
  pause_before_answer: string;
}

export interface TimeGroupRecord {
  id: number;
  name: string;
  /** timegroups_details.time: Asterisk timing strings `hh:mm-hh:mm|dow|dom|mon` */
  times: string[];
}

export interface TimeConditionRecord {
  id: number;
  name: string;
  time_group_id: string;
  destination_if_time_matches: string;
  destination_if_time_does_not_match: string;
}

export interface RoutingState {
  /** keyed `DID^CID`, in insertion order (no ORDER BY) */
  inboundRoutes: Record<string, InboundRouteRecord>;
  timeGroups: TimeGroupRecord[];
  timeConditions: TimeConditionRecord[];
  /** ASTDB TC/<id> */
  overrides: Record<string, string>;
  /** the tables' auto-increment counters */
  nextTimeGroupId: number;
  nextTimeConditionId: number;
  /** IVRs, only listed by /alldestinations */
  ivrs: { id: string; name: string }[];
}

export const emptyRouting = (): RoutingState => ({
  inboundRoutes: {}, timeGroups: [], timeConditions: [], overrides: {}, nextTimeGroupId: 1, nextTimeConditionId: 1, ivrs: [],
});

export const emptyState = (): IssabelState => ({
  extensions: {},
  ringGroups: {},
  otherNumbers: { queues: [], conferences: [], parkingLots: [], customExtensions: [] },
  featureCodes: [],
  routing: emptyRouting(),
});

/** the code a feature answers on (featurecodes::getExtensions) */
export const featureCode = (f: FeatureCode) => f.custom_code || f.default_code;

/** the numbers of the modules other than extensions and ring groups */
function otherModuleNumbers(state: IssabelState): string[] {
  const { queues, conferences, parkingLots, customExtensions = [] } = state.otherNumbers;
  return [...queues, ...conferences, ...parkingLots, ...customExtensions, ...(state.featureCodes ?? []).map(featureCode)];
}

const PHP_NUMERIC = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/;

/** dieExtensionDuplicate: is n used by any module? PHP's loose == makes "0100" equal "100". */
export function numberTaken(state: IssabelState, n: string): boolean {
  const others = otherModuleNumbers(state);
  if (n in state.extensions || n in state.ringGroups || others.includes(n)) return true;
  if (!PHP_NUMERIC.test(n)) return false;
  const value = Number(n);
  // Number() first: cheap, and only equal values need the full PHP numeric test
  const matches = (used: string) => Number(used) === value && PHP_NUMERIC.test(used);
  for (const used in state.extensions) if (matches(used)) return true;
  for (const used in state.ringGroups) if (matches(used)) return true;
  return others.some(matches);
}

/**
 * The SQL "next free number": smallest N+1 over existing numbers N (as unsigned ints)
 * that is itself free; undefined when there are none.
 */
export function nextFreeNumber(existing: Iterable<string>): string | undefined {
  const values = new Set<number>();
  for (const n of existing) values.add(/^\d+/.test(n) ? parseInt(n, 10) : 0);
  let best: number | undefined;
  for (const v of values) if (!values.has(v + 1) && (best === undefined || v < best)) best = v;
  return best === undefined ? undefined : String(best + 1);
}

/** the routing tables, created on first use for state files written before they existed */
export function routingOf(state: IssabelState): RoutingState {
  state.routing ??= emptyRouting();
  return state.routing;
}
