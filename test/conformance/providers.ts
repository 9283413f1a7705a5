// Every provider type of the registry with its fixture and what it can do, derived from
// its declaration: the operations of its kinds, its declared features, the session's
// optional commands. A scenario a type cannot do is skipped, naming the capability.
import { connect } from '../../src/engine/run.ts';
import { registry } from '../../src/providers/index.ts';
import { createEmulator } from '../../src/sandbox/registry.ts';
import { skipUnless } from '../helpers/skip.ts';
import type { Fixture } from './fixture.ts';

export interface Conforming {
  type: string;
  /** undefined when fixtures/<type>.ts is missing: the registry test fails on it */
  fixture: Fixture | undefined;
  /** kinds that can be written (a kind with no operations is a catalog) */
  managed: string[];
  /** what the fixture's kind allows */
  can: { create: boolean; update: boolean; delete: boolean };
  tokenExpiry: boolean;
  /** the session reads call history (`pbxctl calls`) */
  calls: boolean;
  /** kinds whose key the API can change (renamed_from) */
  renamable: string[];
}

async function fixtureOf(type: string): Promise<Fixture | undefined> {
  try {
    return ((await import(`./fixtures/${type}.ts`)) as { fixture: Fixture }).fixture;
  } catch {
    return undefined;
  }
}

export const TYPES: Conforming[] = await Promise.all(
  Object.values(registry).map(async (mod): Promise<Conforming> => {
    const fixture = await fixtureOf(mod.type);
    const kinds = mod.capabilities.kinds;
    const ops = fixture?.kinds ? (kinds[fixture.kinds.kind]?.operations ?? []) : [];
    // connecting does no I/O: it only tells which optional commands the session has
    const session = connect(mod, (await createEmulator(mod.type, { seed: 'empty' })).settings('http://127.0.0.1:9'), { name: mod.type });
    return {
      type: mod.type,
      fixture,
      managed: Object.keys(kinds).filter((k) => kinds[k].operations.length > 0),
      can: { create: ops.includes('create'), update: ops.includes('update'), delete: ops.includes('delete') },
      tokenExpiry: mod.features?.tokenExpiry === true,
      calls: typeof session.calls === 'function',
      renamable: Object.keys(kinds).filter((k) => kinds[k].renamable),
    };
  }),
);

/** why a type cannot run a scenario needing `op` on its fixture's kind, or undefined when it can */
export function lacks(c: Conforming, op: 'create' | 'update' | 'delete' | 'write' | 'kinds'): string | undefined {
  if (!c.managed.length) return `${c.type} has no kinds to reconcile (capability: kinds)`;
  const kind = c.fixture?.kinds?.kind;
  if (op === 'kinds') return undefined;
  if (op === 'write') return c.can.create || c.can.update || c.can.delete ? undefined : `${c.type} cannot write ${kind} (capability: operations)`;
  return c.can[op] ? undefined : `${c.type} cannot ${op} ${kind}: its operations are ${registry[c.type].capabilities.kinds[kind!].operations.join(', ')} (capability: ${op})`;
}

/** the types that have a fixture: every scenario runs over them */
export const CONFORMING = TYPES.filter((c) => c.fixture);

/** registers a scenario for one type, or skips it with the reason when `missing` names one */
export const scenario = (name: string, missing: string | undefined, fn: () => Promise<void>) => skipUnless(!missing, missing ?? '')(name, fn);
