// Secret fields: they must come from the environment (unless the user allows otherwise),
// must not be empty (an unfilled CI secret expands to nothing), and their values are
// collected so every output can be redacted.
import { getPath } from '../engine/paths.ts';
import type { ProviderRegistry } from '../engine/provider.ts';
import type { Interpolated, Reference } from './interpolate.ts';
import type { ConfigIssue } from './issue.ts';
import { locationOf, samePath, type DataPath, type Parsed } from './locate.ts';
import { moduleOf, providerBlock, subjectOf } from './subject.ts';

interface SecretField {
  path: DataPath;
  value: unknown;
}

function secretFields(data: unknown, registry: ProviderRegistry): SecretField[] {
  const providers = (data as { providers?: Record<string, unknown> }).providers ?? {};
  const out: SecretField[] = [];
  for (const name of Object.keys(providers)) {
    const block = providerBlock(data, name);
    const module = moduleOf(data, name, registry);
    if (!block || !module) continue;
    const { kinds, settingsSecrets } = module.capabilities;
    for (const s of settingsSecrets) if (block[s] !== undefined && block[s] !== null) out.push({ path: ['providers', name, s], value: block[s] });
    for (const [kind, spec] of Object.entries(kinds)) {
      const items = block[kind];
      if (!Array.isArray(items)) continue;
      // tens of thousands of objects, most without a secret: a path only for a value
      items.forEach((item: unknown, i) => {
        for (const s of spec.secrets) {
          const value = getPath(item, s);
          if (value !== undefined && value !== null) out.push({ path: ['providers', name, kind, i, ...s.split('.')], value });
        }
      });
    }
  }
  return out;
}

function inlineIssue(p: Parsed, f: SecretField, from: Interpolated | undefined, data: unknown, registry: ProviderRegistry): ConfigIssue | undefined {
  if (from?.refs.length && !from.refs.some((r) => r.defaulted)) return undefined;
  const s = subjectOf(f.path, data, registry);
  const what = `secret '${s.field}' of ${s.where}`;
  const message = from?.refs.length
    ? `${what} falls back to the default written in the file; set ${from.refs.map((r) => r.name).join(', ')} or pass --allow-inline-secrets`
    : `${what} is written in the file; use \${VAR} or pass --allow-inline-secrets`;
  return { ...locationOf(p, f.path), message };
}

/** how a variable read for a secret turned out, without its value */
function state(r: Reference): string {
  if (r.value === undefined) return `${r.name} is not set${r.missing ? '' : ' and its default is empty'}`;
  if (r.value === '') return `${r.name} is set but empty`;
  return r.value.trim() === '' ? `${r.name} holds only white space` : `${r.name} is set`;
}

const blank = (v: string | undefined) => (v ?? '').trim() === '';

function emptyIssue(p: Parsed, f: SecretField, from: Interpolated | undefined, data: unknown, registry: ProviderRegistry): ConfigIssue | undefined {
  if (typeof f.value !== 'string' || !blank(f.value)) return undefined;
  const s = subjectOf(f.path, data, registry);
  const what = `secret '${s.field}' of ${s.where} is empty`;
  const refs = from?.refs ?? [];
  if (!refs.length) return { ...locationOf(p, f.path), message: `${what}: write \${VAR} and give the variable the secret's value` };
  const culprit = refs.find((r) => blank(r.value)) ?? refs[0];
  const message = `${what}: environment variable ${refs.map(state).join(', ')}; set ${culprit.name} to the secret's value (an unfilled CI secret expands to nothing)`;
  return { ...culprit.loc, message };
}

export interface SecretCheck {
  errors: ConfigIssue[];
  values: string[];
  /** secret fields whose problem is reported here */
  broken: DataPath[];
}

export function checkSecrets(p: Parsed, data: unknown, registry: ProviderRegistry, found: Interpolated[], allowInline: boolean): SecretCheck {
  const fields = secretFields(data, registry);
  const values = [...new Set(fields.map((f) => String(f.value)).filter((v) => !blank(v)))];
  const out: SecretCheck = { errors: [], values, broken: [] };
  for (const f of fields) {
    const from = found.find((i) => samePath(i.path, f.path));
    const empty = emptyIssue(p, f, from, data, registry);
    const issue = empty ?? (allowInline ? undefined : inlineIssue(p, f, from, data, registry));
    if (!issue) continue;
    out.errors.push(issue);
    if (empty) out.broken.push(f.path);
  }
  return out;
}
