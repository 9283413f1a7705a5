// Providers whose batch an apply started but did not finish (stopped at once, or the
// finishing step failed), kept beside the configuration so the next apply finishes them
// (for Issabel: applies the configuration that was written), even with nothing to change.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

const fileFor = (configFile: string) => join(dirname(configFile), '.pbxctl', 'unfinished.json');

export async function readUnfinished(configFile: string): Promise<Set<string>> {
  const text = await readFile(fileFor(configFile), 'utf8').catch(() => '[]');
  try {
    return new Set(JSON.parse(text) as string[]);
  } catch {
    return new Set();
  }
}

export async function writeUnfinished(configFile: string, providers: Iterable<string>): Promise<void> {
  const list = [...new Set(providers)];
  const file = fileFor(configFile);
  if (!list.length) return rm(file, { force: true });
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(list)}\n`);
}
