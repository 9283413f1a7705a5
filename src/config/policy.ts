// prune, ignore, ignored fields and safety limits of one kind: the provider block's values, overridden
// by policy.<kind>, with defaults that depend on prune.
import type { KindPolicy } from '../engine/model.ts';

type Block = Record<string, unknown>;

const entry = (block: Block, kind: string): Block => {
  const policy = block.policy as Record<string, Block | undefined> | undefined;
  return policy?.[kind] ?? {};
};

export function kindPolicy(block: Block, kind: string): KindPolicy {
  const own = entry(block, kind);
  // a value of the wrong type is the schema's error to report: fall back rather than trip on it
  const pick = <T>(key: string, fallback: T): T => {
    const value = own[key] ?? block[key];
    return (value !== undefined && Array.isArray(value) === Array.isArray(fallback) && typeof value === typeof fallback ? value : fallback) as T;
  };
  const prune = pick('prune', false);
  const ignoreFields = pick<string[]>('ignore_fields', []);
  return {
    prune,
    ignore: pick('ignore', []),
    // without prune nothing is deleted anyway; with it, a few deletes pass unasked
    maxDeletes: pick('max_deletes', prune ? 10 : 0),
    maxDeletePercent: pick('max_delete_percent', 25),
    maxUpdatesPercent: pick('max_updates_percent', 50),
    ...(ignoreFields.length ? { ignoreFields } : {}),
  };
}
