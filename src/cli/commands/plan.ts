// pbxctl plan: read every PBX, diff against the YAML, print what apply would change.
import { readFile } from 'node:fs/promises';
import { Command } from 'commander';
import { PLAN_KEY_VARIABLE, planKey, savePlan } from '../../engine/saved-plan.ts';
import { registry } from '../../providers/index.ts';
import { hasChanges, hasErrors, hasUnfinished, isBlocked } from '../../engine/run.ts';
import { exitWith, loadOrReport, planFor, withCommonOptions, withTargetOptions, type CommonOptions } from '../context.ts';
import { emitReport, withReportOptions, writeUserFile, type ReportOptions } from '../report.ts';

interface PlanOptions extends CommonOptions, ReportOptions {
  detailedExitcode?: boolean;
  out?: string;
}

export const planCommand = () =>
  withReportOptions(withTargetOptions(withCommonOptions(new Command('plan'))))
    .description('show what apply would change, without changing anything')
    .option('--out <file>', 'also save the plan (versioned JSON, no secrets) for `pbxctl apply <file>`')
    .option('--detailed-exitcode', 'exit 0 when there is nothing to change, 2 when there are changes or an earlier apply is unfinished (3 blocked, 1 error as always)')
    .action(
      exitWith(async (opts: PlanOptions, o) => {
        // an unusable key is refused before any PBX is read
        const key = opts.out ? planKey(process.env) : undefined;
        const config = await loadOrReport(opts, o);
        if (!config) return 1;
        const { plan, sandbox } = await planFor(config, opts, o);
        await sandbox?.close();
        await emitReport(plan, 'plan', opts, o);
        if (hasErrors(plan)) return 1;
        if (opts.out) {
          const saved = savePlan(plan, registry, { configText: await readFile(config.file, 'utf8'), sandbox: Boolean(opts.sandbox), now: new Date(), key, targets: { target: opts.target ?? [], exclude: opts.exclude ?? [] } });
          await writeUserFile(opts.out, `${JSON.stringify(saved, null, 2)}\n`);
          const allow = plan.providers.flatMap((p) => p.blocked.map((b) => ` --allow ${p.name}/${b.kind}=${b.count}`)).join('');
          o.err(`Saved the plan to ${opts.out} (checksum ${saved.checksum.slice(0, 16)}${key ? `, signed with ${PLAN_KEY_VARIABLE}` : ''}). Apply exactly this plan with: pbxctl apply ${opts.out}${allow}`);
          if (!key)
            o.err(`Note: ${PLAN_KEY_VARIABLE} is not set, so the plan is not signed and keeps nothing about secret values: apply uses the secrets set then, a secret changed between plan and apply is not detected, and the checksum catches accidental edits only.`);
        }
        if (isBlocked(plan)) return 3;
        return opts.detailedExitcode && (hasChanges(plan) || hasUnfinished(plan)) ? 2 : 0;
      }),
    );
