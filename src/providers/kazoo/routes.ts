// Callflows ⇄ did_routes. A callflow is a DID route when it holds an E.164 number; its
// first one is the key. The target is the flow's first node: a user, a device, a ring
// group whose endpoints are users and devices, or a voicemail box; or a schedule
// (temporal_route: one branch per rule id, holidays first, `_` when closed) whose
// branches are such targets. Names in the model, ids on the wire.
import { isDeepStrictEqual } from 'node:util';
import type { ModelObject } from '../../engine/model.ts';
import { ProviderError } from '../../engine/provider.ts';

export const E164 = /^\+[1-9][0-9]{6,14}$/;

export type TargetKind = 'users' | 'devices' | 'voicemail_boxes';

/** the rule ids of a schedule, in its two groups */
export interface ScheduleIds {
  rules: string[];
  holidays: string[];
  timezone?: string;
}

export interface Directory {
  /** the model name of an id, or the id itself when unknown */
  nameOf(kind: TargetKind, id: string): string;
  idOf(kind: TargetKind, name: string): string | undefined;
  schedule(name: string): ScheduleIds | undefined;
  /** the schedule a rule id belongs to */
  scheduleOfRule(id: string): string | undefined;
}

type Row = Record<string, unknown>;

const isObject = (v: unknown): v is Row => typeof v === 'object' && v !== null && !Array.isArray(v);
/** the strings of a list (numbers of a callflow) */
export const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** ring-group endpoint fields the server fills when absent */
const ENDPOINT_DEFAULTS: Row = { timeout: 20, delay: 0 };
const ENDPOINT_TYPES: Record<string, TargetKind> = { user: 'users', device: 'devices' };
/** the branches of a route through a schedule */
export const BRANCHES = ['open', 'closed', 'holidays'] as const;

/** ring time of a user or ring group node the server fills when absent (kazoo.md §5.2) */
const NODE_TIMEOUT = 20;

/** the modules that ring and then go on to their `_` child when nobody answers */
const RINGING = ['user', 'device', 'ring_group'];

/**
 * The model target of one flow node: { user } | { device } | { ring_group } | { voicemail },
 * or {}; a ringing node's `_` child (what a call does when nobody answers, SmartPBX's
 * voicemail after a user) as `no_answer`, with the seconds a user or device rings first
 * (a ring group rings for its own timeout)
 */
function nodeTarget(node: unknown, dir: Directory): ModelObject {
  const target = ringTarget(node, dir);
  const flow = isObject(node) ? node : {};
  const next = isObject(flow.children) ? flow.children._ : undefined;
  if (!next || !RINGING.includes(String(flow.module))) return target;
  const timeout = isObject(flow.data) && typeof flow.data.timeout === 'number' ? flow.data.timeout : flow.module === 'user' ? NODE_TIMEOUT : undefined;
  const after = flow.module !== 'ring_group' && timeout ? { after: timeout } : {};
  return { ...target, no_answer: { ...after, ...nodeTarget(next, dir) } };
}

function ringTarget(node: unknown, dir: Directory): ModelObject {
  const flow = isObject(node) ? node : {};
  const data = isObject(flow.data) ? flow.data : {};
  const id = typeof data.id === 'string' ? data.id : '';
  if (flow.module === 'user') return { user: dir.nameOf('users', id) };
  if (flow.module === 'device') return { device: dir.nameOf('devices', id) };
  if (flow.module === 'voicemail') return { voicemail: dir.nameOf('voicemail_boxes', id) };
  if (flow.module !== 'ring_group') return {};
  const group: ModelObject = {};
  for (const key of ['name', 'strategy', 'timeout']) if (data[key] !== undefined) group[key] = data[key];
  group.endpoints = (Array.isArray(data.endpoints) ? data.endpoints : []).filter(isObject).map((e) => {
    const type = typeof e.endpoint_type === 'string' ? e.endpoint_type : 'device';
    const kind = ENDPOINT_TYPES[type];
    const endpoint: ModelObject = { [type]: kind ? dir.nameOf(kind, String(e.id)) : e.id };
    for (const key of ['timeout', 'delay']) if (e[key] !== undefined) endpoint[key] = e[key];
    return endpoint;
  });
  return { ring_group: group };
}

/** the schedule form of a temporal_route node: the schedule its rules belong to and each branch */
function scheduleRoute(flow: Row, dir: Directory): ModelObject {
  const data = isObject(flow.data) ? flow.data : {};
  const children = isObject(flow.children) ? flow.children : {};
  const ids = [...strings(data.rules), ...Object.keys(children).filter((k) => k !== '_')];
  const name = ids.map((id) => dir.scheduleOfRule(id)).find((n) => n !== undefined);
  const schedule = name === undefined ? undefined : dir.schedule(name);
  if (!schedule) return {};
  const branch = (group: string[]) => {
    const key = Object.keys(children).find((k) => group.includes(k));
    return key === undefined ? undefined : nodeTarget(children[key], dir);
  };
  const out: ModelObject = { schedule: name, open: branch(schedule.rules), closed: nodeTarget(children._, dir), holidays: branch(schedule.holidays) };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined && (!isObject(v) || Object.keys(v).length)));
}

export function routeFromWire(doc: Row, dir: Directory): ModelObject | undefined {
  const numbers = strings(doc.numbers);
  const dids = numbers.filter((n) => E164.test(n));
  if (!dids.length) return undefined;
  const out: ModelObject = { number: dids[0], extra_numbers: dids.slice(1) };
  if (typeof doc.name === 'string') out.name = doc.name;
  const flow = isObject(doc.flow) ? doc.flow : {};
  Object.assign(out, flow.module === 'temporal_route' ? scheduleRoute(flow, dir) : nodeTarget(flow, dir));
  return out;
}

/** a target with the endpoint fields equal to the server's defaults left out */
function normaliseTarget(obj: ModelObject): ModelObject {
  const group = obj.ring_group;
  if (!isObject(group) || !Array.isArray(group.endpoints)) return obj;
  const endpoints = group.endpoints.map((e) =>
    isObject(e) ? Object.fromEntries(Object.entries(e).filter(([k, v]) => ENDPOINT_DEFAULTS[k] !== v)) : e,
  );
  return { ...obj, ring_group: { ...group, endpoints } };
}

/** on both sides: server defaults left out, a holidays branch equal to closed left out (it is the same flow) */
export function normaliseRoute(obj: ModelObject): ModelObject {
  const out = normaliseTarget(obj);
  for (const branch of BRANCHES) if (isObject(out[branch])) out[branch] = normaliseTarget(out[branch] as ModelObject);
  if (out.holidays !== undefined && isDeepStrictEqual(out.holidays, out.closed)) delete out.holidays;
  return out;
}

const TARGETS = ['user', 'device', 'ring_group', 'voicemail', 'schedule'] as const;
export const targetOf = (obj: ModelObject): (typeof TARGETS)[number] | undefined => TARGETS.find((t) => obj[t] !== undefined);

interface FlowNode {
  module: string;
  data: Row;
  children?: Row;
}

/** the flow node of one target (a route's, or a branch's at `at`), names resolved to ids */
function nodeFor(obj: ModelObject, dir: Directory, at: string): FlowNode {
  const node = ringNode(obj, dir, at);
  const next = obj.no_answer as ModelObject | undefined;
  if (!next || !RINGING.includes(node.module)) return node;
  if (typeof next.after === 'number' && node.module !== 'ring_group') node.data.timeout = next.after;
  return { ...node, children: { _: nodeFor(next, dir, `${at}no_answer.`) } };
}

function ringNode(obj: ModelObject, dir: Directory, at: string): FlowNode {
  const resolve = (kind: TargetKind, name: unknown, field: string) => {
    const id = dir.idOf(kind, String(name));
    const noun = { users: 'user', devices: 'device', voicemail_boxes: 'voicemail box' }[kind];
    if (!id) throw new ProviderError(`${at}${field}: SmartPBX has no ${noun} '${String(name)}'`, `${at}${field}`);
    return id;
  };
  const target = targetOf(obj);
  if (target === 'user') return { module: 'user', data: { id: resolve('users', obj.user, 'user') } };
  if (target === 'device') return { module: 'device', data: { id: resolve('devices', obj.device, 'device') } };
  if (target === 'voicemail') return { module: 'voicemail', data: { id: resolve('voicemail_boxes', obj.voicemail, 'voicemail') } };
  if (target === 'ring_group') {
    const group = obj.ring_group as Row;
    const data: Row = {};
    for (const key of ['name', 'strategy', 'timeout']) if (group[key] !== undefined) data[key] = group[key];
    data.endpoints = (group.endpoints as Row[]).map((e, i) => {
      const type = e.user !== undefined ? 'user' : 'device';
      const endpoint: Row = { id: resolve(ENDPOINT_TYPES[type], e[type], `ring_group.endpoints.${i}.${type}`), endpoint_type: type };
      for (const key of ['timeout', 'delay']) if (e[key] !== undefined) endpoint[key] = e[key];
      return endpoint;
    });
    return { module: 'ring_group', data };
  }
  throw new ProviderError(`${at || 'a DID route '}needs a target: user, device, ring_group or voicemail`, at.replace(/\.$/, '') || undefined);
}

/** the flow of a route, names resolved to ids: a target, or a temporal_route over its schedule */
export function flowFor(obj: ModelObject, dir: Directory): FlowNode {
  if (obj.schedule === undefined) return nodeFor(obj, dir, '');
  const schedule = dir.schedule(String(obj.schedule));
  if (!schedule) throw new ProviderError(`schedule: SmartPBX has no schedule '${String(obj.schedule)}'`, 'schedule');
  const branch = (name: string) => nodeFor(obj[name] as ModelObject, dir, `${name}.`);
  const closed = branch('closed');
  const holidays = obj.holidays === undefined ? closed : branch('holidays');
  const open = branch('open');
  return {
    module: 'temporal_route',
    // holidays first: the first matching rule wins (as SmartPBX orders them)
    data: { rules: [...schedule.holidays, ...schedule.rules], ...(schedule.timezone ? { timezone: schedule.timezone } : {}) },
    children: {
      ...Object.fromEntries(schedule.holidays.map((id) => [id, holidays])),
      ...Object.fromEntries(schedule.rules.map((id) => [id, open])),
      _: closed,
    },
  };
}

/** the PATCH body that turns `old` into `next` under Crossbar's merge (null deletes a key) */
export function replacePatch(old: unknown, next: unknown): unknown {
  if (!isObject(old) || !isObject(next) || !Object.keys(next).length) return next;
  const out: Row = Object.fromEntries(Object.keys(old).filter((k) => !(k in next)).map((k) => [k, null]));
  for (const [k, v] of Object.entries(next)) out[k] = replacePatch(old[k], v);
  return out;
}

/**
 * The flow to write with the live flow's fall-throughs kept: a ringing node without a
 * declared no_answer keeps the `_` child the server has (pbxctl does not manage it there)
 */
function keepFallThrough(want: FlowNode, live: unknown): FlowNode {
  if (!isObject(live) || !isObject(live.children)) return want;
  const kids = live.children;
  if (want.module === 'temporal_route') {
    if (live.module !== 'temporal_route') return want;
    return { ...want, children: Object.fromEntries(Object.entries(want.children ?? {}).map(([k, v]) => [k, keepFallThrough(v as FlowNode, kids[k])])) };
  }
  if (!RINGING.includes(want.module) || !RINGING.includes(String(live.module)) || kids._ === undefined) return want;
  const next = want.children?._ as FlowNode | undefined;
  return { ...want, children: { _: next ? keepFallThrough(next, kids._) : kids._ } };
}

/**
 * The PATCH body for the changed fields of a route. The numbers pbxctl does not manage
 * (extensions such as 1001) stay. A target of the same module changes only the data keys
 * that changed (children and server defaults stay); another module replaces the node,
 * keeping its no-answer fall-through unless the model declares one.
 */
export function routePatch(desired: ModelObject, paths: string[], live: { numbers: string[]; flow?: Row }, dir: Directory): Row {
  const body: Row = {};
  if (paths.includes('extra_numbers')) {
    body.numbers = [desired.number, ...strings(desired.extra_numbers), ...live.numbers.filter((n) => !E164.test(n))];
  }
  if (paths.includes('name')) body.name = desired.name;
  if (!paths.some((p) => /^(user|device|ring_group|voicemail|schedule|open|closed|holidays|no_answer)(\.|$)/.test(p))) return body;
  const want = keepFallThrough(flowFor(desired, dir), live.flow);
  const children = () => (want.children ? replacePatch(live.flow?.children, want.children) : null);
  if (!RINGING.includes(want.module) || !RINGING.includes(String(live.flow?.module))) body.flow = replacePatch(live.flow, want);
  else if (live.flow?.module === want.module) {
    const keys =
      want.module === 'ring_group' ? paths.filter((p) => p.startsWith('ring_group.')).map((p) => p.split('.')[1]) : ['id', ...(paths.includes('no_answer.after') ? ['timeout'] : [])];
    body.flow = { data: Object.fromEntries(keys.map((k) => [k, want.data[k] ?? null])), ...(paths.some((p) => p.startsWith('no_answer.')) ? { children: children() } : {}) };
  } else {
    const old = isObject(live.flow?.data) ? live.flow.data : {};
    body.flow = { module: want.module, data: { ...Object.fromEntries(Object.keys(old).map((k) => [k, null])), ...want.data }, children: children() };
  }
  return body;
}

/** the model field of a wire path in a callflow error */
export function routeFieldOf(wire: string, desired: ModelObject | undefined): string {
  if (wire === 'numbers' || wire.startsWith('numbers.')) return 'number';
  if (wire === 'name') return 'name';
  const target = desired ? targetOf(desired) : undefined;
  const m = wire.match(/^flow\.data\.(\w+)/);
  if (m && target === 'ring_group') return `ring_group.${m[1]}`;
  if (target === 'schedule' && wire.startsWith('flow.')) return 'schedule';
  if (m && target) return target;
  return wire;
}
