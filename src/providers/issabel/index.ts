// Issabel (self-hosted, FreePBX based) through /pbxapi: extensions, ring groups and DID
// routing (inbound routes, time groups, time conditions).
import schema from './schema.json' with { type: 'json' };
import { callPath, entryCall, NO_ANSWER_DEFAULT } from './call-path.ts';
import type { Change, ModelObject, ProviderConfig } from '../../engine/model.ts';
import { ProviderError, type ExtraEdge, type ProviderModule, type Reference } from '../../engine/provider.ts';
import { destinationRefs, type DestinationType } from '../../engine/routing.ts';
import type { IssabelSettings } from './client.ts';
import { canonicalDestination, canonicalTimeEntry, destinationFromWire, SELF_APPLYING_DELETES, type TimeEntry } from './mapping.ts';
import { looseNumber, reservedLabel } from './reserved.ts';
import { lazySession } from '../http/lazy-session.ts';
import type { IssabelSession } from './session.ts';
import { wallClock } from './time.ts';

/** the kind each destination type points into; queues and conferences are numbers of other modules */
const DESTINATION_KINDS: Partial<Record<DestinationType, string>> = {
  extension: 'extensions',
  ring_group: 'ring_groups',
  voicemail: 'extensions',
  time_switch: 'time_conditions',
  queue: 'reserved_numbers',
  conference: 'reserved_numbers',
  ivr: 'ivrs',
};
const DESTINATION_TARGETS = ['extensions', 'ring_groups', 'time_conditions', 'reserved_numbers', 'ivrs'];
const DESTINATION_FIELDS: Record<string, string[]> = { inbound_routes: ['destination'], time_conditions: ['match', 'otherwise'] };
/** the words on a routing-graph edge, by reference path */
const EDGE_WORDS: Record<string, string> = { destination: '', match: 'time matches', otherwise: 'otherwise', time_group: 'hours' };

function references(kind: string, obj: ModelObject): Reference[] {
  if (kind === 'ring_groups')
    return (
      ((obj.members as string[] | undefined) ?? [])
        // a member ending in # is an external number, not an extension
        .map((key, i) => ({ kind: 'extensions', key, path: `members.${i}` }))
        .filter((ref) => !ref.key.endsWith('#'))
    );
  const refs = (DESTINATION_FIELDS[kind] ?? []).flatMap((field) => destinationRefs(obj[field], field, DESTINATION_KINDS));
  if (kind === 'time_conditions' && typeof obj.time_group === 'string') refs.unshift({ kind: 'time_groups', key: obj.time_group, path: 'time_group' });
  return refs;
}

/** where a call goes when nobody answers: a ring group's no-answer destination (the server's string), an extension's voicemail */
function routeExtraEdges(kind: string, key: string, obj: ModelObject): ExtraEdge[] {
  if (kind === 'extensions') return (obj.voicemail as ModelObject | undefined)?.enabled ? [{ label: 'no answer, voicemail', to: { kind, key } }] : [];
  if (kind !== 'ring_groups') return [];
  const destination = destinationFromWire(obj.no_answer_destination || NO_ANSWER_DEFAULT, () => undefined);
  const [ref] = destinationRefs(destination, '', DESTINATION_KINDS);
  return [ref ? { label: 'no answer', to: ref } : { label: 'no answer', destination }];
}

/** obj as compared; a copy only for the kinds it changes (extensions, ring groups: thousands of objects, as they are) */
function normalise(kind: string, obj: ModelObject): ModelObject {
  if (!DESTINATION_FIELDS[kind] && kind !== 'time_groups') return obj;
  const out = { ...obj };
  for (const field of DESTINATION_FIELDS[kind] ?? []) if (out[field] !== undefined) out[field] = canonicalDestination(out[field]);
  if (kind === 'time_groups' && Array.isArray(out.times)) out.times = (out.times as TimeEntry[]).map(canonicalTimeEntry);
  return out;
}

/** said in advance: a missing timezone, the server's own applies, and live destinations pbxctl does not know that a plan replaces */
function planWarnings(changes: Change[], pc: ProviderConfig): string[] {
  const noun = (kind: string) => issabel.capabilities.kinds[kind].noun;
  const out: string[] = [];
  if (pc.kinds.time_groups && typeof pc.settings.timezone !== 'string')
    out.push('time groups hold by the wall clock of the Asterisk host, which the API does not give: set timezone (an IANA name such as Europe/Brussels); until then UTC is assumed');
  for (const c of changes) {
    if (c.action === 'delete' && SELF_APPLYING_DELETES.includes(c.kind))
      out.push(`deleting ${noun(c.kind)} ${c.key} makes Issabel apply its configuration by itself (twice), whatever pbxctl asks; pbxctl deletes these after every other write`);
    if (c.action !== 'update') continue;
    for (const field of DESTINATION_FIELDS[c.kind] ?? []) {
      const live = (c.live?.[field] as { unmanaged?: unknown } | undefined)?.unmanaged;
      if (live !== undefined && c.fields.some((f) => f.path.split('.')[0] === field))
        out.push(`${noun(c.kind)} ${c.key}: ${field} is an unmanaged destination on the server ("${String(live)}"); this plan replaces it`);
    }
  }
  return out;
}

export const issabel: ProviderModule = {
  type: 'issabel',
  title: 'Issabel',
  schema,
  capabilities: {
    kinds: {
      extensions: {
        key: 'number',
        noun: 'extension',
        operations: ['create', 'update', 'delete'],
        // Issabel gives extension secrets back in clear, so they can be compared
        secrets: ['secret', 'voicemail.pin'],
        writeOnly: [],
        immutable: ['tech'],
        unique: { number: ['number'] },
        emergencyCallerId: 'emergency_callerid',
      },
      ring_groups: {
        key: 'number',
        noun: 'ring group',
        operations: ['create', 'update', 'delete'],
        secrets: [],
        writeOnly: [],
        refersTo: ['extensions'],
        unique: { number: ['number'] },
        ringGroupMembers: ['members'],
      },
      inbound_routes: {
        key: 'did',
        noun: 'inbound route',
        operations: ['create', 'update', 'delete'],
        secrets: [],
        writeOnly: [],
        refersTo: DESTINATION_TARGETS,
        routing: 'entry',
      },
      time_conditions: {
        key: 'name',
        noun: 'time condition',
        operations: ['create', 'update', 'delete'],
        secrets: [],
        writeOnly: [],
        refersTo: ['time_groups', ...DESTINATION_TARGETS],
        routing: 'node',
        // forced by *27<id> on a phone (issabel-routing.md §6.2): shown, never compared
        observed: [{ path: 'override_state', usual: '' }],
        // the server takes a name twice; pbxctl does not, so a name says which one
        unique: { 'time condition name': ['name'] },
      },
      time_groups: {
        key: 'name',
        noun: 'time group',
        operations: ['create', 'update', 'delete'],
        secrets: [],
        writeOnly: [],
        routing: 'node',
        unique: { 'time group name': ['name'] },
      },
      // IVRs pbxctl does not manage, by name: what a destination may point at
      ivrs: { key: 'name', noun: 'IVR', operations: [], secrets: [], writeOnly: [] },
      // queues, conferences, parking lots, custom extensions and feature codes
      reserved_numbers: { key: 'number', noun: 'number of another module', operations: [], secrets: [], writeOnly: [], unique: { number: ['number'] } },
    },
    settingsSecrets: ['password'],
    // the deletes are batched into one comma-list DELETE at the end of a run
    deletesLast: true,
    // reads may run in parallel (decisions.md): a plan's listings (11 at most) go at once
    readConcurrency: 11,
    // number allocation and the voicemail.conf rewrite are not atomic on the server
    writeConcurrency: 1,
    activatesAtEnd: true,
  },
  sandbox: () => import('./sandbox/index.ts').then((m) => m.sandbox),
  connect: (settings, ctx) => {
    if (typeof settings.timezone === 'string') checkTimezone(settings.timezone);
    return lazySession<IssabelSession>(async () => new (await import('./session.ts')).IssabelSession(settings as unknown as IssabelSettings, ctx), {
      account: true,
      calls: false,
      call: false,
    });
  },
  features: { tokenExpiry: true },
  references,
  normalise,
  callPath,
  entryCall,
  routeEdge: (kind, path) => (kind === 'ring_groups' ? 'member' : (EDGE_WORDS[path] ?? path)),
  routeExtraEdges,
  planWarnings,
  // numbers compare as PHP compares them; names as written
  uniqueKey: (_kind, path, value) => (path === 'number' ? looseNumber(value) : value),
  label: (kind, obj: ModelObject) =>
    kind === 'reserved_numbers' ? reservedLabel(obj) : typeof obj.name === 'string' && obj.name ? obj.name : undefined,
};

/** the server's timezone (the API does not give it): an IANA name, for the time rules */
function checkTimezone(tz: string) {
  try {
    wallClock(new Date(0), tz);
  } catch {
    throw new ProviderError(`timezone '${tz}' is not an IANA time zone name (such as Europe/Brussels)`, 'timezone');
  }
}
