// Every provider pbxctl knows. Only the CLI imports this: the engine stays vendor-blind.
import type { ProviderRegistry } from '../engine/provider.ts';
import { issabel } from './issabel/index.ts';
import { kazoo } from './kazoo/index.ts';
import { tel4vn } from './tel4vn/index.ts';
import { voipcenter } from './voipcenter/index.ts';

export const registry: ProviderRegistry = {
  issabel,
  kazoo,
  voipcenter,
  tel4vn,
};
