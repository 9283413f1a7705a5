// pbxctl apply: plan, confirm, carry out the changes in a safe order, print the ledger.
import { createInterface } from 'node:readline/promises';
import { Command } from 'commander';
import { applyPlans, succeeded, type Ledger } from '../../engine/apply.ts';
import { hasChanges, hasErrors } from '../../engine/run.ts';
import { renderPlan } from '../../report/text.ts';
import { exitWith, loadOrReport, nounOf, planFor, UserError, withCommonOptions, type CommonOptions } from '../context.ts';
import type { Output } from '../output.ts';
import { progress } from '../progress.ts';

interface ApplyOptions extends CommonOptions {
  yes?: boolean;
}

export const applyCommand = () =>
  withCommonOptions(new Command('apply'))
    .description('carry out the plan on the PBXs')
    .option('-y, --yes', 'apply without asking (needed when not on a terminal)')
    .action(
      exitWith(async (opts: ApplyOptions, o) => {
        const config = await loadOrReport(opts, o);
        if (!config) return 1;
        const { plan, connected, sandbox } = await planFor(config, opts, o);
        try {
          renderPlan(plan, o, (p, kind) => nounOf(p.type, kind));
          if (plan.issues.length) return 1;
          if (!hasChanges(plan)) return hasErrors(plan) ? 1 : 0;
          if (!opts.yes) await confirm(o);
          const applicable = plan.providers.filter((p) => p.changes.length && !p.error);
          const show = progress(applicable, o, Boolean(process.stdout.isTTY));
          const ledger = await show.around(() => applyPlans(applicable, connected, { hooks: show.hooks }));
          printLedger(ledger, o);
          return hasErrors(plan) || !succeeded(ledger) ? 1 : 0;
        } finally {
          await sandbox?.close();
        }
      }),
    );

async function confirm(o: Output) {
  if (!process.stdin.isTTY) throw new UserError('not on a terminal: refusing to apply without --yes');
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const answer = await rl.question(o.style('bold', "\nApply these changes? Only 'yes' is accepted: "));
  rl.close();
  if (answer.trim() !== 'yes') throw new UserError('apply cancelled; nothing was changed');
}

function printLedger(ledger: Ledger, o: Output) {
  const count = (outcome: string) => ledger.entries.filter((e) => e.outcome === outcome).length;
  o.out();
  for (const [provider, notes] of Object.entries(ledger.notes)) for (const n of notes) o.out(`${provider}: ${n}`);
  for (const [provider, error] of Object.entries(ledger.finishErrors)) o.out(o.style('red', `${provider}: ${error}`));
  const summary = `Applied ${count('applied')}, failed ${count('failed')}, skipped ${count('skipped')}${count('not started') ? `, not started ${count('not started')}` : ''}.`;
  o.out(o.style(succeeded(ledger) ? 'green' : 'red', summary));
}
