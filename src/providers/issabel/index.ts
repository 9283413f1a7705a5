// Issabel (self-hosted, FreePBX based) through /pbxapi: extensions and ring groups.
import schema from '../../../schemas/issabel.schema.json' with { type: 'json' };
import type { ModelObject } from '../../engine/model.ts';
import type { ProviderModule } from '../../engine/provider.ts';
import type { IssabelSettings } from './client.ts';
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
      },
      ring_groups: {
        key: 'number',
        noun: 'ring group',
        operations: ['create', 'update', 'delete'],
        secrets: [],
        writeOnly: [],
        refersTo: ['extensions'],
      },
    },
    settingsSecrets: ['password'],
    sharedKeySpace: [['extensions', 'ring_groups']],
    readConcurrency: 2,
    // number allocation and the voicemail.conf rewrite are not atomic on the server
    writeConcurrency: 1,
  },
  connect: (settings, ctx) => new IssabelSession(settings as unknown as IssabelSettings, ctx.debug),
  features: { tokenExpiry: true },
  references: (kind, obj) =>
    kind === 'ring_groups'
      ? ((obj.members as string[] | undefined) ?? [])
          // a member ending in # is an external number, not an extension
          .map((key, i) => ({ kind: 'extensions', key, path: `members.${i}` }))
          .filter((ref) => !ref.key.endsWith('#'))
      : [],
  label: (_kind, obj: ModelObject) => (typeof obj.name === 'string' && obj.name ? obj.name : undefined),
};
