// Every provider pbxctl knows. Only the CLI imports this: the engine stays vendor-blind.
import type { ProviderRegistry } from '../engine/provider.ts';
import { issabel } from './issabel/index.ts';

export const registry: ProviderRegistry = {
  issabel,
};
