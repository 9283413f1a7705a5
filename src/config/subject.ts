// What a data path of the file is about: a top-level key, a provider setting, or a field of
// a declared object; and how to name it in messages ("extension 1000", "voicemail.pin").
import type { ProviderModule, ProviderRegistry } from '../engine/provider.ts';
import type { DataPath } from './locate.ts';

/** provider-block keys handled by the loader itself, not connection settings */
export const COMMON_KEYS = ['type', 'prune', 'ignore', 'policy', 'max_deletes', 'max_delete_percent', 'max_updates_percent'];

export type Role = 'top' | 'provider' | 'setting' | 'common' | 'kind' | 'object';

export interface Subject {
  role: Role;
  /** "provider hq", "extension 1000", "ring group #2"; empty at the top level */
  where: string;
  /** dotted path inside where ("voicemail.pin"); empty for where itself */
  field: string;
  secret: boolean;
  provider?: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function providerBlock(data: unknown, name: string): Record<string, unknown> | undefined {
  const providers = isRecord(data) ? data.providers : undefined;
  const block = isRecord(providers) ? providers[name] : undefined;
  return isRecord(block) ? block : undefined;
}

export function moduleOf(data: unknown, name: string, registry: ProviderRegistry): ProviderModule | undefined {
  const type = providerBlock(data, name)?.type;
  return typeof type === 'string' && Object.hasOwn(registry, type) ? registry[type] : undefined;
}

/** "extension 1000", or "extension #3" while the item has no usable key */
function objectName(module: ProviderModule, kind: string, item: unknown, index: number): string {
  const spec = module.capabilities.kinds[kind];
  const key = isRecord(item) ? item[spec.key] : undefined;
  const shown = typeof key === 'string' && key !== '' ? key : `#${index + 1}`;
  return `${spec.noun} ${shown}`;
}

function inKind(base: Subject, module: ProviderModule, kind: string, rest: DataPath, data: unknown): Subject {
  const [index, ...inner] = rest;
  if (typeof index !== 'number') return { ...base, role: 'kind', field: kind };
  const items = providerBlock(data, base.provider ?? '')?.[kind];
  const item = Array.isArray(items) ? items[index] : undefined;
  const field = inner.join('.');
  const secret = module.capabilities.kinds[kind].secrets.includes(field);
  return { ...base, role: 'object', where: objectName(module, kind, item, index), field, secret };
}

export function subjectOf(path: DataPath, data: unknown, registry: ProviderRegistry): Subject {
  const [top, name, key, ...rest] = path;
  if (top !== 'providers' || name === undefined) return { role: 'top', where: '', field: path.join('.'), secret: false };
  const provider = String(name);
  const module = moduleOf(data, provider, registry);
  const base: Subject = { role: 'provider', where: `provider ${provider}`, field: '', secret: false, provider };
  if (key === undefined) return base;
  const k = String(key);
  if (module && Object.hasOwn(module.capabilities.kinds, k)) return inKind(base, module, k, rest, data);
  const field = [k, ...rest].join('.');
  if (COMMON_KEYS.includes(k)) return { ...base, role: 'common', field };
  const secret = rest.length === 0 && (module?.capabilities.settingsSecrets.includes(k) ?? false);
  return { ...base, role: 'setting', field, secret };
}

/** "extension 1000: ring_time", the start of a message about a value */
export const label = (s: Subject): string => (s.where && s.field ? `${s.where}: ${s.field}` : s.where || s.field || 'the file');

/** "in voicemail of extension 1000", for messages about keys */
export const container = (s: Subject): string =>
  s.where ? `in ${s.field ? `${s.field} of ` : ''}${s.where}` : s.field ? `in ${s.field}` : 'at the top level';
