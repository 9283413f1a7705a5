// An emulator's state on disk: loaded once, written atomically (temp file + rename),
// writes after changes coalesced (longer apart when the state is big, so a busy server
// does not spend its time serialising), at once on flush().
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

const MIN_DELAY_MS = 200;

export class StateFile<T> {
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  /** ms the last snapshot took to serialise */
  private lastCost = 0;

  constructor(
    private readonly path: string | undefined,
    private readonly snapshot: () => T,
  ) {}

  load(): T | undefined {
    if (!this.path || !existsSync(this.path)) return undefined;
    try {
      return JSON.parse(readFileSync(this.path, 'utf8')) as T;
    } catch {
      throw new Error(`the sandbox state file ${this.path} is damaged; \`pbxctl sandbox reset\` starts it afresh`);
    }
  }

  /** a change happened: save soon; a burst of changes costs one write */
  schedule(): void {
    if (!this.path || this.timer) return;
    this.timer = setTimeout(() => void this.flush().catch(() => undefined), Math.max(MIN_DELAY_MS, this.lastCost * 10));
    this.timer.unref();
  }

  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const path = this.path;
    if (!path) return Promise.resolve();
    const started = Date.now();
    const text = JSON.stringify(this.snapshot());
    this.lastCost = Date.now() - started;
    // chained, so an older snapshot never lands after a newer one
    this.writing = this.writing
      .catch(() => undefined)
      .then(async () => {
        await mkdir(dirname(path), { recursive: true });
        const tmp = `${path}.${process.pid}.tmp`;
        await writeFile(tmp, text);
        await rename(tmp, path);
      });
    return this.writing;
  }
}

/** State that is either loaded from its file or seeded, with reset back to the seed. */
export class PersistedState<S> {
  private readonly file: StateFile<S>;
  current: S;

  constructor(path: string | undefined, private readonly seed: () => S) {
    this.file = new StateFile(path, () => this.current);
    this.current = this.file.load() ?? seed();
  }

  changed(): void {
    this.file.schedule();
  }

  save(): Promise<void> {
    return this.file.flush();
  }

  reset(): void {
    this.current = this.seed();
    void this.save().catch(() => undefined);
  }
}
