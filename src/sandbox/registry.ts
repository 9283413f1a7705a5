// Which emulator stands in for which provider type.
import type { Emulator, EmulatorOptions } from './emulator.ts';
import { createIssabelEmulator } from './issabel/index.ts';
import { createKazooEmulator } from './kazoo/index.ts';

export const emulators: Record<string, (opts: EmulatorOptions) => Emulator> = {
  issabel: createIssabelEmulator,
  kazoo: createKazooEmulator,
};
