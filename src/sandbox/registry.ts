// Which emulator stands in for which provider type.
import type { Emulator, EmulatorOptions } from './emulator.ts';
import { createIssabelEmulator } from '../providers/issabel/sandbox/index.ts';
import { createTel4vnEmulator } from '../providers/tel4vn/sandbox/index.ts';
import { createVoipcenterEmulator } from '../providers/voipcenter/sandbox/index.ts';
import { createKazooEmulator } from '../providers/kazoo/sandbox/index.ts';

export const emulators: Record<string, (opts: EmulatorOptions) => Emulator> = {
  issabel: createIssabelEmulator,
  voipcenter: createVoipcenterEmulator,
  tel4vn: createTel4vnEmulator,
  kazoo: createKazooEmulator,
};
