// The fast reading of a plain configuration file: js-yaml gives the values and its listener
// the start of every node (on the 3.8 MB file of the 50,000-object bench: about 0.35 s of
// CPU and 100 MB where yaml's Document takes 1.7 s and 330 MB). It takes only files whose
// values are certain to be what yaml gives: plain scalars resolved by yaml's own core
// schema tags, nothing else. Anything it is not sure of (anchors, aliases, merge keys,
// tags, directives, empty values, keys that are no strings, flow nodes over several lines, a byte-order
// mark, any error) makes it decline: the file is then read by yaml, with full positions.
import jsyaml from 'js-yaml';
import { isScalar, LineCounter, Schema } from 'yaml';

/** a node of the file: where it starts, and its entries (mapping) or items (sequence) */
export interface Place {
  start: number;
  /** key, start of the key, value */
  entries?: [string, number, Place][];
  items?: Place[];
}

export interface QuickParsed {
  data: Record<string, unknown>;
  root: Place;
  lines: LineCounter;
}

class Decline extends Error {}

const decline = (): never => {
  throw new Decline();
};

// yaml's core schema resolves plain scalars with these tags, first match wins
const CORE_TAGS = new Schema({ schema: 'core' }).tags.flatMap((tag) => (tag.default === true && tag.test ? [tag] : []));
// one name per type: js-yaml keeps only the last type of a name
const QUICK_TAG = 'pbxctl:core:';
const SCHEMA = jsyaml.FAILSAFE_SCHEMA.extend({
  implicit: CORE_TAGS.map(
    (tag, i) =>
      new jsyaml.Type(`${QUICK_TAG}${i}`, {
        kind: 'scalar',
        resolve: (text: unknown) => typeof text === 'string' && tag.test!.test(text),
        construct: (text: string) => {
          const value = tag.resolve(text, decline, { intAsBigInt: false });
          return isScalar(value) ? value.value : value;
        },
      }),
  ),
});

// `---`/`...` markers, %directives, a lone CR line break, a byte-order mark
const UNSURE_TEXT = /^(?:---|\.\.\.|%)|\r(?!\n)|^\ufeff/m;

/** a node while its parent is read: its value and kind tell keys from values */
type Child = Place & { result: unknown; kind: string | null };

/** the first character of the node opened at offset: past white space, line breaks and comments */
function contentStart(text: string, offset: number): number {
  let at = offset;
  for (;;) {
    const c = text[at];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') at++;
    else if (c === '#') {
      const end = text.indexOf('\n', at);
      at = end < 0 ? text.length : end;
    } else return at;
  }
}

/**
 * a flow collection or a quoted or plain scalar written over several lines: yaml wants its
 * lines indented deeper than its parent, js-yaml does not check
 */
function spansLines(text: string, start: number, end: number, kind: string | null): boolean {
  const first = text[start];
  if (first === '|' || first === '>' || (kind !== 'scalar' && first !== '[' && first !== '{')) return false;
  const line = text.slice(start, end).search(/[\n\r]/);
  return line >= 0 && text.slice(start + line, end).trim() !== '';
}

function mapping(result: Record<string, unknown>, children: Child[]): [string, number, Place][] {
  const keys = Object.keys(result);
  if (children.length === 2 * keys.length + 1 && children[children.length - 1].kind === null) children.pop();
  if (children.length !== 2 * keys.length) decline();
  const entries: [string, number, Place][] = [];
  for (let i = 0; i < children.length; i += 2) {
    const key = children[i];
    const value = children[i + 1];
    // keys that are no strings: yaml names a null key '' (js-yaml 'null'), and finds a key 1 by 1 only, not by '1'
    if (typeof key.result !== 'string' || key.kind !== 'scalar' || value.kind === null || key.result === '<<' || !Object.is(result[key.result], value.result)) decline();
    entries.push([key.result as string, key.start, value]);
  }
  return entries;
}

function sequence(result: unknown[], children: Child[]): Place[] {
  if (children.length !== result.length || children.some((c, i) => c.kind === null || !Object.is(c.result, result[i]))) decline();
  return children === NONE ? [] : children;
}

const NONE: Child[] = [];

/** the file's values and node positions, or undefined when yaml must read it */
export function quickParse(text: string): QuickParsed | undefined {
  if (UNSURE_TEXT.test(text)) return undefined;
  // the nodes being read: where each was opened, the children read so far
  const opens: number[] = [];
  const stack: Child[][] = [];
  let root: Child | undefined;
  const listener = (event: 'open' | 'close', state: jsyaml.State) => {
    if (event === 'open') {
      opens.push(state.position);
      stack.push(NONE);
      return;
    }
    const open = opens.pop()!;
    const children = stack.pop()!;
    const { result, kind, tag, anchor } = state as unknown as { result: unknown; kind: string | null; tag: string | null; anchor: string | null };
    if (anchor !== null || (tag !== null && tag !== '?' && !tag.startsWith(QUICK_TAG))) decline();
    let node: Child;
    // a key attempt that turned out to be the value itself wraps that value once more
    if (children.length === 1 && Object.is(children[0].result, result) && children[0].kind === kind) node = children[0];
    else {
      node = { start: contentStart(state.input, open), result, kind };
      if (spansLines(state.input, node.start, state.position, kind)) decline();
      if (kind === 'mapping') node.entries = mapping(result as Record<string, unknown>, children);
      else if (kind === 'sequence') node.items = sequence(result as unknown[], children);
      else if (children.length) decline();
    }
    const depth = stack.length;
    if (!depth) root = node;
    else if (stack[depth - 1] === NONE) stack[depth - 1] = [node];
    else stack[depth - 1].push(node);
  };
  let data: unknown;
  try {
    data = jsyaml.load(text, { schema: SCHEMA, listener });
  } catch (err) {
    if (err instanceof jsyaml.YAMLException || err instanceof Decline) return undefined;
    throw err;
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data) || root?.result !== data) return undefined;
  const lines = new LineCounter();
  lines.addNewLine(0);
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) lines.addNewLine(at + 1);
  return { data: data as Record<string, unknown>, root, lines };
}
