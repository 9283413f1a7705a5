// One apply per state directory at a time: two at once would both create what is missing
// (duplicate SmartPBX devices). An exclusive lock file names its holder; a lock whose
// process is gone from this host is taken over with a warning.
import { readFileSync, rmSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';

export interface LockHolder {
  pid: number;
  host: string;
  /** ISO time */
  started: string;
  command: string;
}

/** the lock is held by another apply (or by one whose state cannot be told) */
export class LockHeld extends Error {}

export interface ApplyLock {
  release(): Promise<void>;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};

function holderOf(text: string): LockHolder | undefined {
  try {
    const h = JSON.parse(text) as Partial<LockHolder>;
    return Number.isInteger(h.pid) && typeof h.host === 'string' ? (h as LockHolder) : undefined;
  } catch {
    return undefined;
  }
}

const describe = (h: LockHolder) => `pid ${h.pid} on ${h.host}, started ${h.started}: ${h.command}`;
const readOr = (file: string) => readFile(file, 'utf8').catch(() => '');

export async function takeApplyLock(stateDir: string, command: string, warn: (message: string) => void): Promise<ApplyLock> {
  const file = join(stateDir, 'apply.lock');
  const mine: LockHolder = { pid: process.pid, host: hostname(), started: new Date().toISOString(), command };
  const text = `${JSON.stringify(mine)}\n`;
  await mkdir(stateDir, { recursive: true });
  for (let attempt = 0; ; attempt++) {
    const created = await writeFile(file, text, { flag: 'wx' }).then(
      () => true,
      (err: NodeJS.ErrnoException) => {
        if (err.code === 'EEXIST') return false;
        throw err;
      },
    );
    if (created) break;
    const found = await readOr(file);
    const holder = holderOf(found);
    if (attempt === 0 && holder?.host === mine.host && !alive(holder.pid)) {
      // only the lock that was read: another run may have taken it over meanwhile
      if ((await readOr(file)) === found) await rm(file, { force: true });
      warn(`taking over the lock of an apply that is no longer running (${describe(holder)})`);
      continue;
    }
    throw new LockHeld(
      holder
        ? `another apply holds the lock ${file} (${describe(holder)}); wait for it to end. If it is not running any more${holder.host === mine.host ? '' : ` (on ${holder.host})`}, remove ${file}`
        : `the lock ${file} exists but names no holder (an apply starting, or one that stopped as it began); if no apply is running, remove ${file}`,
    );
  }
  // also when the process ends through process.exit (a second Ctrl-C)
  const releaseOnExit = () => {
    try {
      if (readFileSync(file, 'utf8') === text) rmSync(file, { force: true });
    } catch {
      // gone already
    }
  };
  process.on('exit', releaseOnExit);
  return {
    async release() {
      process.off('exit', releaseOnExit);
      if ((await readOr(file)) === text) await rm(file, { force: true });
    },
  };
}
