// A change as JSON, the same in the printed plan and the saved plan: field-level, with
// sensitive fields reduced to a flag (plus whatever the caller adds, e.g. a hash).
import type { Change, FieldChange } from './model.ts';

export function changeJson(c: Change, sensitiveExtra: (f: FieldChange) => object = () => ({})) {
  return {
    id: c.id,
    kind: c.kind,
    key: c.key,
    action: c.action,
    ...(c.renamedFrom !== undefined ? { renamed_from: c.renamedFrom } : {}),
    depends_on: c.dependsOn,
    fields: c.fields.map((f) =>
      f.sensitive ? { path: f.path, sensitive: true, ...sensitiveExtra(f) } : { path: f.path, before: f.before ?? null, after: f.after ?? null },
    ),
  };
}
