// pbxctl plan: read every PBX, diff against the YAML, print what apply would change.
import { readFile } from 'node:fs/promises';
import { PLAN_KEY_VARIABLE, planKey, savePlan } from '../../engine/saved-plan.ts';
import { registry } from '../../providers/index.ts';
import { hasChanges, hasErrors, hasUnfinished, isBlocked } from '../../engine/run.ts';
import { planFor } from '../context.ts';
import { loadOrReport } from '../load.ts';
import { emitReport, writeUserFile } from '../report.ts';
import { type CommonOptions, type ReportOptions } from '../command.ts';
import type { Output } from '../output.ts';

interface PlanOptions extends CommonOptions, ReportOptions {
  detailedExitcode?: boolean;
  out?: string;
}

export async function run(opts: PlanOptions, o: Output): Promise<number> {
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
}
