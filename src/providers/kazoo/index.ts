// SmartPBX by Ofon (Kazoo Crossbar API v2): users, devices and DID routes (callflows).
import schema from './schema.json' with { type: 'json' };
import type { ModelObject } from '../../engine/model.ts';
import type { ProviderModule, Reference } from '../../engine/provider.ts';
import type { KazooSettings } from './auth.ts';
import { cleanMac, UNIQUE } from './mapping.ts';
import { normaliseRoute } from './routes.ts';
import { KazooSession } from './session.ts';

const READ_CONCURRENCY = 4;

function routeReferences(obj: ModelObject): Reference[] {
  const refs: Reference[] = [];
  if (typeof obj.user === 'string') refs.push({ kind: 'users', key: obj.user, path: 'user' });
  if (typeof obj.device === 'string') refs.push({ kind: 'devices', key: obj.device, path: 'device' });
  const endpoints = (obj.ring_group as { endpoints?: unknown } | undefined)?.endpoints;
  if (Array.isArray(endpoints)) {
    endpoints.forEach((e: Record<string, unknown>, i) => {
      if (typeof e.user === 'string') refs.push({ kind: 'users', key: e.user, path: `ring_group.endpoints.${i}.user` });
      if (typeof e.device === 'string') refs.push({ kind: 'devices', key: e.device, path: `ring_group.endpoints.${i}.device` });
    });
  }
  return refs;
}

export const kazoo: ProviderModule = {
  type: 'kazoo',
  title: 'SmartPBX',
  schema,
  capabilities: {
    kinds: {
      users: {
        key: 'username',
        noun: 'user',
        operations: ['create', 'update', 'delete'],
        secrets: ['password', 'hotdesk.pin'],
        // Kazoo keeps only a hash of the password
        writeOnly: ['password'],
        unique: UNIQUE.users,
      },
      devices: {
        key: 'name',
        noun: 'device',
        operations: ['create', 'update', 'delete'],
        secrets: ['sip.password'],
        writeOnly: ['sip.password'],
        // a PATCH of the name keeps the device's id, its provisioning and the callflows to it
        renamable: true,
        // only a superduper admin may change it
        immutable: ['device_type'],
        refersTo: ['users'],
        unique: UNIQUE.devices,
      },
      did_routes: {
        key: 'number',
        noun: 'DID route',
        operations: ['create', 'update', 'delete'],
        secrets: [],
        writeOnly: [],
        refersTo: ['users', 'devices'],
        unique: UNIQUE.did_routes,
      },
    },
    settingsSecrets: ['auth_token', 'password', 'api_key'],
    readConcurrency: READ_CONCURRENCY,
    writeConcurrency: 4,
  },
  sandbox: () => import('./sandbox/index.ts').then((m) => m.sandbox),
  connect: (settings, ctx) => new KazooSession(settings as unknown as KazooSettings, ctx),
  features: { tokenExpiry: true },
  references: (kind, obj) =>
    kind === 'devices' && typeof obj.owner === 'string'
      ? [{ kind: 'users', key: obj.owner, path: 'owner' }]
      : kind === 'did_routes'
        ? routeReferences(obj)
        : [],
  normalise: (kind, obj) => {
    if (kind === 'devices' && typeof obj.mac_address === 'string') return { ...obj, mac_address: cleanMac(obj.mac_address) };
    if (kind === 'did_routes') return normaliseRoute(obj);
    return obj;
  },
  // as Kazoo compares them: MAC addresses as bare hex, SIP usernames lowercased
  uniqueKey: (_kind, path, value) => (path === 'mac_address' ? cleanMac(value) : path === 'sip.username' ? value.toLowerCase() : value),
  label: (kind, obj) => {
    if (kind === 'users') return [obj.first_name, obj.last_name].filter((s) => typeof s === 'string').join(' ') || undefined;
    if (kind === 'devices') return typeof obj.owner === 'string' ? `${String(obj.device_type ?? 'device')} of ${obj.owner}` : undefined;
    return typeof obj.name === 'string' && obj.name ? obj.name : undefined;
  },
};
