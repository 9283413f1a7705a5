// Issabel (self-hosted, FreePBX based) through /pbxapi: extensions and ring groups.
import schema from './schema.json' with { type: 'json' };
import type { ModelObject } from '../../engine/model.ts';
import type { ProviderModule } from '../../engine/provider.ts';
import type { IssabelSettings } from './client.ts';
import { looseNumber, reservedLabel } from './reserved.ts';
import { IssabelSession } from './session.ts';

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
      },
      ring_groups: {
        key: 'number',
        noun: 'ring group',
        operations: ['create', 'update', 'delete'],
        secrets: [],
        writeOnly: [],
        refersTo: ['extensions'],
        unique: { number: ['number'] },
      },
      // queues, conferences, parking lots, custom extensions and feature codes
      reserved_numbers: { key: 'number', noun: 'number of another module', operations: [], secrets: [], writeOnly: [], unique: { number: ['number'] } },
    },
    settingsSecrets: ['password'],
    // the deletes are batched into one comma-list DELETE at the end of a run
    deletesLast: true,
    readConcurrency: 2,
    // number allocation and the voicemail.conf rewrite are not atomic on the server
    writeConcurrency: 1,
    activatesAtEnd: true,
  },
  sandbox: () => import('./sandbox/index.ts').then((m) => m.sandbox),
  connect: (settings, ctx) => new IssabelSession(settings as unknown as IssabelSettings, ctx),
  features: { tokenExpiry: true },
  references: (kind, obj) =>
    kind === 'ring_groups'
      ? ((obj.members as string[] | undefined) ?? [])
          // a member ending in # is an external number, not an extension
          .map((key, i) => ({ kind: 'extensions', key, path: `members.${i}` }))
          .filter((ref) => !ref.key.endsWith('#'))
      : [],
  uniqueKey: (_kind, _path, value) => looseNumber(value),
  label: (kind, obj: ModelObject) =>
    kind === 'reserved_numbers' ? reservedLabel(obj) : typeof obj.name === 'string' && obj.name ? obj.name : undefined,
};
