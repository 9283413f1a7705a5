// An emulator's state on disk, durable before an answer leaves: a change marks the state
// dirty and persist() (called by the server before every answer) writes it synchronously,
// so a `kill -9` never loses an answered write. A change that names the record it touched
// is appended to a journal beside the state file (cheap for big states); any other change
// writes the whole state (temp file + rename). The journal is folded into the state file
// when it grows and on flush(); load() replays it.
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** journal lines before they are folded into the state file */
const MAX_JOURNAL_LINES = 2000;

type Path = string[];

export class StateFile<T> {
  private timer: NodeJS.Timeout | undefined;
  private whole = false;
  private readonly records = new Map<string, Path>();
  private journalLines = 0;

  constructor(
    private readonly path: string | undefined,
    private readonly snapshot: () => T,
  ) {}

  private get journal() {
    return `${this.path}.journal`;
  }

  load(): T | undefined {
    if (!this.path || !existsSync(this.path)) return undefined;
    let state: T;
    try {
      state = JSON.parse(readFileSync(this.path, 'utf8')) as T;
    } catch {
      throw new Error(`the sandbox state file ${this.path} is damaged; \`pbxctl sandbox reset\` starts it afresh`);
    }
    if (existsSync(this.journal)) {
      for (const line of readFileSync(this.journal, 'utf8').split('\n')) {
        let entry: [Path, unknown?];
        try {
          entry = JSON.parse(line) as [Path, unknown?];
        } catch {
          break; // a line cut short by a kill: nothing after it was answered
        }
        setAt(state, entry[0], entry.length > 1 ? entry[1] : undefined);
        this.journalLines++;
      }
    }
    return state;
  }

  /** a change happened; `record` names the one record it touched (e.g. ['devices', id]) when known */
  schedule(record?: Path): void {
    if (!this.path) return;
    if (record) this.records.set(JSON.stringify(record), record);
    else this.whole = true;
    // changes made outside a request (seeding, reset) are saved soon all the same
    this.timer ??= setTimeout(() => this.persist(), 200).unref();
  }

  /** writes what changed since the last call, synchronously */
  persist(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.path || (!this.whole && this.records.size === 0)) return;
    if (this.whole || this.journalLines + this.records.size > MAX_JOURNAL_LINES) return this.writeWhole();
    const state = this.snapshot();
    const lines = [...this.records.values()].map((p) => {
      const value = getAt(state, p);
      return `${JSON.stringify(value === undefined ? [p] : [p, value])}\n`;
    });
    this.records.clear();
    appendFileSync(this.journal, lines.join(''));
    this.journalLines += lines.length;
  }

  /** the whole state to its file, the journal folded in */
  flush(): Promise<void> {
    if (this.path) this.writeWhole();
    return Promise.resolve();
  }

  private writeWhole(): void {
    const path = this.path!;
    mkdirSync(dirname(path), { recursive: true });
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.snapshot()));
    renameSync(tmp, path);
    rmSync(this.journal, { force: true });
    this.journalLines = 0;
    this.whole = false;
    this.records.clear();
  }
}

const getAt = (root: unknown, path: Path): unknown => path.reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], root);

function setAt(root: unknown, path: Path, value: unknown): void {
  const parent = getAt(root, path.slice(0, -1)) as Record<string, unknown> | undefined;
  if (!parent || typeof parent !== 'object') return;
  const key = path[path.length - 1];
  if (value === undefined) delete parent[key];
  else parent[key] = value;
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

  persist(): void {
    this.file.persist();
  }

  save(): Promise<void> {
    return this.file.flush();
  }

  reset(): void {
    this.current = this.seed();
    void this.save();
  }
}
