// pbxctl plan: read every PBX, diff against the YAML, print what apply would change.
import { Command } from 'commander';
import { lazyAction, withCommonOptions, withReportOptions, withTargetOptions } from '../command.ts';

export const planCommand = () =>
  withReportOptions(withTargetOptions(withCommonOptions(new Command('plan'))))
    .description('show what apply would change, without changing anything')
    .option('--out <file>', 'also save the plan (versioned JSON, no secrets) for `pbxctl apply <file>`')
    .option('--detailed-exitcode', 'exit 0 when there is nothing to change, 2 when there are changes or an earlier apply is unfinished (3 blocked, 1 error as always)')
    .action(lazyAction(() => import('../actions/plan.ts')));
