// Characters no value of a provider block may hold: control characters (C0 with tab and
// newline, DEL, C1), line and paragraph separators and the byte-order mark. These values
// are written to PBXs, and on an Asterisk-based one a newline in a name starts a new line of
// its configuration ("Bob\n[evil]\ntype=friend"). Values read from ${VAR} are checked too.
import { isScalar } from 'yaml';
import type { ProviderRegistry } from '../engine/provider.ts';
import type { Interpolated } from './interpolate.ts';
import type { ConfigIssue } from './issue.ts';
import { locate, locationOf, samePath, walk, type DataPath, type Parsed } from './locate.ts';
import { label, subjectOf } from './subject.ts';

const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]/g;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

const escaped = (c: string) => NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** the start of text with every forbidden character written as an escape (\n, \u0000) */
const shown = (text: string): string => (text.length > 80 ? `${text.slice(0, 80)}…` : text).replace(FORBIDDEN, escaped);

/** "\n, \u0085": the forbidden characters of text, each once */
const listed = (text: string): string => [...new Set(text.match(FORBIDDEN) ?? [])].map(escaped).join(', ');

export const hasForbidden = (text: unknown): text is string => typeof text === 'string' && text.search(FORBIDDEN) >= 0;

const RULE = 'values sent to a PBX cannot hold control characters, line breaks or tabs';

export interface CharacterCheck {
  errors: ConfigIssue[];
  /** values whose problem is reported here */
  broken: DataPath[];
}

export function characterIssues(p: Parsed, data: unknown, registry: ProviderRegistry, found: Interpolated[]): CharacterCheck {
  const out: CharacterCheck = { errors: [], broken: [] };
  walk(
    locate(p.doc, ['providers']).node,
    (node, pathOf) => {
      const value = isScalar(node) ? node.value : undefined;
      if (!hasForbidden(value)) return;
      const path = pathOf();
      const s = subjectOf(path, data, registry);
      const ref = found.find((i) => samePath(i.path, path))?.refs.find((r) => hasForbidden(r.value));
      const message = ref
        ? `environment variable ${ref.name} holds ${listed(ref.value as string)} (used by ${label(s)}); ${RULE}`
        : `${label(s)} holds ${listed(value)}${s.secret ? '' : ` ("${shown(value)}")`}; ${RULE}`;
      out.errors.push({ ...(ref?.loc ?? locationOf(p, path)), message });
      out.broken.push(path);
    },
    ['providers'],
  );
  return out;
}
