// TEL4VN billing (FusionPBX based): no configuration to reconcile, a source of call
// history for `pbxctl calls`.
import schema from './schema.json' with { type: 'json' };
import type { ProviderModule } from '../../engine/provider.ts';
import type { Tel4vnSettings } from './client.ts';
import { lazySession } from '../http/lazy-session.ts';
import type { Tel4vnSession } from './session.ts';

export const tel4vn: ProviderModule = {
  type: 'tel4vn',
  title: 'TEL4VN',
  schema,
  capabilities: {
    kinds: {},
    settingsSecrets: ['password', 'api_key'],
    readConcurrency: 1,
    writeConcurrency: 1,
  },
  sandbox: () => import('./sandbox/index.ts').then((m) => m.sandbox),
  connect: (settings, ctx) =>
    lazySession<Tel4vnSession>(async () => new (await import('./session.ts')).Tel4vnSession(settings as unknown as Tel4vnSettings, ctx), { account: true, calls: true, call: false }),
  features: { tokenExpiry: true },
  references: () => [],
};
