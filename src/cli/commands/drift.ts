// pbxctl drift: what was changed behind git's back. Read-only by construction: this
// command only reads and plans; nothing here can reach a provider's apply.
import { Command } from 'commander';
import { hasErrors, hasUnfinished, type Plan } from '../../engine/run.ts';
import { exitWith, loadOrReport, planFor, withCommonOptions, withTargetOptions, type CommonOptions } from '../context.ts';
import { emitReport, withReportOptions, type ReportOptions } from '../report.ts';

/** drift: declared objects that differ or are missing, and undeclared ones where prune is on */
export const hasDrift = (plan: Plan) => plan.providers.some((p) => p.changes.length > 0);

export const driftCommand = () =>
  withReportOptions(withTargetOptions(withCommonOptions(new Command('drift'))))
    .description('report what differs from the YAML on the PBXs (read-only; exit 2 when drift is found or an earlier apply is unfinished)')
    .action(
      exitWith(async (opts: CommonOptions & ReportOptions, o) => {
        const config = await loadOrReport(opts, o);
        if (!config) return 1;
        const { plan, sandbox } = await planFor(config, opts, o);
        await sandbox?.close();
        await emitReport(plan, 'drift', opts, o);
        if (hasErrors(plan)) return 1;
        // written but not active: what the PBX does differs from what it lists
        return hasDrift(plan) || hasUnfinished(plan) ? 2 : 0;
      }),
    );
