// pbxctl apply [plan.json]: plan (or take a reviewed plan), confirm, carry out the
// changes in a safe order, print the ledger. Ctrl-C stops starting new changes.
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { succeeded, type Ledger } from '../../engine/apply.ts';
import { LockHeld, takeApplyLock } from '../../engine/apply-lock.ts';
import { applyRecorded, applyScope } from '../../engine/batch-state.ts';
import { parseAllow } from '../../engine/limits.ts';
import { hasChanges, hasErrors, type Plan } from '../../engine/run.ts';
import { checkFile, PLAN_KEY_VARIABLE, planKey, restrictTo, sha256, staleChanges, type SavedPlan } from '../../engine/saved-plan.ts';
import type { Config } from '../../engine/model.ts';
import { registry } from '../../providers/index.ts';
import { checkFolderOf, emitReport, writeUserFile } from '../report.ts';
import { planFor, stateDirOf } from '../context.ts';
import { loadOrReport } from '../load.ts';
import type { Output } from '../output.ts';
import { progress } from '../progress.ts';
import { interruptible } from '../interrupt.ts';
import { UserError, type CommonOptions } from '../command.ts';

interface ApplyOptions extends CommonOptions {
  yes?: boolean;
  allow?: string[];
  ledger?: string;
}

export async function run(opts: ApplyOptions, o: Output, args: string[], cmd: Command): Promise<number> {
  const allowed = parseAllow(opts.allow ?? []);
  if (opts.ledger) checkFolderOf(opts.ledger, '--ledger');
  const key = args[0] ? planKey(process.env) : undefined;
  const saved = args[0] ? await readSaved(args[0], key) : undefined;
  if (saved && opts.sandbox !== undefined && opts.sandbox !== saved.sandbox)
    throw new UserError(`${args[0]} was planned ${saved.sandbox ? 'with' : 'without'} --sandbox; apply it the same way`);
  if (saved && (opts.target?.length || opts.exclude?.length))
    throw new UserError(`${args[0]} applies the objects it was planned for: drop --target and --exclude (plan again to choose others)`);
  const fromFile = cmd.getOptionValueSource('config') === 'default' && saved ? { config: saved.config } : {};
  // a plan saved with --target or --exclude is planned again with them
  const run = { ...opts, ...fromFile, ...saved?.targets, sandbox: saved?.sandbox ?? opts.sandbox };
  const config = await loadOrReport(run, o);
  if (!config) return 1;
  if (saved && sha256(await readFile(config.file, 'utf8')) !== saved.config_sha256)
    throw new UserError(`${config.file} changed since ${args[0]} was planned; plan again`);
  const stateDir = stateDirOf(run, config.file);
  const lock = await lockApplies(stateDir, o);
  // a saved plan re-reads only the providers and kinds it touches (all of them with --target: each must match again)
  const scoped = saved && !saved.targets ? touchedBy(saved, config) : config;
  const { plan: fresh, connected, sandbox } = await planFor(scoped, run, o).catch(async (err: unknown) => {
    await lock.release();
    throw err;
  });
  try {
    let plan: Plan = fresh;
    if (saved) {
      const stale = staleChanges(saved, fresh, registry, key);
      if (stale.length) {
        o.err(o.style('red', `refusing to apply ${args[0]}: the plan is stale, nothing was changed:`));
        for (const s of stale) o.err(o.style('red', `  ${s}`));
        o.err('Plan again, review, and apply the new plan.');
        return 1;
      }
      plan = restrictTo(saved, fresh);
      const trust = key ? `signed with ${PLAN_KEY_VARIABLE}` : `unsigned: checked for accidental changes only; set ${PLAN_KEY_VARIABLE} to sign plans`;
      o.out(`Applying ${args[0]} (checksum ${saved.checksum.slice(0, 16)}, ${trust}), checked against the live state.`);
    } else {
      await emitReport(plan, 'plan', { format: 'text' }, o);
      if (plan.issues.length) return 1;
    }
    const scope = applyScope(plan, allowed);
    if (!scope.applicable.length) return hasErrors(plan) ? 1 : 0;
    for (const name of scope.unmatchedAllows) o.err(o.style('yellow', `warning: --allow ${name}=… matches no kind the plan blocks`));
    if (scope.needsAllow.length) {
      o.err(o.style('red', `refusing to apply: the plan goes beyond a safety limit; after checking it, run apply again with ${scope.needsAllow.map((b) => `--allow ${b}`).join(' ')}`));
      return 3;
    }
    if (scope.owed.length) o.out(`Finishing what an earlier apply left unfinished on: ${scope.owed.join(', ')}.`);
    if (!saved && !opts.yes && hasChanges(plan)) await confirm(o);
    const show = progress(scope.applicable.filter((p) => p.changes.length), o, Boolean(process.stdout.isTTY));
    const ledger = await interruptible(o, show.hooks, (signal, hooks) =>
      show.around(() => applyRecorded(stateDir, scope.applicable, connected, { signal, hooks })),
    );
    printLedger(ledger, o);
    if (opts.ledger) await writeUserFile(opts.ledger, `${o.redact(JSON.stringify(ledger, null, 2))}\n`);
    return hasErrors(plan) || !succeeded(ledger) || ledger.interrupted ? 1 : 0;
  } finally {
    await sandbox?.close();
    await lock.release();
  }
}

/** the kinds the saved changes touch, and the declared kinds they refer to (read as the plan read them, so their fingerprints compare) */
function touchedBy(saved: SavedPlan, config: Config): Config {
  const kinds = new Map(saved.providers.map((p) => [p.name, new Set(p.changes.map((c) => c.kind))]));
  const inScope = (p: Config['providers'][number], kind: string) =>
    [...kinds.get(p.name)!].some((k) => k === kind || registry[p.type].capabilities.kinds[k]?.refersTo?.includes(kind));
  return {
    ...config,
    providers: config.providers
      .filter((p) => kinds.has(p.name))
      .map((p) => ({ ...p, kinds: Object.fromEntries(Object.entries(p.kinds).filter(([kind]) => inScope(p, kind))) })),
  };
}

async function readSaved(file: string, key: string | undefined): Promise<SavedPlan> {
  const text = await readFile(file, 'utf8').catch(() => {
    throw new UserError(`cannot read the plan file ${file}`);
  });
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new UserError(`${file} is not a pbxctl plan file (not JSON)`);
  }
  const problem = checkFile(data, key);
  if (problem) throw new UserError(`refusing ${file}: ${problem}`);
  return data as SavedPlan;
}

/** one apply per state directory at a time */
async function lockApplies(stateDir: string, o: Output) {
  const command = `pbxctl ${process.argv.slice(2).join(' ')}`;
  return takeApplyLock(stateDir, command, (w) => o.err(o.style('yellow', `warning: ${w}`))).catch((err: unknown) => {
    throw err instanceof LockHeld ? new UserError(`refusing to apply: ${err.message}`) : err;
  });
}

async function confirm(o: Output) {
  if (!process.stdin.isTTY) throw new UserError('not on a terminal: refusing to apply without --yes');
  // asked on stderr (the terminal), so `apply > log` shows the question instead of looking hung
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  const answer = await rl.question(o.style('bold', "\nApply these changes? Only 'yes' is accepted: "));
  rl.close();
  if (answer.trim() !== 'yes') throw new UserError('apply cancelled; nothing was changed');
}

function printLedger(ledger: Ledger, o: Output) {
  const count = (outcome: string) => ledger.entries.filter((e) => e.outcome === outcome).length;
  o.out();
  for (const [provider, notes] of Object.entries(ledger.notes)) for (const n of notes) o.out(`${provider}: ${n}`);
  for (const [provider, error] of Object.entries(ledger.finishErrors)) o.out(o.style('red', `${provider}: ${error}`));
  if (ledger.interrupted) o.out(o.style('yellow', 'Interrupted: changes not started are listed above; `pbxctl plan` shows exactly what is left.'));
  const summary = `Applied ${count('applied')}, failed ${count('failed')}, skipped ${count('skipped')}${count('not started') ? `, not started ${count('not started')}` : ''}.`;
  o.out(o.style(succeeded(ledger) && !ledger.interrupted ? 'green' : 'red', summary));
}
