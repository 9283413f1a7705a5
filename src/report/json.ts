// The plan as versioned JSON: field-level, stable keys, no secret values.
import type { Plan } from '../engine/run.ts';

export const PLAN_FORMAT_VERSION = 1;

export function planToJson(plan: Plan) {
  return {
    format_version: PLAN_FORMAT_VERSION,
    config: plan.configFile,
    providers: plan.providers.map((p) => ({
      name: p.name,
      type: p.type,
      ...(p.error ? { error: p.error } : {}),
      warnings: p.warnings,
      blocked: p.blocked,
      kinds: p.kinds,
      changes: p.changes.map((c) => ({
        id: c.id,
        kind: c.kind,
        key: c.key,
        action: c.action,
        depends_on: c.dependsOn,
        fields: c.fields.map((f) =>
          f.sensitive ? { path: f.path, sensitive: true } : { path: f.path, before: f.before ?? null, after: f.after ?? null },
        ),
      })),
      unmanaged: p.unmanaged,
    })),
    issues: plan.issues.map((i) => ({ ...(i.loc ? { location: i.loc } : {}), message: i.message })),
  };
}
