// pbxctl drift: what was changed behind git's back. Read-only by construction: this
// command only reads and plans; nothing here can reach a provider's apply.
import { hasErrors, hasUnfinished, type Plan } from '../../engine/run.ts';
import { planFor } from '../context.ts';
import { loadOrReport } from '../load.ts';
import { emitReport } from '../report.ts';
import { type CommonOptions, type ReportOptions } from '../command.ts';
import type { Output } from '../output.ts';

/** drift: declared objects that differ or are missing, and undeclared ones where prune is on */
export const hasDrift = (plan: Plan) => plan.providers.some((p) => p.changes.length > 0);

export async function run(opts: CommonOptions & ReportOptions, o: Output): Promise<number> {
  const config = await loadOrReport(opts, o);
  if (!config) return 1;
  const { plan, sandbox } = await planFor(config, opts, o);
  await sandbox?.close();
  await emitReport(plan, 'drift', opts, o);
  if (hasErrors(plan)) return 1;
  // written but not active: what the PBX does differs from what it lists
  return hasDrift(plan) || hasUnfinished(plan) ? 2 : 0;
}
