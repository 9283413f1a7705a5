// Emulator state kept in memory and, with a statePath, in a JSON file: loaded when the
// file exists, seeded otherwise; saved atomically (temp file + rename), debounced after
// changes. Not VoipCenter-specific: the TEL4VN emulator uses it too.
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

const SAVE_DELAY_MS = 200;

export interface PersistedState<S> {
  readonly current: S;
  /** call after every change: schedules a save */
  changed(): void;
  save(): Promise<void>;
  /** back to a fresh seed, saved at once */
  reset(): void;
}

export function persistedState<S>(path: string | undefined, seed: () => S): PersistedState<S> {
  let current: S = path && existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as S) : seed();
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();

  const write = (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (!path) return Promise.resolve();
    const text = JSON.stringify(current);
    const tmp = `${path}.${process.pid}.tmp`;
    // writes are chained so an older snapshot can never land after a newer one
    writing = writing
      .catch(() => undefined)
      .then(async () => {
        await mkdir(dirname(path), { recursive: true });
        await writeFile(tmp, text);
        await rename(tmp, path);
      });
    return writing;
  };

  return {
    get current() {
      return current;
    },
    changed() {
      if (!path || timer) return;
      timer = setTimeout(() => void write().catch(() => undefined), SAVE_DELAY_MS);
      timer.unref();
    },
    save: write,
    reset() {
      current = seed();
      void write().catch(() => undefined);
    },
  };
}
