// Secret fields: they must come from the environment (unless the user allows otherwise),
// and their values are collected so every output can be redacted.
import { getPath } from '../engine/paths.ts';
import type { ProviderRegistry } from '../engine/provider.ts';
import type { Interpolated } from './interpolate.ts';
import type { ConfigIssue } from './issue.ts';
import { locationOf, type DataPath, type Parsed } from './locate.ts';
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
    for (const s of settingsSecrets) out.push({ path: ['providers', name, s], value: block[s] });
    for (const [kind, spec] of Object.entries(kinds)) {
      const items = block[kind];
      if (!Array.isArray(items)) continue;
      items.forEach((item: unknown, i) => {
        for (const s of spec.secrets) out.push({ path: ['providers', name, kind, i, ...s.split('.')], value: getPath(item, s) });
      });
    }
  }
  return out.filter((f) => f.value !== undefined && f.value !== null);
}

const sameKey = (a: DataPath, b: DataPath) => a.length === b.length && a.every((step, i) => String(step) === String(b[i]));

function inlineIssue(p: Parsed, f: SecretField, from: Interpolated | undefined, data: unknown, registry: ProviderRegistry): ConfigIssue | undefined {
  if (from?.refs.length && !from.refs.some((r) => r.defaulted)) return undefined;
  const s = subjectOf(f.path, data, registry);
  const what = `secret '${s.field}' of ${s.where}`;
  const message = from?.refs.length
    ? `${what} falls back to the default written in the file; set ${from.refs.map((r) => r.name).join(', ')} or pass --allow-inline-secrets`
    : `${what} is written in the file; use \${VAR} or pass --allow-inline-secrets`;
  return { ...locationOf(p, f.path), message };
}

export interface SecretCheck {
  errors: ConfigIssue[];
  values: string[];
}

export function checkSecrets(p: Parsed, data: unknown, registry: ProviderRegistry, found: Interpolated[], allowInline: boolean): SecretCheck {
  const fields = secretFields(data, registry);
  const values = [...new Set(fields.map((f) => String(f.value)).filter((v) => v !== ''))];
  if (allowInline) return { errors: [], values };
  const errors = fields.flatMap((f) => inlineIssue(p, f, found.find((i) => sameKey(i.path, f.path)), data, registry) ?? []);
  return { errors, values };
}
