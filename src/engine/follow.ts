// Which live objects the YAML does not declare a plan follows the references of
// (Session.read's `follow`). Where a provider's listing rows leave references out
// (capabilities.rowsUnlessFollowed), following costs a document per object: a plan
// follows them only when something acts on what they point at.
import type { Change, ProviderConfig } from './model.ts';
import type { ProviderModule } from './provider.ts';

/**
 * Before reading: a kind that may refer to one the YAML prunes (a delete waits for, or
 * warns about, what still points at the deleted object), and an entry kind when the YAML
 * declares a routing node (a node a live route reaches is reachable).
 */
export function followedKinds(module: ProviderModule, pc: ProviderConfig): string[] {
  const specs = module.capabilities.kinds;
  const declared = Object.values(pc.kinds);
  const pruned = declared.filter((k) => k.policy.prune && specs[k.kind]?.operations.includes('delete')).map((k) => k.kind);
  const nodeDeclared = declared.some((k) => specs[k.kind]?.routing === 'node' && k.objects.length > 0);
  return (module.capabilities.rowsUnlessFollowed ?? []).filter(
    (kind) => specs[kind].refersTo?.some((r) => pruned.includes(r)) || (specs[kind].routing === 'entry' && nodeDeclared),
  );
}

/**
 * After planning: the entry kinds the behaviour diff must follow as well, because the plan
 * changes an object of another kind, which a route it does not declare may reach.
 */
export function entriesToFollow(module: ProviderModule, read: string[], followed: string[], changes: Change[]): string[] {
  if (!module.callPath) return [];
  const specs = module.capabilities.kinds;
  return (module.capabilities.rowsUnlessFollowed ?? []).filter(
    (kind) => specs[kind].routing === 'entry' && read.includes(kind) && !followed.includes(kind) && changes.some((c) => c.kind !== kind),
  );
}
