// The fewest requests a plan can make, from the APIs' limits (not from pbxctl's settings).
// Issabel's listings are unpaginated and VoipCenter's get.php takes id=0: a login and one
// listing per kind read. SmartPBX's is the provider's own count (src/providers/kazoo/minimum.ts),
// given the world's live documents and what its YAML declares.
import { minimumPlanRequests, type KindLoad } from '../src/providers/kazoo/minimum.ts';
import { SANDBOX_ACCOUNT_ID } from '../src/providers/kazoo/sandbox/index.ts';
import type { KazooState, StoredDoc } from '../src/providers/kazoo/sandbox/state.ts';
import type { RequestLogEntry } from '../src/sandbox/emulator.ts';
import { SMARTPBX_FIELDS, type World } from './scenario.ts';
import type { ProviderName } from './servers.ts';

/** what a listing reads: the path, and for VoipCenter the menu in the form body */
const listingKey = (e: RequestLogEntry) => `${e.path} ${(e.body as { m?: string } | undefined)?.m ?? ''}`;

/** a request that changes the PBX (logins and VoipCenter's POSTed reads are not) */
export function isWrite(name: ProviderName, e: RequestLogEntry): boolean {
  if (name === 'gent') return e.path.endsWith('/update.php');
  return e.write && !/\/(authenticate|user_auth|api_auth)$/.test(e.path);
}

/** the SmartPBX plan's minimum: every kind it reads (the YAML's and those its routes refer to), with the world's live documents */
function smartpbxMinimum(world: World): number {
  const state = JSON.parse(world.kazooJson) as KazooState;
  const live = (docs: Record<string, StoredDoc>) => Object.values(docs).filter((d) => d.pvt_account_id === SANDBOX_ACCOUNT_ID && !d.pvt_deleted);
  const planned = (kind: string) => world.expected.smartpbx[kind] ?? { equal: 0, create: 0, update: 0, delete: 0 };
  const declaredLive = (kind: string) => planned(kind).equal + planned(kind).update;
  const sets = live(state.temporal_rules_sets);
  const routes = planned('did_routes');
  const kinds: Record<string, KindLoad> = {
    users: { rows: live(state.users).length, declared: declaredLive('users'), fields: SMARTPBX_FIELDS.users },
    // no device of a world has a hot-desk login
    devices: { rows: live(state.devices).length, declared: declaredLive('devices'), fields: world.documentFields ? SMARTPBX_FIELDS.devicesWithCallerId : SMARTPBX_FIELDS.devices },
    voicemail_boxes: { rows: live(state.vmboxes).length, declared: 0, fields: [] },
    // every live schedule is read whole: a route may ring through it
    schedules: {
      rows: sets.length,
      declared: 0,
      fields: [],
      actedOn: sets.length,
      rules: sets.reduce((n, s) => n + (s.temporal_rules as unknown[]).length, 0),
      zoneless: sets.filter((s) => typeof s.timezone !== 'string').length,
    },
    // the undeclared routes are followed when the plan prunes what they ring (src/engine/follow.ts)
    did_routes: { rows: live(state.callflows).length, declared: declaredLive('did_routes'), fields: SMARTPBX_FIELDS.did_routes, actedOn: world.mix === 'standard' ? routes.delete : 0 },
  };
  return minimumPlanRequests(kinds, { login: true }, { behaviourDiff: routes.create + routes.update + routes.delete > 0 });
}

export interface PlanReads {
  reads: number;
  minimum: number;
  /** listings read more than once (pages, repeats) */
  repeatedListings: number;
}

export function planReads(name: ProviderName, reads: RequestLogEntry[], world: World): PlanReads {
  // a Kazoo document is /v2/accounts/{account}/{kind}/{id}
  const listings = name === 'smartpbx' ? reads.filter((e) => e.path.split('/').filter(Boolean).length < 5) : reads;
  const kinds = new Set(listings.map(listingKey)).size;
  return { reads: reads.length, minimum: name === 'smartpbx' ? smartpbxMinimum(world) : kinds, repeatedListings: listings.length - kinds };
}
