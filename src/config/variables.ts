// What an unset or malformed ${VAR} means: an error, or, in sandbox mode, a value the
// sandbox replaces (connection settings) or does not manage this run (secret fields);
// commands that only sign in and read leave unset secret fields of objects out too.
import type { ProviderRegistry } from '../engine/provider.ts';
import type { Interpolated } from './interpolate.ts';
import type { ConfigIssue } from './issue.ts';
import type { DataPath } from './locate.ts';
import { subjectOf } from './subject.ts';

export interface VariableOutcome {
  errors: ConfigIssue[];
  warnings: ConfigIssue[];
  /** values to leave out of the configuration (sandbox mode) */
  drop: DataPath[];
  /** values whose problems are already reported */
  broken: DataPath[];
}

export function judgeVariables(
  found: Interpolated[],
  data: unknown,
  registry: ProviderRegistry,
  mode: { sandbox: boolean; connectionOnly: boolean },
  /** providers this run leaves aside (--provider): their unset variables are not its concern */
  asideProviders: Set<string> = new Set(),
): VariableOutcome {
  const { sandbox, connectionOnly } = mode;
  const out: VariableOutcome = { errors: [], warnings: [], drop: [], broken: [] };
  // sandbox mode: unset secrets are common (a fresh clone has none); one line says so
  const unsetSecrets: ConfigIssue[] = [];
  const warned = new Set<string>();
  for (const f of found) {
    out.errors.push(...f.malformed.map((m) => ({ ...m.loc, message: m.message })));
    const missing = f.refs.filter((r) => r.missing);
    if (!missing.length && !f.malformed.length) continue;
    if (!f.malformed.length && f.path[0] === 'providers' && asideProviders.has(String(f.path[1]))) {
      out.drop.push(f.path);
      continue;
    }
    const s = subjectOf(f.path, data, registry);
    if (!f.malformed.length && sandbox && s.role === 'setting') {
      out.drop.push(f.path.slice(0, 3));
    } else if (!f.malformed.length && (sandbox || connectionOnly) && s.role === 'object' && s.secret) {
      out.drop.push(f.path);
      if (!sandbox) continue; // signing in and reading use no object secret
      for (const r of missing.filter((m) => !warned.has(m.name))) {
        warned.add(r.name);
        unsetSecrets.push({ ...r.loc, message: r.name });
      }
    } else {
      out.broken.push(f.path);
      const user = s.where ? `${s.where}: ${s.field}` : s.field;
      // a default written in the file would make a secret inline: only suggest one elsewhere
      const hint = (name: string) => (s.secret ? 'set it in the environment' : `set it or write \${${name}:-default}`);
      out.errors.push(...missing.map((r) => ({ ...r.loc, message: `environment variable ${r.name} is not set (used by ${user}); ${hint(r.name)}`, unsetVariable: true })));
    }
  }
  if (unsetSecrets.length) {
    const names = unsetSecrets.map((u) => u.message);
    out.warnings.push({
      ...unsetSecrets[0],
      message: `sandbox: ${names.length === 1 ? `${names[0]} is` : `${names.length} variables are`} not set (${names.join(', ')}): the secret fields that use them are left as they are on the sandbox`,
    });
  }
  return out;
}
