// The provider-neutral routing model: where a call to a number goes. Every provider that
// routes numbers has the same shape (number → time switch → target → endpoints →
// fall-through), so a destination in the YAML is one of a few typed forms, written with
// names; ids and wire strings stay inside each provider's mapping. The engine checks the
// routing graph of every provider the same way: dangling references (through the usual
// reference check), cycles, and declared routing objects that no route reaches.
import type { ModelObject } from './model.ts';
import type { Reference } from './provider.ts';

/** the forms a destination takes in the YAML: `{ extension: "1000" }`, `{ hangup: true }` … */
export const DESTINATION_TYPES = [
  'extension',
  'ring_group',
  'user',
  'device',
  'voicemail',
  'time_switch',
  'hangup',
  'external',
  // read-only references to what pbxctl does not manage (yet), by name or number
  'queue',
  'ivr',
  'conference',
] as const;
export type DestinationType = (typeof DESTINATION_TYPES)[number];

/** which greeting a voicemail destination plays (Issabel's vmu / vmb / vms) */
export const VOICEMAIL_MODES = ['unavailable', 'busy', 'no-message'] as const;
export type VoicemailMode = (typeof VOICEMAIL_MODES)[number];

export interface Destination {
  type: DestinationType;
  /** the name or number it points at; absent for hangup */
  target?: string;
  /** voicemail only */
  mode?: VoicemailMode;
}

/** the typed destination of a YAML value, or undefined when it is not one */
export function parseDestination(value: unknown): Destination | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const entries = Object.entries(value as Record<string, unknown>).filter(([k]) => k !== 'mode');
  if (entries.length !== 1) return undefined;
  const [type, target] = entries[0];
  if (!(DESTINATION_TYPES as readonly string[]).includes(type)) return undefined;
  if (type === 'hangup') return target === true ? { type: 'hangup' } : undefined;
  if (typeof target !== 'string') return undefined;
  const mode = (value as { mode?: unknown }).mode;
  if (type === 'voicemail') return { type, target, ...(typeof mode === 'string' ? { mode: mode as VoicemailMode } : {}) };
  return mode === undefined ? { type: type as DestinationType, target } : undefined;
}

/** the YAML form of a destination (what import writes) */
export function destinationValue(d: Destination): Record<string, unknown> {
  if (d.type === 'hangup') return { hangup: true };
  return { [d.type]: d.target, ...(d.mode ? { mode: d.mode } : {}) };
}

/** a destination for messages: `ring group 600`, `voicemail 1000 (busy)`, `hang up` */
export function describeDestination(d: Destination): string {
  if (d.type === 'hangup') return 'hang up';
  return `${d.type.replace('_', ' ')} ${d.target}${d.mode ? ` (${d.mode})` : ''}`;
}

/**
 * The reference a destination at `path` makes, for ModelObject references: `kinds` says
 * which of the provider's kinds each destination type points into (Issabel: extension →
 * extensions; SmartPBX: voicemail → voicemail_boxes). Types without a kind (hangup,
 * external, or a type the provider has no kind for) refer to nothing.
 */
export function destinationRefs(value: unknown, path: string, kinds: Partial<Record<DestinationType, string>>): Reference[] {
  const d = parseDestination(value);
  const kind = d && kinds[d.type];
  return d?.target !== undefined && kind ? [{ kind, key: d.target, path }] : [];
}

export interface RoutingObject {
  kind: string;
  key: string;
  obj: ModelObject;
}

export interface RoutingFinding {
  kind: string;
  key: string;
  /** the referring field (cycles) or undefined (the object itself) */
  path?: string;
  message: string;
}

/**
 * Cycles and unreachable objects in the desired routing graph. `entries` are the kinds
 * calls enter by (inbound routes, DID routes); `nodes` the routing kinds a call can only
 * reach through them (time switches, schedules, voicemail boxes …). A cycle is an error
 * (a call would loop); a declared node that no entry reaches is reported as unreachable.
 */
export function checkRoutingGraph(
  objects: RoutingObject[],
  refs: (o: RoutingObject) => Reference[],
  entries: string[],
  nodes: string[],
): { cycles: RoutingFinding[]; unreachable: RoutingFinding[] } {
  // objects by number (kind, then key); an edge holds the number it leads to
  const byKind = new Map<string, Map<string, number>>();
  objects.forEach((o, i) => {
    let ofKind = byKind.get(o.kind);
    if (!ofKind) byKind.set(o.kind, (ofKind = new Map()));
    ofKind.set(o.key, i);
  });
  const numberOf = (kind: string, key: string) => byKind.get(kind)?.get(key);
  const at = objects.map((o) => numberOf(o.kind, o.key)!);
  const edges = objects.map((o) =>
    refs(o).flatMap((r) => {
      const to = numberOf(r.kind, r.key);
      return to === undefined ? [] : [{ to, path: r.path }];
    }),
  );

  const cycles: RoutingFinding[] = [];
  const state: ('visiting' | 'done' | undefined)[] = [];
  const stack: number[] = [];
  const visit = (from: number) => {
    state[from] = 'visiting';
    stack.push(from);
    for (const { to, path } of edges[from]) {
      const s = state[to];
      if (s === 'visiting') {
        const loop = [...stack.slice(stack.indexOf(to)), to].map((i) => `${objects[i].kind}/${objects[i].key}`);
        const o = objects[from];
        cycles.push({ kind: o.kind, key: o.key, path, message: `routing loop: ${loop.join(' → ')} (a call would never end)` });
      } else if (!s) visit(to);
    }
    stack.pop();
    state[from] = 'done';
  };
  for (const i of at) if (!state[i]) visit(i);

  const reached: boolean[] = [];
  const walk = (from: number) => {
    if (reached[from]) return;
    reached[from] = true;
    for (const { to } of edges[from]) walk(to);
  };
  objects.forEach((o, i) => entries.includes(o.kind) && walk(at[i]));
  const unreachable = objects
    .filter((o, i) => nodes.includes(o.kind) && !reached[at[i]])
    .map((o) => ({ kind: o.kind, key: o.key, message: `no route reaches it: calls never get here` }));
  return { cycles, unreachable };
}
