// State on disk: loaded when the file exists, written atomically (temp file + rename),
// debounced after writes (longer when the state is big, so a busy 20k-device server
// does not spend its time serialising), immediately on save().
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { KazooState } from './state.ts';

const DEBOUNCE_MS = 200;

export function loadState(path: string | undefined): KazooState | undefined {
  if (!path || !existsSync(path)) return undefined;
  return JSON.parse(readFileSync(path, 'utf8')) as KazooState;
}

export class Saver {
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  /** ms the last snapshot took to serialise */
  private lastCost = 0;

  constructor(
    private path: string | undefined,
    private snapshot: () => KazooState,
  ) {}

  /** a write happened: save soon */
  schedule(): void {
    if (!this.path || this.timer) return;
    const delay = Math.max(DEBOUNCE_MS, this.lastCost * 10);
    this.timer = setTimeout(() => void this.save().catch(() => undefined), delay);
    this.timer.unref();
  }

  save(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const path = this.path;
    if (!path) return Promise.resolve();
    const started = Date.now();
    const text = JSON.stringify(this.snapshot());
    this.lastCost = Date.now() - started;
    // writes are chained so an older snapshot never lands after a newer one
    this.writing = this.writing.then(async () => {
      await mkdir(dirname(path), { recursive: true });
      const tmp = `${path}.${process.pid}.tmp`;
      await writeFile(tmp, text);
      await rename(tmp, path);
    });
    return this.writing;
  }
}
