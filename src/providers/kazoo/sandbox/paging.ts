// Listing pages as Crossbar builds them: `page_size` items from `start_key` along a view
// keyed by `_id`, `next_start_key` only when more remain, `paginate=false` for everything.
// Keys go on the wire like Kazoo 4.2+: base64url of Erlang's term_to_binary of the key.
// One answer holds at most `maxRows` rows when a cap is set (Crossbar's memory cap): over
// it, 416 range not satisfiable.
import { KazooError } from './envelope.ts';
import { lowerBound, type Json } from './state.ts';

const TERM_PREFIX = [131, 109]; // external term format, BINARY_EXT

export function encodeStartKey(key: string): string {
  const bytes = Buffer.from(key, 'utf8');
  const head = Buffer.from([...TERM_PREFIX, 0, 0, 0, 0]);
  head.writeUInt32BE(bytes.length, 2);
  return Buffer.concat([head, bytes]).toString('base64url');
}

/** a key Kazoo cannot decode is used as given */
export function decodeStartKey(raw: string): string {
  const bytes = Buffer.from(raw, 'base64url');
  if (bytes.length >= 6 && bytes[0] === TERM_PREFIX[0] && bytes[1] === TERM_PREFIX[1]) {
    const length = bytes.readUInt32BE(2);
    if (bytes.length === 6 + length) return bytes.subarray(6).toString('utf8');
  }
  return raw;
}

export interface Page {
  data: Json[];
  paging: Record<string, unknown>;
}

export interface ListingLimits {
  /** rows of a page when the request does not ask (Crossbar: 50) */
  pageSize: number;
  /** the most rows one answer may hold; unset: no cap */
  maxRows?: number;
}

const overCap = () => new KazooError(416, 'range not satisfiable', { message: 'range not satisfiable' });

/**
 * One page over `ids` (sorted ascending). `item` maps an id to its listing row, or
 * undefined when a filter rejects it; only the rows of one page are built.
 * The reference records the 416 for `paginate=false`; a page asked for larger than the
 * cap is refused alike here (the cap is on what one answer holds).
 */
export function page(ids: readonly string[], query: URLSearchParams, limits: ListingLimits, item: (id: string) => Json | undefined): Page {
  const cap = limits.maxRows ?? Infinity;
  if (query.get('paginate') === 'false') {
    const data: Json[] = [];
    for (const id of ids) {
      const row = item(id);
      if (row && data.push(row) > cap) throw overCap();
    }
    return { data, paging: {} };
  }
  const asked = Number(query.get('page_size'));
  const size = Number.isInteger(asked) && asked > 0 ? asked : limits.pageSize;
  if (size > cap) throw overCap();
  const rawStart = query.get('start_key');
  let at = rawStart ? lowerBound(ids, decodeStartKey(rawStart)) : 0;
  const data: Json[] = [];
  let first: string | undefined;
  let next: string | undefined;
  for (; at < ids.length; at++) {
    const row = item(ids[at]);
    if (!row) continue;
    if (data.length === size) {
      next = ids[at];
      break;
    }
    first ??= ids[at];
    data.push(row);
  }
  const paging: Record<string, unknown> = { page_size: data.length };
  const startKey = rawStart ?? (first === undefined ? undefined : encodeStartKey(first));
  if (startKey !== undefined) paging.start_key = startKey;
  if (next !== undefined) paging.next_start_key = encodeStartKey(next);
  return { data, paging };
}

/** Crossbar's query-string filters on the full document (the subset SmartPBX uses and a few more) */
export function matchesFilters(doc: Json, query: URLSearchParams): boolean {
  for (const [name, value] of query) {
    let m: RegExpMatchArray | null;
    if ((m = name.match(/^filter_not_(.+)$/))) {
      if (String(getPath(doc, m[1])) === value) return false;
    } else if ((m = name.match(/^filter_(.+)$/))) {
      if (String(getPath(doc, m[1])) !== value) return false;
    } else if (name === 'has_key') {
      if (getPath(doc, value) === undefined) return false;
    } else if (name === 'key_missing') {
      if (getPath(doc, value) !== undefined) return false;
    }
  }
  return true;
}

const getPath = (doc: Json, dotted: string): unknown =>
  dotted.split('.').reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Json)[key] : undefined), doc);

export const hasFilters = (query: URLSearchParams): boolean =>
  [...query.keys()].some((k) => k.startsWith('filter_') || k === 'has_key' || k === 'key_missing');
