// What an apply keeps in its state directory between runs: the providers whose batch it
// started but did not finish (written, not yet activated: Issabel's configuration apply
// did not run). Recorded before the first write and cleared once the batch is finished,
// so plan and drift report it and the next apply finishes it, on another machine too
// when the directory is carried along. Also what one apply run will do: the providers it
// touches and the safety limits still in its way.
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { applyPlans, type ApplyOptions, type Connected, type Ledger } from './apply.ts';
import { stillBlocked } from './limits.ts';
import type { ProviderPlan } from './plan.ts';
import type { Plan } from './run.ts';

const fileIn = (stateDir: string) => join(stateDir, 'unfinished.json');

export async function readUnfinished(stateDir: string): Promise<Set<string>> {
  const file = fileIn(stateDir);
  const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return '[]';
    throw new Error(`cannot read ${file}: ${err.message}`);
  });
  try {
    const names: unknown = JSON.parse(text);
    if (Array.isArray(names) && names.every((n) => typeof n === 'string')) return new Set(names);
  } catch {
    // named below
  }
  // never read as "nothing unfinished": that is what it exists to prevent
  throw new Error(`${file} is damaged; it lists the providers an apply left unfinished: run \`pbxctl apply\` on each after removing it`);
}

async function updateUnfinished(stateDir: string, edit: (names: Set<string>) => void): Promise<void> {
  const names = await readUnfinished(stateDir);
  edit(names);
  const file = fileIn(stateDir);
  if (!names.size) return rm(file, { force: true });
  await mkdir(stateDir, { recursive: true });
  // whole or not at all, even when the process is killed while writing
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify([...names].sort())}\n`);
  await rename(temp, file);
}

/** applyPlans, with the unfinished batches recorded before the first write and cleared once finished */
export async function applyRecorded(
  stateDir: string,
  plans: ProviderPlan[],
  connected: Map<string, Connected>,
  opts: Omit<ApplyOptions, 'unfinished'> = {},
): Promise<Ledger> {
  const activating = plans.filter((p) => p.changes.length && connected.get(p.name)?.module.capabilities.activatesAtEnd);
  await updateUnfinished(stateDir, (names) => activating.forEach((p) => names.add(p.name)));
  const unfinished = new Set(plans.filter((p) => p.unfinished).map((p) => p.name));
  const ledger = await applyPlans(plans, connected, { ...opts, unfinished });
  await updateUnfinished(stateDir, (names) => {
    for (const p of plans) names.delete(p.name);
    for (const name of Object.keys(ledger.finishErrors)) names.add(name);
  });
  return ledger;
}

export interface ApplyScope {
  /** readable providers with changes, or with a batch an earlier apply left unfinished */
  applicable: ProviderPlan[];
  /** the providers an earlier apply left unfinished that this run finishes */
  owed: string[];
  /** the `--allow provider/kind=N` the plan still needs */
  needsAllow: string[];
  /** `--allow` names that match no kind the plan blocks */
  unmatchedAllows: string[];
}

export function applyScope(plan: Plan, allowed: Map<string, number>): ApplyScope {
  const applicable = plan.providers.filter((p) => !p.error && (p.changes.length || p.unfinished));
  const kindsBlocked = new Set(plan.providers.flatMap((p) => p.blocked.flatMap((b) => [b.kind, `${p.name}/${b.kind}`])));
  return {
    applicable,
    owed: applicable.filter((p) => p.unfinished).map((p) => p.name),
    needsAllow: plan.providers.flatMap((p) => stillBlocked(p.name, p.blocked, allowed).map((b) => `${p.name}/${b.kind}=${b.count}`)),
    unmatchedAllows: [...allowed.keys()].filter((name) => !kindsBlocked.has(name)),
  };
}
