// pbxctl plan: read every PBX, diff against the YAML, print what apply would change.
import { readFile, writeFile } from 'node:fs/promises';
import { Command } from 'commander';
import { savePlan } from '../../engine/saved-plan.ts';
import { registry } from '../../providers/index.ts';
import { hasChanges, hasErrors, hasUnfinished, isBlocked } from '../../engine/run.ts';
import { exitWith, loadOrReport, planFor, withCommonOptions, type CommonOptions } from '../context.ts';
import { emitReport, withReportOptions, type ReportOptions } from '../report.ts';

interface PlanOptions extends CommonOptions, ReportOptions {
  detailedExitcode?: boolean;
  out?: string;
}

export const planCommand = () =>
  withReportOptions(withCommonOptions(new Command('plan')))
    .description('show what apply would change, without changing anything')
    .option('--out <file>', 'also save the plan (versioned JSON, no secrets) for `pbxctl apply <file>`')
    .option('--detailed-exitcode', 'exit 0 when there is nothing to change, 2 when there are changes or an earlier apply is unfinished (3 blocked, 1 error as always)')
    .action(
      exitWith(async (opts: PlanOptions, o) => {
        const config = await loadOrReport(opts, o);
        if (!config) return 1;
        const { plan, sandbox } = await planFor(config, opts, o);
        await sandbox?.close();
        await emitReport(plan, 'plan', opts, o);
        if (hasErrors(plan)) return 1;
        if (opts.out) {
          const saved = savePlan(plan, registry, { configText: await readFile(config.file, 'utf8'), sandbox: Boolean(opts.sandbox), now: new Date() });
          await writeFile(opts.out, `${JSON.stringify(saved, null, 2)}\n`);
          const allow = plan.providers.flatMap((p) => p.blocked.map((b) => ` --allow ${p.name}/${b.kind}=${b.count}`)).join('');
          o.err(`Saved the plan to ${opts.out} (checksum ${saved.checksum.slice(0, 16)}). Apply exactly this plan with: pbxctl apply ${opts.out}${allow}`);
        }
        if (isBlocked(plan)) return 3;
        return opts.detailedExitcode && (hasChanges(plan) || hasUnfinished(plan)) ? 2 : 0;
      }),
    );
