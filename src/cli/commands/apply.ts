// pbxctl apply [plan.json]: plan (or take a reviewed plan), confirm, carry out the changes.
import { Command } from 'commander';
import { collect, lazyAction, withCommonOptions, withTargetOptions } from '../command.ts';

export const applyCommand = () =>
  withTargetOptions(withCommonOptions(new Command('apply')))
    .description('carry out the plan on the PBXs (or exactly a plan saved by `plan --out`)')
    .argument('[plan]', 'a plan file written by `pbxctl plan --out`: applied as reviewed, without asking')
    .option('-y, --yes', 'apply without asking (needed when not on a terminal)')
    .option('--allow <kind=N>', 'accept up to N deletes and updates of a kind blocked by a safety limit (or provider/kind=N; repeatable)', collect)
    .option('--ledger <file>', 'write what was applied, failed and skipped as JSON')
    .action(lazyAction(() => import('../actions/apply.ts')));
