// yaml parses an alias without its anchor, and one that expands too far, without an error: both
// would only fail when the values are read, with no position. This finds them, with the alias
// to point at, in one walk over the document in source order.
import { isAlias, isCollection, isPair, type Alias, type Document, type Node } from 'yaml';

export type AliasProblem = { alias: Alias; kind: 'unresolved' | 'excessive' };

class Unresolved extends Error {
  constructor(readonly alias: Alias) {
    super('unresolved alias');
  }
}

export function aliasProblem(doc: Document): AliasProblem | undefined {
  // how many nodes each anchor expands to (the latest anchor of a name is the one in effect)
  const sizes = new Map<string, number>();
  let largest: { alias: Alias; size: number } | undefined;
  const size = (node: unknown): number => {
    if (isAlias(node)) {
      const n = sizes.get(node.source);
      if (n === undefined) throw new Unresolved(node);
      if (!largest || n > largest.size) largest = { alias: node, size: n };
      return n;
    }
    if (isPair(node)) return size(node.key) + size(node.value);
    const anchor = (node as Node | null)?.anchor;
    // an anchored collection may refer to itself from inside
    if (anchor) sizes.set(anchor, 1);
    let n = 1;
    if (isCollection(node)) for (const item of node.items) n += size(item);
    if (anchor) sizes.set(anchor, n);
    return n;
  };
  try {
    size(doc.contents);
  } catch (err) {
    if (err instanceof Unresolved) return { alias: err.alias, kind: 'unresolved' };
    throw err;
  }
  if (!largest) return undefined;
  try {
    doc.toJS(); // yaml's own limit decides; the alias that expands to the most is the one to show
    return undefined;
  } catch {
    return { alias: largest.alias, kind: 'excessive' };
  }
}
