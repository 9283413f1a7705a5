// SmartPBX by Ofon (Kazoo Crossbar API v2): users, devices, voicemail boxes, schedules
// (business hours) and DID routes (callflows).
import schema from './schema.json' with { type: 'json' };
import { callPath } from './call-path.ts';
import type { ModelObject } from '../../engine/model.ts';
import type { ProviderModule, Reference } from '../../engine/provider.ts';
import { checkAuthSettings, type KazooSettings } from './auth.ts';
import { cleanMac, mailboxKey, UNIQUE } from './mapping.ts';
import { BRANCHES, normaliseRoute } from './routes.ts';
import { normaliseSchedule } from './schedules.ts';
import { lazySession } from '../http/lazy-session.ts';
import type { KazooSession } from './session.ts';

export { minimumPlanRequests, type ApiLimits, type KindLoad } from './minimum.ts';

// Crossbar limits an account by a token bucket (kz_buckets: 100 tokens, refilled 10 a second by
// default, raised by operators), not by requests in flight: a request without a token is
// answered 429 with Retry-After, which holds every request of the client (http/pause.ts).
// Reads are latency-bound (a plan of 50,000 objects reads ~4,500 documents: at 20 ms a
// request, 16 at a time took 10.3 s, 32 at a time 7.5–8.5 s), so as many run at once as a
// third of the default bucket's burst.
const READ_CONCURRENCY = 32;

/** what one target (a route's, or a branch's under `at`) points at */
function targetReferences(obj: ModelObject, at = ''): Reference[] {
  const refs: Reference[] = [];
  const ref = (kind: string, key: unknown, path: string) => typeof key === 'string' && refs.push({ kind, key, path: `${at}${path}` });
  ref('users', obj.user, 'user');
  ref('devices', obj.device, 'device');
  ref('voicemail_boxes', obj.voicemail, 'voicemail');
  const endpoints = (obj.ring_group as { endpoints?: unknown } | undefined)?.endpoints;
  if (Array.isArray(endpoints)) {
    endpoints.forEach((e: Record<string, unknown>, i) => {
      ref('users', e.user, `ring_group.endpoints.${i}.user`);
      ref('devices', e.device, `ring_group.endpoints.${i}.device`);
    });
  }
  const next = obj.no_answer;
  if (next && typeof next === 'object') refs.push(...targetReferences(next as ModelObject, `${at}no_answer.`));
  return refs;
}

function routeReferences(obj: ModelObject): Reference[] {
  const refs = targetReferences(obj);
  if (typeof obj.schedule === 'string') refs.push({ kind: 'schedules', key: obj.schedule, path: 'schedule' });
  for (const branch of BRANCHES) {
    const target = obj[branch];
    if (target && typeof target === 'object') refs.push(...targetReferences(target as ModelObject, `${branch}.`));
  }
  return refs;
}

const BRANCH_WORDS: Record<string, string> = { open: 'in hours', closed: 'otherwise', holidays: 'holiday' };

/** the words on a routing-graph edge; a device's or a box's owner is no call path */
function routeEdge(kind: string, path: string): string | undefined {
  if (kind !== 'did_routes') return undefined;
  if (path === 'schedule') return 'hours';
  const fallThrough = path.includes('no_answer.') ? 'no answer' : '';
  return [BRANCH_WORDS[path.split('.')[0]], fallThrough, path.includes('.endpoints.') ? 'member' : ''].filter(Boolean).join(', ');
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
        // logins on a shared phone, by the hot-desk feature code
        observed: [{ path: 'hotdesk.users' }],
        // SmartPBX falls back to the owner's, then the account's, emergency caller ID; pbxctl
        // reads neither, so only the device's own one counts here
        emergencyCallerId: 'caller_id.emergency.number',
      },
      did_routes: {
        key: 'number',
        noun: 'DID route',
        operations: ['create', 'update', 'delete'],
        secrets: [],
        writeOnly: [],
        refersTo: ['users', 'devices', 'voicemail_boxes', 'schedules'],
        unique: UNIQUE.did_routes,
        routing: 'entry',
        // a target holds its ring group inline: the route's own, or one per schedule branch
        ringGroupMembers: ['', 'open.', 'closed.', 'holidays.'].flatMap((at) => [`${at}ring_group.endpoints`, `${at}no_answer.ring_group.endpoints`]),
      },
      voicemail_boxes: {
        key: 'mailbox',
        noun: 'voicemail box',
        operations: ['create', 'update', 'delete'],
        // stored in clear by SmartPBX: compared, never printed
        secrets: ['pin'],
        writeOnly: [],
        refersTo: ['users'],
        unique: UNIQUE.voicemail_boxes,
        // the owner's first-login wizard sets it
        observed: [{ path: 'is_setup', usual: false }],
      },
      schedules: {
        key: 'name',
        noun: 'schedule',
        operations: ['create', 'update', 'delete'],
        secrets: [],
        writeOnly: [],
        routing: 'node',
        // a feature code (temporal_route action enable/disable/reset) overrides the calendar
        observed: [{ path: 'rules.*.enabled' }, { path: 'holidays.*.enabled' }],
      },
    },
    settingsSecrets: ['auth_token', 'password', 'api_key'],
    readConcurrency: READ_CONCURRENCY,
    writeConcurrency: 4,
    // a callflow listing row has its numbers and name, not its flow
    rowsUnlessFollowed: ['did_routes'],
  },
  sandbox: () => import('./sandbox/index.ts').then((m) => m.sandbox),
  connect: (settings, ctx) => {
    // missing credentials are refused at once, as Issabel refuses a timezone it cannot use
    checkAuthSettings(settings as unknown as KazooSettings);
    return lazySession<KazooSession>(async () => new (await import('./session.ts')).KazooSession(settings as unknown as KazooSettings, ctx), {
      account: true,
      calls: false,
      call: false,
    });
  },
  features: { tokenExpiry: true },
  references: (kind, obj) =>
    (kind === 'devices' || kind === 'voicemail_boxes') && typeof obj.owner === 'string'
      ? [{ kind: 'users', key: obj.owner, path: 'owner' }]
      : kind === 'did_routes'
        ? routeReferences(obj)
        : [],
  normalise: (kind, obj) => {
    if (kind === 'devices' && typeof obj.mac_address === 'string') return { ...obj, mac_address: cleanMac(obj.mac_address) };
    if (kind === 'did_routes') return normaliseRoute(obj);
    if (kind === 'schedules') return normaliseSchedule(obj);
    return obj;
  },
  // as Kazoo compares them: MAC addresses as bare hex, SIP usernames lowercased, mailboxes as integers
  uniqueKey: (_kind, path, value) =>
    path === 'mac_address' ? cleanMac(value) : path === 'sip.username' ? value.toLowerCase() : path === 'mailbox' ? mailboxKey(value) : value,
  callPath,
  routeEdge,
  callPathUsesAccount: true,
  label: (kind, obj) => {
    if (kind === 'users') return [obj.first_name, obj.last_name].filter((s) => typeof s === 'string').join(' ') || undefined;
    if (kind === 'devices') return typeof obj.owner === 'string' ? `${String(obj.device_type ?? 'device')} of ${obj.owner}` : undefined;
    return typeof obj.name === 'string' && obj.name ? obj.name : undefined;
  },
};
