// The two server default sets. '4.3' is Kazoo 4.3's own schemas (kazoo-4.3/ overlaid on
// the master copies). '4.0' is the same set patched to the older defaults the SmartPBX
// seed document shows: caller_id/dial_plan filled as {}, media with PCMU, and the 4.0
// sip defaults (invite_format "username", registration_expiration 300, no expire_seconds).
export type DefaultSet = '4.0' | '4.3';

/** the `version` field of the envelope under each set */
export const KAZOO_VERSION: Record<DefaultSet, string> = { '4.0': '4.0.58', '4.3': '4.3.142' };

/** Kazoo master-only callflow modules: absent from a 4.x server */
export const MASTER_ONLY_SCHEMAS = [
  'callflows.answer',
  'callflows.function',
  'callflows.noop',
  'callflows.notification',
  'callflows.wait_for_hangup',
];

interface Patch {
  schema: string;
  path: string[];
  /** undefined removes the key */
  value: unknown;
}

const filledObject = { type: 'object', default: {} };

const endpointPatches = (schema: string): Patch[] => [
  { schema, path: ['properties', 'caller_id'], value: { $ref: 'caller_id', ...filledObject } },
  { schema, path: ['properties', 'dial_plan'], value: { $ref: 'dialplans', ...filledObject } },
  { schema, path: ['properties', 'media'], value: { $ref: 'endpoint.media', ...filledObject } },
];

const PATCHES_40: Patch[] = [
  ...endpointPatches('devices'),
  ...endpointPatches('users'),
  { schema: 'users', path: ['properties', 'profile'], value: { $ref: 'profile', ...filledObject } },
  { schema: 'endpoint.media', path: ['properties', 'audio', 'properties', 'codecs', 'default'], value: ['PCMU'] },
  { schema: 'devices', path: ['properties', 'sip', 'properties', 'invite_format', 'default'], value: 'username' },
  { schema: 'devices', path: ['properties', 'sip', 'properties', 'expire_seconds', 'default'], value: undefined },
  {
    schema: 'devices',
    path: ['properties', 'sip', 'properties', 'registration_expiration'],
    value: { type: 'integer', default: 300, description: 'Registration expiration (Kazoo 4.0)' },
  },
];

/** Applies the set's patches to a map of schema id -> schema (mutated in place). */
export function applyDefaultSet(set: DefaultSet, schemas: Map<string, Record<string, unknown>>): void {
  if (set !== '4.0') return;
  for (const { schema, path, value } of PATCHES_40) {
    let node = schemas.get(schema) as Record<string, unknown> | undefined;
    for (const key of path.slice(0, -1)) node = node?.[key] as Record<string, unknown> | undefined;
    if (!node) throw new Error(`default patch ${schema}/${path.join('/')} does not apply`);
    const last = path[path.length - 1];
    if (value === undefined) delete node[last];
    else node[last] = structuredClone(value);
  }
}
