// pbxctl plan: read every PBX, diff against the YAML, print what apply would change.
import { Command } from 'commander';
import { hasChanges, hasErrors } from '../../engine/run.ts';
import { planToJson } from '../../report/json.ts';
import { renderPlan } from '../../report/text.ts';
import { exitWith, loadOrReport, nounOf, planFor, withCommonOptions, type CommonOptions } from '../context.ts';

interface PlanOptions extends CommonOptions {
  json?: boolean;
  detailedExitcode?: boolean;
}

export const planCommand = () =>
  withCommonOptions(new Command('plan'))
    .description('show what apply would change, without changing anything')
    .option('--json', 'print the plan as versioned JSON (field-level, no secret values)')
    .option('--detailed-exitcode', 'exit 0 when there is nothing to change, 2 when there are changes, 1 on error')
    .action(
      exitWith(async (opts: PlanOptions, o) => {
        const config = await loadOrReport(opts, o);
        if (!config) return 1;
        const { plan, sandbox } = await planFor(config, opts, o);
        await sandbox?.close();
        if (opts.json) o.out(JSON.stringify(planToJson(plan), null, 2));
        else renderPlan(plan, o, (p, kind) => nounOf(p.type, kind));
        if (hasErrors(plan)) return 1;
        return opts.detailedExitcode && hasChanges(plan) ? 2 : 0;
      }),
    );
