// The validated document as the engine's Config: providers in file order, settings apart
// from kinds, every object with the positions of its fields.
import { dirname, resolve } from 'node:path';
import { isAlias, isMap, isScalar, isSeq, type Node, type YAMLSeq } from 'yaml';
import type { Config, DesiredKind, Policies, DesiredObject, ModelObject, ProviderConfig, SourceLocation } from '../engine/model.ts';
import type { ProviderModule, ProviderRegistry } from '../engine/provider.ts';
import { locate, locationOf, positionAt, type DataPath, type Parsed } from './locate.ts';
import { kindPolicy } from './policy.ts';
import { COMMON_KEYS, moduleOf, providerBlock } from './subject.ts';

type Block = Record<string, unknown>;

export interface Placed {
  loc: SourceLocation;
  /** the position of every field below the object, by dotted path (`voicemail.pin`, `members.0`) */
  fieldLocs: Record<string, SourceLocation>;
}

/** where the parts of the file the Config points at are */
export interface Placement {
  file: string;
  /** provider names in the order the file gives them (object keys would put "1" before "b") */
  providerNames(): string[];
  /** the key of path (a provider, a kind) */
  keyAt(path: DataPath): SourceLocation;
  /** the items of the list at path, by index */
  itemsAt(path: DataPath): (index: number) => Placed;
}

function fieldLocs(p: Parsed, node: unknown, prefix = '', locs: Record<string, SourceLocation> = {}): Record<string, SourceLocation> {
  const place = (path: string, at: Node | null, value: unknown) => {
    if (at?.range) locs[path] = positionAt(p, at.range[0]);
    fieldLocs(p, value, `${path}.`, locs);
  };
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isScalar(pair.key) || !pair.value) continue;
      const value = pair.value as Node;
      place(`${prefix}${String(pair.key.value)}`, isMap(value) || isSeq(value) ? pair.key : value, value);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => place(`${prefix}${i}`, item as Node | null, item));
  }
  return locs;
}

/** positions read from yaml's Document */
export function documentPlacement(p: Parsed): Placement {
  return {
    file: p.file,
    providerNames() {
      const node = locate(p.doc, ['providers']).node;
      return isMap(node) ? node.items.flatMap((pair) => (isScalar(pair.key) ? [String(pair.key.value)] : [])) : [];
    },
    keyAt: (path) => locationOf(p, path, 'key'),
    itemsAt(path) {
      const list = locate(p.doc, path).node;
      const nodes = (isAlias(list) ? list.resolve(p.doc) : list) as YAMLSeq<Node> | undefined;
      return (i) => {
        const node = nodes?.items[i];
        return { loc: positionAt(p, node?.range?.[0] ?? 0), fieldLocs: fieldLocs(p, node) };
      };
    },
  };
}

function kindOf(p: Placement, base: DataPath, block: Block, kind: string, module: ProviderModule): DesiredKind {
  const keyField = module.capabilities.kinds[kind].key;
  const items = (block[kind] ?? []) as ModelObject[];
  const placed = p.itemsAt([...base, kind]);
  // renamed_from says where the object comes from, it is no field of it
  const objects: DesiredObject[] = items.map(({ renamed_from, ...data }, i) => ({
    key: String(data[keyField]),
    data,
    ...placed(i),
    ...(typeof renamed_from === 'string' ? { renamedFrom: renamed_from } : {}),
  }));
  return { kind, objects, policy: kindPolicy(block, kind), loc: p.keyAt([...base, kind]) };
}

function settingsOf(p: Placement, block: Block, module: ProviderModule): Block {
  const settings: Block = {};
  for (const [k, v] of Object.entries(block)) {
    if (!COMMON_KEYS.includes(k) && !Object.hasOwn(module.capabilities.kinds, k)) settings[k] = v;
  }
  // a CA file is written relative to the configuration file
  if (typeof settings.ca === 'string') settings.ca = resolve(dirname(p.file), settings.ca);
  return settings;
}

function providerOf(p: Placement, name: string, block: Block, module: ProviderModule): ProviderConfig {
  const base = ['providers', name];
  const kinds: Record<string, DesiredKind> = {};
  for (const kind of Object.keys(module.capabilities.kinds)) {
    if (Object.hasOwn(block, kind)) kinds[kind] = kindOf(p, base, block, kind, module);
  }
  return { name, type: module.type, settings: settingsOf(p, block, module), kinds, loc: p.keyAt(base) };
}

export function buildConfig(p: Placement, data: unknown, registry: ProviderRegistry): Config {
  const providers = p.providerNames().flatMap((name) => {
    const block = providerBlock(data, name);
    const module = moduleOf(data, name, registry);
    return block && module ? [providerOf(p, name, block, module)] : [];
  });
  const policies = (data as { policies?: Partial<Policies> }).policies;
  return { file: p.file, providers, ...(policies ? { policies: policiesOf(policies) } : {}) };
}

/** the validated `policies:` block with every check named */
const policiesOf = (block: Partial<Policies>): Policies => ({
  every_did_answered: block.every_did_answered ?? 'off',
  ring_groups_can_ring: block.ring_groups_can_ring ?? 'off',
  emergency_caller_id: block.emergency_caller_id ?? 'off',
  allow_hangup: block.allow_hangup ?? [],
});
