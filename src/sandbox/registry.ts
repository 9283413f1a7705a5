// Which emulator stands in for which provider type.
import type { Emulator, EmulatorOptions } from './emulator.ts';
import { createIssabelEmulator } from './issabel/index.ts';
import { createTel4vnEmulator } from './tel4vn/index.ts';
import { createVoipcenterEmulator } from './voipcenter/index.ts';
import { createKazooEmulator } from './kazoo/index.ts';

export const emulators: Record<string, (opts: EmulatorOptions) => Emulator> = {
  issabel: createIssabelEmulator,
  voipcenter: createVoipcenterEmulator,
  tel4vn: createTel4vnEmulator,
  kazoo: createKazooEmulator,
};
