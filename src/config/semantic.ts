// Checks the schema cannot express: keys declared twice, values the PBX refuses to hold
// twice (KindSpec.unique: a MAC address, a number shared by extensions and ring groups),
// declared objects that an ignore glob would leave unmanaged, and credentials written
// into a url (they would be shown wherever the url is).
import picomatch from 'picomatch';
import type { SourceLocation } from '../engine/model.ts';
import type { ProviderModule, ProviderRegistry } from '../engine/provider.ts';
import { heldValues, sameFor, slotOf, type HeldValue } from '../engine/unique.ts';
import type { ConfigIssue } from './issue.ts';
import { locationOf, type DataPath, type Parsed } from './locate.ts';
import { kindPolicy } from './policy.ts';
import { moduleOf, providerBlock } from './subject.ts';

interface Declared {
  kind: string;
  key: string;
  path: DataPath;
}

function declared(p: Parsed, name: string, block: Record<string, unknown>, module: ProviderModule): Declared[] {
  const out: Declared[] = [];
  for (const [kind, spec] of Object.entries(module.capabilities.kinds)) {
    const items = block[kind];
    if (!Array.isArray(items)) continue;
    items.forEach((item: unknown, i) => {
      const key = (item as Record<string, unknown> | null)?.[spec.key];
      if (typeof key !== 'string') return;
      out.push({ kind, key, path: ['providers', name, kind, i, spec.key] });
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
      issues.push({ ...locationOf(p, o.path), message: `duplicate ${noun} ${o.key}: already declared at line ${locationOf(p, seen.path).line}` });
    }
  }
  return issues;
}

interface Holding {
  kind: string;
  key: unknown;
  index: number;
  held: HeldValue;
}

type Placed = Holding & { loc: SourceLocation };

/** where a held value sits in the file (built only for a value held twice) */
const pathOf = (name: string, h: Holding): DataPath => [
  'providers', name, h.kind, h.index, ...h.held.path.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s)),
];

/** values the PBX refuses twice (KindSpec.unique), held twice in the file: also in one object, also across kinds */
function uniqueValues(p: Parsed, name: string, block: Record<string, unknown>, module: ProviderModule): ConfigIssue[] {
  const { kinds } = module.capabilities;
  // by slot: only a value held more than once is located in the file
  const bySlot = new Map<string, Holding[]>();
  for (const [kind, spec] of Object.entries(kinds)) {
    const items = block[kind];
    if (!spec.unique || !Array.isArray(items)) continue;
    items.forEach((item: unknown, index) => {
      for (const held of heldValues(module, kind, item)) {
        const holding = { kind, key: (item as Record<string, unknown>)[spec.key], index, held };
        const slot = slotOf(held);
        const same = bySlot.get(slot);
        if (same) same.push(holding);
        else bySlot.set(slot, [holding]);
      }
    });
  }
  const issues: ConfigIssue[] = [];
  for (const holdings of bySlot.values()) {
    if (holdings.length < 2) continue;
    const [seen, ...others] = holdings
      .map((h): Placed => ({ ...h, loc: locationOf(p, pathOf(name, h)) }))
      .sort((a, b) => a.loc.line - b.loc.line || a.loc.col - b.loc.col);
    for (const h of others) {
      const sameObject = seen.kind === h.kind && seen.index === h.index;
      // two objects with one key are reported as a duplicate, one list's equal items by the schema (uniqueItems)
      if (!sameObject && seen.kind === h.kind && seen.key === h.key) continue;
      if (sameObject && seen.held.field === h.held.field && seen.held.value === h.held.value) continue;
      const what = `${kinds[h.kind].noun} ${String(h.key)}: ${h.held.space} ${h.held.value}`;
      const same = sameFor(module.title, h.held, seen.held);
      const message = sameObject
        ? `${what} appears twice in it (${[`${seen.held.path} at line ${seen.loc.line}`, same].filter(Boolean).join('; ')})`
        : `${what} is already used by ${kinds[seen.kind].noun} ${String(seen.key)} at line ${seen.loc.line}; ${same || `${module.title} refuses a ${h.held.space} twice`}`;
      issues.push({ ...h.loc, message });
    }
  }
  return issues;
}

function ignored(p: Parsed, objects: Declared[], block: Record<string, unknown>, module: ProviderModule): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const globsOf = new Map<string, string[]>();
  for (const o of objects) {
    let globs = globsOf.get(o.kind);
    if (!globs) globsOf.set(o.kind, (globs = kindPolicy(block, o.kind).ignore.filter((g) => typeof g === 'string')));
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
    return [...duplicates(p, objects, module), ...uniqueValues(p, name, block, module), ...ignored(p, objects, block, module), ...credentialsInUrl(p, name, block, module)];
  });
}
