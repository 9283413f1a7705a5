// The state file: loaded once, written atomically (temp file + rename), writes coalesced.
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export class StateFile<T> {
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly path: string | undefined,
    private readonly snapshot: () => T,
    private readonly delayMs = 1000,
  ) {}

  load(): T | undefined {
    if (!this.path || !existsSync(this.path)) return undefined;
    return JSON.parse(readFileSync(this.path, 'utf8')) as T;
  }

  /** save soon; many changes in a burst cost one write */
  schedule(): void {
    if (!this.path || this.timer) return;
    this.timer = setTimeout(() => void this.flush().catch(() => undefined), this.delayMs);
    this.timer.unref();
  }

  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const path = this.path;
    if (!path) return;
    const data = JSON.stringify(this.snapshot());
    const run = this.writing.then(async () => {
      await mkdir(dirname(path), { recursive: true });
      const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
      await writeFile(tmp, data);
      await rename(tmp, path);
    });
    this.writing = run.catch(() => undefined);
    return run;
  }
}
