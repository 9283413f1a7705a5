// Positions of values in the parsed YAML, found by data path (['providers', 'hq', 'extensions', 0, 'name']).
import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node, type Pair } from 'yaml';
import type { SourceLocation } from '../engine/model.ts';

export type DataPath = (string | number)[];

export interface Located {
  /** the value at the path (absent when the path goes further than the file) */
  node?: Node;
  /** the map entry holding it, when the last step was a map key */
  pair?: Pair;
  /** how many steps of the path were found */
  depth: number;
}

export interface Parsed {
  file: string;
  text: string;
  doc: Document;
  lines: LineCounter;
}

function child(doc: Document, node: unknown, step: string | number): { node?: Node; pair?: Pair } | undefined {
  const target = isAlias(node) ? node.resolve(doc) : node;
  if (isMap(target)) {
    const pair = target.items.find((p) => isScalar(p.key) && String(p.key.value) === String(step));
    return pair ? { pair, node: (pair.value ?? undefined) as Node | undefined } : undefined;
  }
  if (isSeq(target) && typeof step === 'number') {
    const item = target.items[step];
    return item === undefined ? undefined : { node: item as Node };
  }
  return undefined;
}

export const samePath = (a: DataPath, b: DataPath): boolean => a.length === b.length && a.every((step, i) => String(step) === String(b[i]));

export function locate(doc: Document, path: DataPath): Located {
  let found: Located = { node: (doc.contents ?? undefined) as Node | undefined, depth: 0 };
  for (const step of path) {
    const next = child(doc, found.node, step);
    if (!next) break;
    found = { ...next, depth: found.depth + 1 };
  }
  return found;
}

function offsetOf(found: Located, prefer: 'key' | 'value'): number {
  const keyStart = (found.pair?.key as Node | undefined)?.range?.[0];
  const valueStart = found.node?.range?.[0];
  if (prefer === 'key' && keyStart !== undefined) return keyStart;
  return valueStart ?? keyStart ?? 0;
}

export const positionAt = (p: Pick<Parsed, 'file' | 'lines'>, offset: number): SourceLocation => {
  const { line, col } = p.lines.linePos(offset);
  return { file: p.file, line, col };
};

/** where to point at the value of path (or at its key); an absent path points at its nearest parent */
export function locationOf(p: Parsed, path: DataPath, prefer: 'key' | 'value' = 'value'): SourceLocation {
  const found = locate(p.doc, path);
  return positionAt(p, offsetOf(found, found.depth < path.length ? 'key' : prefer));
}

/**
 * calls fn for every value below node (not map keys), in maps with its key; pathOf() gives
 * its data path (built only when asked: most values never need theirs)
 */
export function walk(node: unknown, fn: (node: Node, pathOf: () => DataPath, key?: Node) => void, path: DataPath = []): void {
  const pathOf = () => [...path];
  const visit = (value: Node, step: string | number, key?: Node) => {
    path.push(step);
    fn(value, pathOf, key);
    walk(value, fn, path);
    path.pop();
  };
  if (isMap(node)) {
    for (const pair of node.items) if (isScalar(pair.key) && pair.value) visit(pair.value as Node, String(pair.key.value), pair.key);
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => visit(item as Node, i));
  }
}
