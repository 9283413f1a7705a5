// ${VAR}, ${VAR:-default} and ${VAR:-${OTHER}} in string values, read from the environment;
// $${ writes a literal ${. Done in place on the YAML scalars so every value keeps its position.
import { isScalar, type Scalar } from 'yaml';
import { positionAt, walk, type DataPath, type Parsed } from './locate.ts';
import type { SourceLocation } from '../engine/model.ts';

export interface Reference {
  name: string;
  loc: SourceLocation;
  /** the variable's value in the environment (undefined: not set) */
  value: string | undefined;
  /** unset and without a default */
  missing: boolean;
  /** the default written in the file was used and gave text of its own (not only other references) */
  defaulted: boolean;
}

export interface Interpolated {
  path: DataPath;
  refs: Reference[];
  /** problems with the ${...} syntax itself */
  malformed: { loc: SourceLocation; message: string }[];
}

const START = /\$\$\{|\$\{/g;
const INNER = /^([A-Za-z_][A-Za-z0-9_]*)(?::-(.*))?$/s;

type Env = Record<string, string | undefined>;

export interface Locator {
  at: (needle: string) => SourceLocation;
  /** moves on past text that is not evaluated (a default that is not used) */
  past: (needle: string) => void;
}

/** finds tokens in the scalar's source text, in order, for their exact positions */
function locator(p: Parsed, scalar: Scalar): Locator {
  const [start, end] = scalar.range ?? [0, 0];
  const raw = p.text.slice(start, end);
  let from = 0;
  const find = (needle: string): number => {
    const at = raw.indexOf(needle, from);
    if (at >= 0) from = at + needle.length;
    return at;
  };
  return {
    at: (needle) => positionAt(p, start + Math.max(find(needle), 0)),
    past: (needle) => void find(needle),
  };
}

/** the index of the } closing the ${ at start (nested ${...} included), or -1 */
function closing(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    if (text.startsWith('${', i)) {
      depth++;
      i++;
    } else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

interface Expansion {
  value: string;
  /** some of the value is text written in the file */
  literal: boolean;
}

function expand(text: string, env: Env, found: Interpolated, at: Locator): Expansion {
  let value = '';
  let literal = false;
  let from = 0;
  const keep = (s: string) => {
    value += s;
    literal ||= s !== '';
  };
  for (const match of text.matchAll(START)) {
    if (match.index < from) continue;
    keep(text.slice(from, match.index));
    from = match.index + match[0].length;
    if (match[0] === '$${') {
      at.at('$${');
      keep('${');
      continue;
    }
    const end = closing(text, match.index);
    if (end < 0) {
      found.malformed.push({ loc: at.at('${'), message: "'${' is not closed: write ${NAME}, or $${ for a literal ${" });
      keep('${');
      continue;
    }
    const token = text.slice(match.index, end + 1);
    from = end + 1;
    const m = INNER.exec(token.slice(2, -1));
    if (!m) {
      // the text around the reference is not repeated: it may be a secret written inline
      const message = 'invalid variable reference: write ${NAME} or ${NAME:-default} (NAME: letters, digits and _)';
      found.malformed.push({ loc: at.at(token), message });
      keep(token);
      continue;
    }
    const [, name, fallback] = m;
    const set = env[name];
    const ref: Reference = { name, loc: at.at(`\${${name}`), value: set, missing: set === undefined && fallback === undefined, defaulted: false };
    found.refs.push(ref);
    if (fallback !== undefined && (set === undefined || set === '')) {
      const inner = expand(fallback, env, found, at);
      ref.defaulted = inner.literal;
      value += inner.value;
    } else {
      if (fallback) at.past(fallback);
      value += set ?? token;
    }
  }
  keep(text.slice(from));
  return { value, literal };
}

/** text with its references resolved, with what they were; undefined when it holds none */
export function interpolateText(text: string, pathOf: () => DataPath, env: Env, at: () => Locator): { value: string; found: Interpolated } | undefined {
  if (!text.includes('$')) return undefined;
  const found: Interpolated = { path: pathOf(), refs: [], malformed: [] };
  const { value } = expand(text, env, found, at());
  return !found.refs.length && !found.malformed.length && value === text ? undefined : { value, found };
}

/** resolves every string value of the document in place; lists the values that held references */
export function interpolate(p: Parsed, env: Env): Interpolated[] {
  const out: Interpolated[] = [];
  walk(p.doc.contents, (node, pathOf) => {
    if (!isScalar(node) || typeof node.value !== 'string') return;
    const done = interpolateText(node.value, pathOf, env, () => locator(p, node));
    if (!done) return;
    node.value = done.value;
    out.push(done.found);
  });
  return out;
}
