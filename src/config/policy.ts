// prune/ignore of one kind: the provider block's values, overridden by policy.<kind>.
import type { KindPolicy } from '../engine/model.ts';

type Block = Record<string, unknown>;

const entry = (block: Block, kind: string): Block => {
  const policy = block.policy as Record<string, Block | undefined> | undefined;
  return policy?.[kind] ?? {};
};

export function kindPolicy(block: Block, kind: string): KindPolicy {
  const own = entry(block, kind);
  return {
    prune: (own.prune ?? block.prune ?? false) as boolean,
    ignore: (own.ignore ?? block.ignore ?? []) as string[],
  };
}
