// The routing graph of a DID (or of every DID a plan touches) as the reports and
// `pbxctl route --graph` draw it: the routing objects a call can reach from the DID's
// route, through every provider's references, with the words for each edge and the
// objects a plan creates, changes or deletes marked. Built from the desired side; what
// only the live side reaches is kept, its edges marked removed.
import type { Action, Change, LiveState, ModelObject } from './model.ts';
import type { ProviderModule, Reference } from './provider.ts';
import { describeDestination, parseDestination, type Destination } from './routing.ts';

export interface GraphNode {
  id: string;
  /** `time condition "Open?"`, `ring group 600 "Sales"`, `hang up` */
  label: string;
  mark?: Action;
}

export interface GraphEdge {
  from: string;
  to: string;
  /** what selects it: `otherwise`, `member`; '' for none */
  label: string;
  /** only the live side takes it */
  removed?: boolean;
}

export interface RouteGraph {
  /** the DIDs it starts from */
  entries: string[];
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** nodes left out beyond the cap */
  omitted: number;
}

/** objects a change marks, by `kind/key` */
export type Marks = Map<string, Action>;

/** the most nodes a graph shows: a picture past that is no longer read */
export const MAX_GRAPH_NODES = 40;

const idOf = (kind: string, key: string) => `${kind}/${key}`;

/** a reference path in words when the provider gives none: `members.1` → `members` */
const defaultEdgeWords = (path: string) => path.replace(/\.\d+(?=\.|$)/g, '').replace(/[._]/g, ' ');

/** the words on the edge a reference makes; undefined when it is no call-routing edge */
const edgeWords = (mod: ProviderModule, kind: string, path: string): string | undefined =>
  mod.routeEdge ? mod.routeEdge(kind, path) : defaultEdgeWords(path);

const NUMBER = /^\+?[\d*#]+$/;

function nodeLabel(mod: ProviderModule, kind: string, key: string, obj: ModelObject | undefined): string {
  const noun = mod.capabilities.kinds[kind]?.noun ?? kind;
  const name = obj && mod.label?.(kind, obj);
  const shown = NUMBER.test(key) ? key : `"${key}"`;
  return `${noun} ${shown}${name && name !== key ? ` "${name}"` : ''}${obj ? '' : ' (not on the PBX)'}`;
}

interface Walked {
  nodes: Map<string, GraphNode>;
  edges: GraphEdge[];
}

/** every node and edge reached from the entries through one state */
function walk(mod: ProviderModule, state: LiveState, entries: { kind: string; key: string }[], marks: Marks): Walked {
  const nodes = new Map<string, GraphNode>();
  const edges: GraphEdge[] = [];
  const find = (kind: string, key: string) => {
    const data = state[kind]?.find((o) => o.key === key)?.data;
    return data && (mod.normalise?.(kind, data) ?? data);
  };
  const visit = (kind: string, key: string): string => {
    const id = idOf(kind, key);
    if (nodes.has(id)) return id;
    const obj = find(kind, key);
    nodes.set(id, { id, label: nodeLabel(mod, kind, key, obj), mark: marks.get(id) });
    if (!obj) return id;
    const refs = mod.references(kind, obj);
    for (const r of refs) {
      const label = edgeWords(mod, kind, r.path);
      if (label !== undefined) edges.push({ from: id, to: visit(r.kind, r.key), label: withVoicemail(label, mod, r, valueAt(obj, r.path)) });
    }
    const terminal = (t: { id: string; label: string }) => (nodes.set(t.id, { id: t.id, label: t.label }), t.id);
    for (const t of terminals(obj, refs)) {
      const label = edgeWords(mod, kind, t.path);
      if (label !== undefined) edges.push({ from: id, to: terminal(t), label });
    }
    for (const e of mod.routeExtraEdges?.(kind, key, obj) ?? []) {
      const d = 'destination' in e ? parseDestination(e.destination) : undefined;
      const to = 'to' in e ? visit(e.to.kind, e.to.key) : d && terminal(terminalOf(d));
      if (to) edges.push({ from: id, to, label: e.label });
    }
    return id;
  };
  for (const e of entries) visit(e.kind, e.key);
  return { nodes, edges };
}

const valueAt = (obj: ModelObject, path: string): unknown =>
  path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), obj);

/** a voicemail destination into a kind that is not a box (Issabel: an extension's voicemail) says so on its edge */
function withVoicemail(label: string, mod: ProviderModule, r: Reference, value: unknown): string {
  const d = parseDestination(value);
  if (d?.type !== 'voicemail' || mod.capabilities.kinds[r.kind]?.noun.includes('voicemail')) return label;
  return [label, `voicemail${d.mode ? ` (${d.mode})` : ''}`].filter(Boolean).join(', ');
}

const terminalOf = (d: Destination) => ({ id: d.type === 'hangup' ? 'hangup' : `${d.type}:${d.target}`, label: describeDestination(d) });

/** destinations no reference covers (hang up, an external number, what the provider has no kind for), found anywhere in the object */
function terminals(obj: ModelObject, refs: Reference[]): { id: string; label: string; path: string }[] {
  const out: { id: string; label: string; path: string }[] = [];
  const scan = (value: unknown, path: string) => {
    if (!value || typeof value !== 'object') return;
    const d = path ? parseDestination(value) : undefined;
    if (d) {
      if (!refs.some((r) => r.path === path || r.path.startsWith(`${path}.`))) out.push({ ...terminalOf(d), path });
      return;
    }
    for (const [k, v] of Object.entries(value)) scan(v, path ? `${path}.${k}` : k);
  };
  scan(obj, '');
  return out;
}

/** where a call to the DID `key` enters: the entry kinds holding that key on any of the states */
export function entriesOf(mod: ProviderModule, states: LiveState[], key: string): { kind: string; key: string }[] {
  return Object.keys(mod.capabilities.kinds)
    .filter((k) => mod.capabilities.kinds[k].routing === 'entry' && states.some((s) => s[k]?.some((o) => o.key === key)))
    .map((kind) => ({ kind, key }));
}

/** the graph from the entries: the desired side's nodes and edges, then what only live reaches (its edges removed), at most `cap` nodes */
export function routeGraph(
  mod: ProviderModule,
  states: { desired: LiveState; live: LiveState },
  entries: { kind: string; key: string }[],
  marks: Marks,
  cap = MAX_GRAPH_NODES,
): RouteGraph {
  const desired = walk(mod, states.desired, entries, marks);
  const live = walk(mod, states.live, entries, marks);
  const edgeId = (e: GraphEdge) => `${e.from}\u0000${e.to}\u0000${e.label}`;
  const kept = new Set(desired.edges.map(edgeId));
  const nodes = new Map(desired.nodes);
  for (const [id, n] of live.nodes) if (!nodes.has(id)) nodes.set(id, n);
  const edges = [...desired.edges, ...live.edges.filter((e) => !kept.has(edgeId(e))).map((e) => ({ ...e, removed: true }))];
  const shown = [...nodes.values()].slice(0, cap);
  const ids = new Set(shown.map((n) => n.id));
  const unique = new Map(edges.filter((e) => ids.has(e.from) && ids.has(e.to)).map((e) => [edgeId(e), e]));
  return { entries: entries.map((e) => e.key), nodes: shown, edges: [...unique.values()], omitted: nodes.size - shown.length };
}

/** the state a plan leaves: live with its changes made */
export function plannedState(live: LiveState, changes: Change[]): LiveState {
  const out: LiveState = { ...live };
  for (const c of changes) {
    const others = (out[c.kind] ?? []).filter((o) => o.key !== c.key && o.key !== c.renamedFrom);
    out[c.kind] = c.action === 'delete' ? others : [...others, { key: c.key, data: c.desired ?? {} }];
  }
  return out;
}

export const marksOf = (changes: Change[]): Marks => new Map(changes.map((c) => [idOf(c.kind, c.key), c.action]));

/** at most this many DIDs get a graph each; more share one graph */
const SEPARATE_GRAPHS = 3;

/** the graphs a plan's report shows: one per DID whose routing it changes, or one for all when they are many; none when it changes no routing */
export function planGraphs(mod: ProviderModule, live: LiveState, changes: Change[]): RouteGraph[] {
  const marks = marksOf(changes);
  const states = { desired: plannedState(live, changes), live };
  const entryKinds = Object.keys(mod.capabilities.kinds).filter((k) => mod.capabilities.kinds[k].routing === 'entry');
  const keys = new Set(entryKinds.flatMap((k) => [...(states.desired[k] ?? []), ...(states.live[k] ?? [])].map((o) => o.key)));
  const entries = (key: string) => entriesOf(mod, [states.desired, states.live], key);
  const touched = [...keys].filter((key) => {
    const g = routeGraph(mod, states, entries(key), marks, Infinity);
    return g.nodes.some((n) => n.mark) || g.edges.some((e) => e.removed);
  });
  if (touched.length <= SEPARATE_GRAPHS) return touched.map((key) => routeGraph(mod, states, entries(key), marks));
  return [routeGraph(mod, states, touched.flatMap(entries), marks)];
}
