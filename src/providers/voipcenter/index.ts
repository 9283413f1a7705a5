// VoipCenter (pbxonline.be), a hosted PBX: DID routing, function indicators and hot desks
// through its signed get.php/update.php API; call history and click-to-call.
import schema from './schema.json' with { type: 'json' };
import { callPath } from './call-path.ts';
import type { ModelObject } from '../../engine/model.ts';
import type { KindSpec, ProviderModule, Reference } from '../../engine/provider.ts';
import type { VoipcenterSettings } from './client.ts';
import { CATALOGS, EDITABLE, type Catalog, type EditableKind, type NameField } from './kinds.ts';
import { lazySession } from '../http/lazy-session.ts';
import type { VoipcenterSession } from './session.ts';
import { describeFilter } from './time.ts';

// a DID route is where calls enter; its time filters and routes are what they reach (time.ts)
const ROUTING_NODES: Catalog[] = ['holiday_sets', 'vacations', 'office_hours', 'routes', 'backup_routes'];

const catalogSpecs = Object.fromEntries(
  (Object.keys(CATALOGS) as Catalog[]).map((c): [string, KindSpec] => [
    c,
    { key: 'name', noun: CATALOGS[c].noun, operations: [], secrets: [], writeOnly: [], ...(ROUTING_NODES.includes(c) ? { routing: 'node' as const } : {}) },
  ]),
);

const editable = (noun: string, kind: EditableKind): KindSpec => ({
  key: EDITABLE[kind].key,
  noun,
  // nothing can be created or deleted through this API (decisions.md)
  operations: ['update'],
  createHint: 'create it in the VoipCenter portal first',
  secrets: [],
  writeOnly: [],
  refersTo: [...new Set(EDITABLE[kind].nameFields.map((f: NameField) => f.catalog))],
});

export const voipcenter: ProviderModule = {
  type: 'voipcenter',
  title: 'VoipCenter',
  schema,
  capabilities: {
    kinds: {
      did_routes: { ...editable('DID route', 'did_routes'), routing: 'entry' },
      indicators: editable('function indicator', 'indicators'),
      hot_desks: editable('hot desk', 'hot_desks'),
      ...catalogSpecs,
    },
    settingsSecrets: ['password', 'key'],
    // error 13's window is not documented and each wait costs 1–8 s; a plan reads a few listings
    readConcurrency: 2,
    writeConcurrency: 2,
  },
  // every request is signed with the key: there is no token to expire
  features: { tokenExpiry: false },
  sandbox: () => import('./sandbox/index.ts').then((m) => m.sandbox),
  connect: (settings, ctx) =>
    lazySession<VoipcenterSession>(async () => new (await import('./session.ts')).VoipcenterSession(settings as unknown as VoipcenterSettings, ctx), { account: true, calls: true, call: true }),
  // asked of every DID, several times a plan: one array each
  references: (kind, obj): Reference[] => {
    const out: Reference[] = [];
    if (Object.hasOwn(EDITABLE, kind))
      for (const f of EDITABLE[kind as EditableKind].nameFields) if (typeof obj[f.field] === 'string') out.push({ kind: f.catalog, key: obj[f.field] as string, path: f.field });
    return out;
  },
  callPath,
  label: (kind, obj: ModelObject) => (kind === 'did_routes' && typeof obj.name === 'string' ? obj.name : undefined),
  // beside each name: what the filter holds, what the route does
  importNotes: (kind, obj, live) =>
    Object.fromEntries(
      (Object.hasOwn(EDITABLE, kind) ? EDITABLE[kind as EditableKind].nameFields : []).flatMap((f: NameField) => {
        const item = live[f.catalog]?.find((o) => o.key === obj[f.field])?.data;
        const note = item && (describeFilter(item) || item.description || item.destination);
        return typeof note === 'string' && note ? [[f.field, note]] : [];
      }),
    ),
};
