// ${VAR} and ${VAR:-default} in string values, read from the environment; $${ writes a
// literal ${. Done in place on the YAML scalars so every value keeps its position.
import { isScalar, type Scalar } from 'yaml';
import { positionAt, walk, type DataPath, type Parsed } from './locate.ts';
import type { SourceLocation } from '../engine/model.ts';

export interface Reference {
  name: string;
  loc: SourceLocation;
  /** unset and without a default */
  missing: boolean;
  /** the default written in the file was used */
  defaulted: boolean;
}

export interface Interpolated {
  path: DataPath;
  refs: Reference[];
  /** problems with the ${...} syntax itself */
  malformed: { loc: SourceLocation; message: string }[];
}

const TOKEN = /\$\$\{|\$\{([^}]*)\}|\$\{/g;
const INNER = /^([A-Za-z_][A-Za-z0-9_]*)(?::-(.*))?$/s;

type Env = Record<string, string | undefined>;

/** finds tokens in the scalar's source text, in order, for their exact positions */
function locator(p: Parsed, scalar: Scalar) {
  const [start, end] = scalar.range ?? [0, 0];
  const raw = p.text.slice(start, end);
  let from = 0;
  return (needle: string): SourceLocation => {
    const at = raw.indexOf(needle, from);
    if (at >= 0) from = at + needle.length;
    return positionAt(p, start + Math.max(at, 0));
  };
}

function resolve(p: Parsed, scalar: Scalar, env: Env, path: DataPath): { value: string; found: Interpolated } {
  const at = locator(p, scalar);
  const found: Interpolated = { path, refs: [], malformed: [] };
  const value = String(scalar.value).replace(TOKEN, (token: string, inner: string | undefined) => {
    if (token === '$${') {
      at(token);
      return '${';
    }
    const m = inner === undefined ? null : INNER.exec(inner);
    if (!m) {
      // the text around the reference is not repeated: it may be a secret written inline
      const message =
        inner === undefined
          ? "'${' is not closed: write ${NAME}, or $${ for a literal ${"
          : 'invalid variable reference: write ${NAME} or ${NAME:-default} (NAME: letters, digits and _)';
      found.malformed.push({ loc: at(token), message });
      return token;
    }
    const [, name, fallback] = m;
    const set = env[name];
    const useDefault = fallback !== undefined && (set === undefined || set === '');
    found.refs.push({ name, loc: at(`\${${name}`), missing: set === undefined && fallback === undefined, defaulted: useDefault });
    return useDefault ? fallback : (set ?? token);
  });
  return { value, found };
}

/** resolves every string value of the document in place; lists the values that held references */
export function interpolate(p: Parsed, env: Env): Interpolated[] {
  const out: Interpolated[] = [];
  walk(p.doc.contents, (node, path) => {
    if (!isScalar(node) || typeof node.value !== 'string' || !node.value.includes('$')) return;
    const { value, found } = resolve(p, node, env, path);
    if (!found.refs.length && !found.malformed.length && value === node.value) return;
    node.value = value;
    out.push(found);
  });
  return out;
}
