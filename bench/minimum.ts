// The fewest requests a plan can make, from the APIs' limits (not from pbxctl's settings):
// every API here lists a whole kind in one request — Issabel's listings are unpaginated,
// Kazoo's take paginate=false (kazoo.md §3), VoipCenter's get.php takes id=0 — so the
// minimum is a login, one listing per kind read, and a Kazoo document only where the
// listing row lacks a declared field: the flow of a DID route (callflow rows have none)
// and, in the document-fields world, a device's caller ID (devices rows, kazoo.md §4.2).
// Seam: when the providers export their own minimum (helper g15), call it here instead.
import type { RequestLogEntry } from '../src/sandbox/emulator.ts';
import type { ProviderName } from './servers.ts';
import type { World } from './scenario.ts';

/** a Kazoo document GET: /v2/accounts/{account}/{kind}/{id} */
const isDocument = (name: ProviderName, e: RequestLogEntry) => name === 'smartpbx' && e.path.split('/').filter(Boolean).length >= 5;

/** what a listing reads: the path, and for VoipCenter the menu in the form body */
const listingKey = (e: RequestLogEntry) => `${e.path} ${(e.body as { m?: string } | undefined)?.m ?? ''}`;

/** a request that changes the PBX (logins and VoipCenter's POSTed reads are not) */
export function isWrite(name: ProviderName, e: RequestLogEntry): boolean {
  if (name === 'gent') return e.path.endsWith('/update.php');
  return e.write && !/\/(authenticate|user_auth|api_auth)$/.test(e.path);
}

/** objects on the server that the YAML declares with a field only their document holds */
function documentsNeeded(name: ProviderName, world: World): number {
  if (name !== 'smartpbx') return 0;
  const live = (kind: string, undeclared = false) => {
    const t = world.expected.smartpbx[kind];
    return t ? t.equal + t.update + (undeclared ? t.delete : 0) : 0;
  };
  // a route's flow for every declared route, and for the undeclared ones too when the plan prunes what they ring (src/engine/follow.ts)
  return live('did_routes', world.mix === 'standard') + (world.documentFields ? live('devices') : 0);
}

export interface PlanReads {
  reads: number;
  minimum: number;
  /** listing requests beyond one per kind (pages), and document GETs beyond those needed */
  extraPages: number;
  extraDocuments: number;
}

export function planReads(name: ProviderName, reads: RequestLogEntry[], world: World): PlanReads {
  const listings = reads.filter((e) => !isDocument(name, e));
  const kinds = new Set(listings.map(listingKey)).size;
  const needed = documentsNeeded(name, world);
  return { reads: reads.length, minimum: kinds + needed, extraPages: listings.length - kinds, extraDocuments: reads.length - listings.length - needed };
}
