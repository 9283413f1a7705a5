// The plan as versioned JSON: field-level, stable keys, no secret values.
import { changeJson } from '../engine/change-json.ts';
import type { Plan } from '../engine/run.ts';
import { unfinishedNotice } from './summary.ts';

export const PLAN_FORMAT_VERSION = 1;

export function planToJson(plan: Plan) {
  return {
    format_version: PLAN_FORMAT_VERSION,
    config: plan.configFile,
    providers: plan.providers.map((p) => ({
      name: p.name,
      type: p.type,
      ...(p.error ? { error: p.error } : {}),
      ...(p.unfinished ? { unfinished: true } : {}),
      warnings: p.warnings,
      blocked: p.blocked,
      kinds: p.kinds,
      changes: p.changes.map((c) => changeJson(c)),
      unmanaged: p.unmanaged,
      information: p.information ?? [],
      behaviour: p.behaviour ?? [],
    })),
    issues: plan.issues.map((i) => ({ ...(i.loc ? { location: i.loc } : {}), message: i.message })),
    // what must not go unnoticed besides the changes: an earlier apply left unfinished
    notices: plan.providers.filter((p) => p.unfinished).map(unfinishedNotice),
  };
}
