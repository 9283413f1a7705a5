// Checks the schema cannot express: keys declared twice, keys shared by kinds that live in
// one number space, declared objects that an ignore glob would leave unmanaged, and
// credentials written into a url (they would be shown wherever the url is).
import picomatch from 'picomatch';
import type { ProviderModule, ProviderRegistry } from '../engine/provider.ts';
import type { ConfigIssue } from './issue.ts';
import { locationOf, type DataPath, type Parsed } from './locate.ts';
import { kindPolicy } from './policy.ts';
import { moduleOf, providerBlock } from './subject.ts';

interface Declared {
  kind: string;
  key: string;
  path: DataPath;
  line: number;
}

const kindWords = (kind: string) => kind.replace(/_/g, ' ');

function declared(p: Parsed, name: string, block: Record<string, unknown>, module: ProviderModule): Declared[] {
  const out: Declared[] = [];
  for (const [kind, spec] of Object.entries(module.capabilities.kinds)) {
    const items = block[kind];
    if (!Array.isArray(items)) continue;
    items.forEach((item: unknown, i) => {
      const key = (item as Record<string, unknown> | null)?.[spec.key];
      if (typeof key !== 'string') return;
      const path = ['providers', name, kind, i, spec.key];
      out.push({ kind, key, path, line: locationOf(p, path).line });
    });
  }
  return out;
}

function duplicates(p: Parsed, objects: Declared[], module: ProviderModule): ConfigIssue[] {
  const first = new Map<string, Declared>();
  const issues: ConfigIssue[] = [];
  for (const o of objects) {
    const id = `${o.kind}\u0000${o.key}`;
    const seen = first.get(id);
    if (!seen) first.set(id, o);
    else {
      const noun = module.capabilities.kinds[o.kind].noun;
      issues.push({ ...locationOf(p, o.path), message: `duplicate ${noun} ${o.key}: already declared at line ${seen.line}` });
    }
  }
  return issues;
}

function sharedKeys(p: Parsed, objects: Declared[], module: ProviderModule): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const { kinds, sharedKeySpace = [] } = module.capabilities;
  for (const group of sharedKeySpace) {
    const owner = new Map<string, Declared>();
    const inGroup = objects.filter((o) => group.includes(o.kind)).sort((a, b) => a.line - b.line);
    for (const o of inGroup) {
      const seen = owner.get(o.key);
      if (!seen) owner.set(o.key, o);
      else if (seen.kind !== o.kind) {
        const message = `${kinds[o.kind].noun} ${o.key}: ${o.key} is already used by ${kinds[seen.kind].noun} ${seen.key} at line ${seen.line} (${group.map(kindWords).join(' and ')} share one numbering)`;
        issues.push({ ...locationOf(p, o.path), message });
      }
    }
  }
  return issues;
}

function ignored(p: Parsed, objects: Declared[], block: Record<string, unknown>, module: ProviderModule): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const o of objects) {
    const globs = kindPolicy(block, o.kind).ignore.filter((g) => typeof g === 'string');
    const glob = globs.find((g) => picomatch.isMatch(o.key, g));
    if (glob === undefined) continue;
    const message = `${module.capabilities.kinds[o.kind].noun} ${o.key} matches ignore '${glob}': it is declared but would never be managed; narrow the glob or remove the object`;
    issues.push({ ...locationOf(p, o.path), message });
  }
  return issues;
}

function credentialsInUrl(p: Parsed, name: string, block: Record<string, unknown>, module: ProviderModule): ConfigIssue[] {
  const url = URL.canParse(String(block.url)) ? new URL(String(block.url)) : undefined;
  if (!url || (url.username === '' && url.password === '')) return [];
  const user = Object.hasOwn((module.schema as { properties?: object }).properties ?? {}, 'username') ? ['username: NAME'] : [];
  const settings = [...user, ...module.capabilities.settingsSecrets.map((s) => `${s}: \${VAR}`)].join(', ');
  const message = `provider ${name}: url holds a user name or password (before '@'): remove them from the url; credentials go in the provider's settings (${settings}), secrets from the environment`;
  return [{ ...locationOf(p, ['providers', name, 'url']), message }];
}

export function semanticIssues(p: Parsed, data: unknown, registry: ProviderRegistry): ConfigIssue[] {
  const providers = (data as { providers?: Record<string, unknown> }).providers ?? {};
  return Object.keys(providers).flatMap((name) => {
    const block = providerBlock(data, name);
    const module = moduleOf(data, name, registry);
    if (!block || !module) return [];
    const objects = declared(p, name, block, module);
    return [...duplicates(p, objects, module), ...sharedKeys(p, objects, module), ...ignored(p, objects, block, module), ...credentialsInUrl(p, name, block, module)];
  });
}
