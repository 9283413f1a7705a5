// The fewest requests the Crossbar API allows for a plan's read, from the API's own
// limits (not pbxctl's settings): one listing per kind read whole, or pages as large as
// the server's cap; a document only where no listing row answers; the account document
// once, where the account's timezone is needed (it is in no other answer).
import { LISTED, UNIQUE } from './mapping.ts';

export interface KindLoad {
  /** rows the kind's listing holds (for did_routes: every callflow, not only the DID routes) */
  rows: number;
  /** live objects the YAML declares */
  declared: number;
  /** the model fields the YAML declares on them */
  fields: string[];
  /** live objects the YAML does not declare that the plan acts on or checks (prune, references): their documents count where references live in the document */
  actedOn?: number;
  /** devices: declared live devices someone is hot-desked into (/hotdesks names them, not who) */
  loggedIn?: number;
  /** schedules: rule documents of every live set */
  rules?: number;
  /** schedules: live sets without a timezone of their own (their rules hold in the account's) */
  zoneless?: number;
}

/** what the plan needs beyond its kinds' objects */
export interface PlanNeeds {
  /** the plan changes what a DID reaches: its behaviour diff runs on the account's clock */
  behaviourDiff?: boolean;
}

export interface ApiLimits {
  /** the most rows one listing answer may hold (Crossbar's memory cap); none: unbounded */
  listingMaxRows?: number;
  /** the session logs in (user_auth / api_auth) rather than being given a token */
  login?: boolean;
}

const listingRequests = (rows: number, cap?: number) => (cap ? Math.max(1, Math.ceil(rows / cap)) : 1);

/** documents one kind needs read beyond its listing */
function documents(kind: string, load: KindLoad): number {
  // a schedule's rules and a route's flow are never in a listing
  if (kind === 'schedules') return load.declared + (load.actedOn ?? 0) + (load.rules ?? 0);
  if (kind === 'did_routes') return load.declared + (load.actedOn ?? 0);
  const unlisted = load.fields.filter((f) => !LISTED[kind]?.includes(f));
  if (!unlisted.length) return kind === 'devices' ? (load.loggedIn ?? 0) : 0;
  // a unique value only the document shows is checked against every object of the kind
  const uniqueUnlisted = Object.values(UNIQUE[kind] ?? {}).flat().some((path) => unlisted.includes(path));
  return uniqueUnlisted ? load.rows : load.declared;
}

/** the minimum number of requests a SmartPBX plan reads with, for these kinds (every kind the plan reads) */
export function minimumPlanRequests(kinds: Record<string, KindLoad>, api: ApiLimits = {}, needs: PlanNeeds = {}): number {
  let total = api.login ? 1 : 0;
  for (const [kind, load] of Object.entries(kinds)) total += listingRequests(load.rows, api.listingMaxRows) + documents(kind, load);
  // the hot-desk logins of every device, when devices are declared
  if (kinds.devices?.declared) total += listingRequests(kinds.devices.loggedIn ?? 0, api.listingMaxRows);
  if (kinds.schedules?.zoneless || needs.behaviourDiff) total += 1;
  return total;
}
