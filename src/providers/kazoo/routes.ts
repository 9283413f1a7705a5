// Callflows ⇄ did_routes. A callflow is a DID route when it holds an E.164 number; its
// first one is the key. The target is the flow's first node: a user, a device or a ring
// group whose endpoints are users and devices. Names in the model, ids on the wire.
import type { ModelObject } from '../../engine/model.ts';
import { ProviderError } from '../../engine/provider.ts';

export const E164 = /^\+[1-9][0-9]{6,14}$/;

export type TargetKind = 'users' | 'devices';

export interface Directory {
  /** the model name of an id, or the id itself when unknown */
  nameOf(kind: TargetKind, id: string): string;
  idOf(kind: TargetKind, name: string): string | undefined;
}

type Row = Record<string, unknown>;

const isObject = (v: unknown): v is Row => typeof v === 'object' && v !== null && !Array.isArray(v);
/** the strings of a list (numbers of a callflow) */
export const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** ring-group endpoint fields the server fills when absent */
const ENDPOINT_DEFAULTS: Row = { timeout: 20, delay: 0 };
const ENDPOINT_TYPES: Record<string, TargetKind> = { user: 'users', device: 'devices' };

export function routeFromWire(doc: Row, dir: Directory): ModelObject | undefined {
  const numbers = strings(doc.numbers);
  const dids = numbers.filter((n) => E164.test(n));
  if (!dids.length) return undefined;
  const out: ModelObject = { number: dids[0], extra_numbers: dids.slice(1) };
  if (typeof doc.name === 'string') out.name = doc.name;
  const flow = isObject(doc.flow) ? doc.flow : {};
  const data = isObject(flow.data) ? flow.data : {};
  const id = typeof data.id === 'string' ? data.id : '';
  if (flow.module === 'user') out.user = dir.nameOf('users', id);
  else if (flow.module === 'device') out.device = dir.nameOf('devices', id);
  else if (flow.module === 'ring_group') {
    const group: ModelObject = {};
    for (const key of ['name', 'strategy', 'timeout']) if (data[key] !== undefined) group[key] = data[key];
    group.endpoints = (Array.isArray(data.endpoints) ? data.endpoints : []).filter(isObject).map((e) => {
      const type = typeof e.endpoint_type === 'string' ? e.endpoint_type : 'device';
      const kind = ENDPOINT_TYPES[type];
      const endpoint: ModelObject = { [type]: kind ? dir.nameOf(kind, String(e.id)) : e.id };
      for (const key of ['timeout', 'delay']) if (e[key] !== undefined) endpoint[key] = e[key];
      return endpoint;
    });
    out.ring_group = group;
  }
  return out;
}

/** the endpoint fields equal to the server's defaults are left out, on both sides */
export function normaliseRoute(obj: ModelObject): ModelObject {
  const group = obj.ring_group;
  if (!isObject(group) || !Array.isArray(group.endpoints)) return obj;
  const endpoints = group.endpoints.map((e) =>
    isObject(e) ? Object.fromEntries(Object.entries(e).filter(([k, v]) => ENDPOINT_DEFAULTS[k] !== v)) : e,
  );
  return { ...obj, ring_group: { ...group, endpoints } };
}

export const targetOf = (obj: ModelObject): 'user' | 'device' | 'ring_group' | undefined =>
  obj.user !== undefined ? 'user' : obj.device !== undefined ? 'device' : obj.ring_group !== undefined ? 'ring_group' : undefined;

/** the flow node for a route's target, names resolved to ids */
export function flowFor(obj: ModelObject, dir: Directory): { module: string; data: Row } {
  const resolve = (kind: TargetKind, name: unknown, field: string) => {
    const id = dir.idOf(kind, String(name));
    if (!id) throw new ProviderError(`${field}: SmartPBX has no ${kind === 'users' ? 'user' : 'device'} '${String(name)}'`, field);
    return id;
  };
  const target = targetOf(obj);
  if (target === 'user') return { module: 'user', data: { id: resolve('users', obj.user, 'user') } };
  if (target === 'device') return { module: 'device', data: { id: resolve('devices', obj.device, 'device') } };
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
  throw new ProviderError('a DID route needs a target: user, device or ring_group');
}

/**
 * The PATCH body for the changed fields of a route. The numbers pbxctl does not manage
 * (extensions such as 1001) stay. A target of the same module changes only the data keys
 * that changed (children and server defaults stay); another module replaces the node.
 */
export function routePatch(desired: ModelObject, paths: string[], live: { numbers: string[]; flow?: Row }, dir: Directory): Row {
  const body: Row = {};
  if (paths.includes('extra_numbers')) {
    body.numbers = [desired.number, ...strings(desired.extra_numbers), ...live.numbers.filter((n) => !E164.test(n))];
  }
  if (paths.includes('name')) body.name = desired.name;
  if (!paths.some((p) => /^(user|device|ring_group)(\.|$)/.test(p))) return body;
  const want = flowFor(desired, dir);
  if (live.flow?.module === want.module) {
    const keys = want.module === 'ring_group' ? paths.filter((p) => p.startsWith('ring_group.')).map((p) => p.split('.')[1]) : ['id'];
    body.flow = { data: Object.fromEntries(keys.map((k) => [k, want.data[k] ?? null])) };
  } else {
    const old = isObject(live.flow?.data) ? live.flow.data : {};
    body.flow = { module: want.module, data: { ...Object.fromEntries(Object.keys(old).map((k) => [k, null])), ...want.data }, children: null };
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
  if (m && target) return target;
  return wire;
}
