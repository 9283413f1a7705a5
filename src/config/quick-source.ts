// The quick reading as a source for the loader. It cannot place an issue: whatever asks
// for a position throws NeedsPlacing, and the loader reads the file again with yaml, which
// words and places every message. A quick result is kept only when it has no issue at all.
import { Document, LineCounter } from 'yaml';
import type { SourceLocation } from '../engine/model.ts';
import type { Placed, Placement } from './build.ts';
import { hasForbidden } from './characters.ts';
import { interpolateText, type Locator } from './interpolate.ts';
import { positionAt, type DataPath } from './locate.ts';
import type { Source } from './source.ts';
import { quickParse, type Place } from './quick-parse.ts';

export class NeedsPlacing extends Error {}

const needsPlacing = (): never => {
  throw new NeedsPlacing();
};

class Unplaced extends LineCounter {
  constructor() {
    super();
    this.linePos = needsPlacing;
  }
}

type Holder = Record<string | number, unknown>;

/** calls fn for every value below place (not map keys), in file order, with its holder; path is the live path */
function eachValue(place: Place, value: unknown, fn: (value: unknown, path: DataPath, holder: Holder, step: string | number) => void, path: DataPath = []): void {
  const holder = value as Holder;
  const count = place.entries?.length ?? place.items?.length ?? 0;
  for (let i = 0; i < count; i++) {
    const entry = place.entries?.[i];
    const step = entry ? entry[0] : i;
    const child = entry ? entry[2] : place.items![i];
    path.push(step);
    fn(holder[step], path, holder, step);
    if (child.entries || child.items) eachValue(child, holder[step], fn, path);
    path.pop();
  }
}

function placeAt(root: Place, path: DataPath): Place {
  let place = root;
  for (const step of path) {
    const next = typeof step === 'number' ? place.items?.[step] : place.entries?.find(([key]) => key === step)?.[2];
    place = next ?? needsPlacing();
  }
  return place;
}

function fieldLocs(at: (offset: number) => SourceLocation, place: Place, prefix = '', locs: Record<string, SourceLocation> = {}): Record<string, SourceLocation> {
  const mark = (path: string, offset: number, child: Place) => {
    locs[path] = at(offset);
    fieldLocs(at, child, `${path}.`, locs);
  };
  for (const [key, keyStart, child] of place.entries ?? []) mark(`${prefix}${key}`, child.entries || child.items ? keyStart : child.start, child);
  place.items?.forEach((child, i) => mark(`${prefix}${i}`, child.start, child));
  return locs;
}

/** the file read by js-yaml, or undefined when yaml must read it */
export function quickSource(file: string, text: string): Source | undefined {
  const quick = quickParse(text);
  if (!quick) return undefined;
  const { data, root, lines } = quick;
  const at = (offset: number) => positionAt({ file, lines }, offset);
  // references keep no position: an issue about one sends the file to yaml
  const unplaced: Locator = { at: () => ({ file, line: 0, col: 0 }), past: () => undefined };
  const placement: Placement = {
    file,
    providerNames: () => (placeAt(root, ['providers']).entries ?? []).map(([key]) => key),
    keyAt(path) {
      const key = placeAt(root, path.slice(0, -1)).entries?.find(([name]) => name === path[path.length - 1]);
      return at(key?.[1] ?? needsPlacing());
    },
    itemsAt(path) {
      const items = placeAt(root, path).items ?? [];
      return (i): Placed => {
        const item = items[i] ?? needsPlacing();
        return { loc: at(item.start), fieldLocs: fieldLocs(at, item) };
      };
    },
  };
  return {
    parsed: { file, text, doc: new Document(), lines: new Unplaced() },
    interpolate(env) {
      const found: ReturnType<Source['interpolate']> = [];
      eachValue(root, data, (value, path, holder, step) => {
        // most values hold no reference: no closures made for them
        const done = typeof value === 'string' && value.includes('$') ? interpolateText(value, () => [...path], env, () => unplaced) : undefined;
        if (!done) return;
        holder[step] = done.value;
        found.push(done.found);
      });
      return found;
    },
    values: () => data,
    drop(path) {
      const parent = placeAt(root, path.slice(0, -1));
      const step = path[path.length - 1];
      const holder = path.slice(0, -1).reduce<unknown>((v, s) => (v as Holder)[s], data);
      if (!parent.entries || typeof step !== 'string') needsPlacing();
      parent.entries = parent.entries!.filter(([key]) => key !== step);
      delete (holder as Holder)[step];
    },
    characters() {
      eachValue(placeAt(root, ['providers']), data.providers, (value) => {
        if (hasForbidden(value)) needsPlacing();
      });
      return { errors: [], broken: [] };
    },
    placement,
  };
}
