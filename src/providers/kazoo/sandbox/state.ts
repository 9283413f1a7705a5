// The emulator's state (JSON-serialisable, what is saved to disk) and the in-memory
// indexes rebuilt from it: per account and kind, the live ids in `_id` order (the key of
// Kazoo's listing views) and the per-account uniqueness keys.
import { createHash, randomBytes } from 'node:crypto';

export type Kind = 'devices' | 'users' | 'callflows' | 'vmboxes' | 'temporal_rules' | 'temporal_rules_sets';
export const KINDS: readonly Kind[] = ['devices', 'users', 'callflows', 'vmboxes', 'temporal_rules', 'temporal_rules_sets'];
export const PVT_TYPE: Record<Kind, string> = {
  devices: 'device',
  users: 'user',
  callflows: 'callflow',
  vmboxes: 'vmbox',
  temporal_rules: 'temporal_rule',
  temporal_rules_sets: 'temporal_rule_set',
};

export type Json = Record<string, unknown>;

/** A stored document as CouchDB holds it: public fields plus `_id`, `_rev` and `pvt_*`. */
export interface StoredDoc extends Json {
  _id: string;
  _rev: string;
  pvt_type: string;
  pvt_account_id: string;
  pvt_created: number;
  pvt_modified: number;
  pvt_deleted?: boolean;
}

export interface NumberDoc {
  /** the account that owns the number in the number database */
  account_id: string;
  /** set while a callflow uses it */
  used_by?: 'callflow';
}

export interface KazooState {
  version: 1;
  accounts: Record<string, StoredDoc>;
  devices: Record<string, StoredDoc>;
  users: Record<string, StoredDoc>;
  callflows: Record<string, StoredDoc>;
  vmboxes: Record<string, StoredDoc>;
  temporal_rules: Record<string, StoredDoc>;
  temporal_rules_sets: Record<string, StoredDoc>;
  /** the number database, keyed by E.164 number */
  numbers: Record<string, NumberDoc>;
}

export const emptyState = (): KazooState => ({
  version: 1,
  accounts: {},
  devices: {},
  users: {},
  callflows: {},
  vmboxes: {},
  temporal_rules: {},
  temporal_rules_sets: {},
  numbers: {},
});

// ids are drawn from a pool of random bytes (one call for 256 ids, not one per id)
let pool = Buffer.alloc(0);
let used = 0;
/** 32 random hex digits, as CouchDB's ids and Kazoo's request ids */
export function newId(): string {
  if (used + 16 > pool.length) [pool, used] = [randomBytes(4096), 0];
  return pool.toString('hex', used, (used += 16));
}
export const md5 = (s: string): string => createHash('md5').update(s).digest('hex');
export const sha1 = (s: string): string => createHash('sha1').update(s).digest('hex');

const GREGORIAN_OFFSET_S = 62167219200;
export const gregorianSeconds = (ms: number): number => Math.floor(ms / 1000) + GREGORIAN_OFFSET_S;

export const isPrivateKey = (key: string): boolean => key.startsWith('_') || key.startsWith('pvt_');

/** The document as Crossbar returns it: public fields plus `id`. */
export function publicDoc(doc: StoredDoc): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(doc)) if (!isPrivateKey(key) || key === '_read_only') out[key] = value;
  out.id = doc._id;
  return out;
}

export function privateFields(doc: StoredDoc): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(doc)) if (isPrivateKey(key)) out[key] = value;
  return out;
}

export const nextRev = (rev: string | undefined, body: unknown): string =>
  `${rev ? Number(rev.split('-')[0]) + 1 : 1}-${md5(JSON.stringify(body))}`;

/** The uniqueness keys a document holds, as [field, value] (values already normalised). */
export function uniqueKeys(kind: Kind, doc: Json): [string, string][] {
  const keys: [string, string][] = [];
  if (kind === 'devices') {
    const sip = (doc.sip ?? {}) as Json;
    const method = sip.method ?? 'password';
    if (method === 'password' && typeof sip.username === 'string') keys.push(['sip.username', sip.username.toLowerCase()]);
    if (method === 'ip' && typeof sip.ip === 'string') keys.push(['sip.ip', sip.ip]);
    if (typeof doc.mac_address === 'string' && doc.mac_address !== '') keys.push(['mac_address', doc.mac_address]);
  } else if (kind === 'users') {
    if (typeof doc.username === 'string') keys.push(['username', doc.username]);
    const hotdeskId = (doc.hotdesk as Json | undefined)?.id;
    if (typeof hotdeskId === 'string' && hotdeskId !== '') keys.push(['hotdesk.id', hotdeskId]);
  } else if (kind === 'vmboxes') {
    // the view key is parseInt(mailbox, 10): "0201" and "201" are one box
    if (typeof doc.mailbox === 'string' && /^[0-9]+$/.test(doc.mailbox)) keys.push(['mailbox', String(parseInt(doc.mailbox, 10))]);
  } else if (kind === 'callflows') {
    for (const n of (doc.numbers ?? []) as string[]) keys.push(['numbers', n]);
    for (const p of (doc.patterns ?? []) as string[]) keys.push(['patterns', p]);
  }
  return keys;
}

function insertSorted(list: string[], id: string): void {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid] < id) lo = mid + 1;
    else hi = mid;
  }
  if (list[lo] !== id) list.splice(lo, 0, id);
}

/** index of the first id >= key */
export function lowerBound(list: readonly string[], key: string): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid] < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class Indexes {
  private sorted = new Map<string, string[]>();
  private unique = new Map<string, string>();

  constructor(private state: KazooState) {
    for (const kind of KINDS) {
      state[kind] ??= {}; // a state saved before the kind existed
      for (const doc of Object.values(state[kind])) {
        if (doc.pvt_deleted) continue;
        this.list(doc.pvt_account_id, kind).push(doc._id);
        this.addKeys(kind, doc);
      }
    }
    for (const list of this.sorted.values()) list.sort();
  }

  /** live ids of one kind in one account, sorted by id (do not mutate) */
  ids(accountId: string, kind: Kind): readonly string[] {
    return this.sorted.get(`${accountId}\0${kind}`) ?? [];
  }

  /** the id of the live document holding a unique value, if any */
  owner(accountId: string, field: string, value: string): string | undefined {
    return this.unique.get(`${accountId}\0${field}\0${value}`);
  }

  live(kind: Kind, accountId: string, id: string): StoredDoc | undefined {
    const doc = Object.hasOwn(this.state[kind], id) ? this.state[kind][id] : undefined;
    return doc && !doc.pvt_deleted && doc.pvt_account_id === accountId ? doc : undefined;
  }

  /** stores a document (create, replace or soft delete) and keeps the indexes in step */
  put(kind: Kind, doc: StoredDoc): void {
    const old = Object.hasOwn(this.state[kind], doc._id) ? this.state[kind][doc._id] : undefined;
    if (old && !old.pvt_deleted) this.drop(kind, old);
    this.state[kind][doc._id] = doc;
    if (doc.pvt_deleted) return;
    insertSorted(this.list(doc.pvt_account_id, kind), doc._id);
    this.addKeys(kind, doc);
  }

  private list(accountId: string, kind: Kind): string[] {
    const key = `${accountId}\0${kind}`;
    let list = this.sorted.get(key);
    if (!list) this.sorted.set(key, (list = []));
    return list;
  }

  private addKeys(kind: Kind, doc: StoredDoc): void {
    for (const [field, value] of uniqueKeys(kind, doc)) this.unique.set(`${doc.pvt_account_id}\0${field}\0${value}`, doc._id);
  }

  private drop(kind: Kind, doc: StoredDoc): void {
    const list = this.list(doc.pvt_account_id, kind);
    const at = lowerBound(list, doc._id);
    if (list[at] === doc._id) list.splice(at, 1);
    for (const [field, value] of uniqueKeys(kind, doc)) {
      const key = `${doc.pvt_account_id}\0${field}\0${value}`;
      if (this.unique.get(key) === doc._id) this.unique.delete(key);
    }
  }
}
