// One planning run over every provider of a configuration: connect, read in parallel,
// plan each. A provider that cannot be read gets an error, never an empty live state.
import type { Config, Issue, LiveState } from './model.ts';
import pLimit from 'p-limit';
import type { ProviderContext, ProviderModule, ProviderRegistry, Session } from './provider.ts';
import { leaves } from './paths.ts';
import { planProvider, type ProviderPlan } from './plan.ts';
import { checkPolicies } from './policies.ts';
import type { Connected } from './apply.ts';
import { sharingKinds } from './unique.ts';
import { routeChanges, withRoutingKinds } from './route-diff.ts';
import { now } from './now.ts';
import { entriesToFollow, followedKinds } from './follow.ts';
import { unmatchedTargets, type ObjectRef, type Selector } from './target.ts';

export interface Plan {
  configFile: string;
  providers: ProviderPlan[];
  /** problems that make the plan unusable (dangling references, immutable fields) */
  issues: Issue[];
}

export interface RunOptions {
  registry: ProviderRegistry;
  /** provider name → settings that replace the YAML's (the sandbox's URLs and credentials) */
  overrides?: Map<string, Record<string, unknown>>;
  debug?: (line: string) => void;
  signal?: AbortSignal;
  /** providers an earlier apply left unfinished (see batch-state.ts): marked in the plan */
  unfinished?: Set<string>;
  /** --target and --exclude: only the objects they select are planned */
  select?: Selector;
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** a session under the engine's runtime policy: reads limited to the declared readConcurrency, the cancel signal passed on */
export const connect = (module: ProviderModule, settings: Record<string, unknown>, ctx: Omit<ProviderContext, 'limitRead'>): Session =>
  module.connect(settings, { ...ctx, limitRead: pLimit(module.capabilities.readConcurrency) });

export async function readAndPlan(config: Config, opts: RunOptions): Promise<{ plan: Plan; connected: Map<string, Connected> }> {
  const connected = new Map<string, Connected>();
  const issues: Issue[] = [];
  const { select } = opts;
  // the instant the behaviour diff looks ahead from (a bad PBXCTL_NOW stops the run before any read)
  const at = now();
  // a provider no --target can reach is not read at all
  const providers = await Promise.all(
    config.providers.filter((pc) => !select || select.mayTouch(pc.name)).map(async (pc): Promise<ProviderPlan> => {
      const module = opts.registry[pc.type];
      const settings = { ...pc.settings, ...opts.overrides?.get(pc.name) };
      const warnings = settings.insecure ? ['TLS certificate verification is OFF for this provider (insecure: true)'] : [];
      const unfinished = opts.unfinished?.has(pc.name) ? { unfinished: true } : {};
      try {
        const session = connect(module, settings, { name: pc.name, debug: opts.debug, signal: opts.signal });
        connected.set(pc.name, { module, session });
        // a renamed object is still under its old key on the PBX
        const declared = Object.fromEntries(
          Object.values(pc.kinds).map((k) => [
            k.kind,
            new Map(k.objects.flatMap((o) => [o.key, ...(o.renamedFrom ? [o.renamedFrom] : [])].map((key) => [key, leaves(o.data).map(([path]) => path)]))),
          ]),
        );
        const follow = followedKinds(module, pc);
        const live = await readLive(module, session, withRoutingKinds(module, Object.keys(pc.kinds)), declared, follow);
        const result = planProvider(pc, module, live, select);
        const policy = config.policies ? checkPolicies(config.policies, pc, module, live) : { issues: [], warnings: [] };
        issues.push(...result.issues, ...policy.issues);
        const routed = entriesToFollow(module, Object.keys(live), follow, result.plan.changes);
        const planned = result.plan.live ?? live;
        const routeLive = routed.length ? { ...planned, ...(await session.read(routed, declared, routed)) } : planned;
        const behaviour = await routeChanges(module, session, pc, routeLive, result.plan.changes, at);
        return { ...result.plan, warnings: [...warnings, ...result.plan.warnings, ...policy.warnings], ...unfinished, ...(behaviour.length ? { behaviour } : {}) };
      } catch (err) {
        return {
          name: pc.name, type: pc.type, title: module.title, warnings, changes: [], unmanaged: [], kinds: [], blocked: [],
          error: `reading ${pc.name} (${module.title}) failed: ${message(err)}`,
          ...unfinished,
        };
      }
    }),
  );
  if (select) {
    const seen: ObjectRef[] = config.providers.flatMap((pc) => {
      const live = providers.find((p) => p.name === pc.name)?.live ?? {};
      return Object.values(pc.kinds).flatMap((k) =>
        [...k.objects.map((o) => o.key), ...(live[k.kind] ?? []).map((o) => o.key)].map((key) => ({ provider: pc.name, kind: k.kind, key })),
      );
    });
    for (const text of unmatchedTargets(select, seen)) issues.push({ message: `--target ${text} matches no object declared or live in the kinds of ${providers.map((p) => p.name).join(', ')}` });
  }
  // in the order of the file, whichever provider answered first
  issues.sort((a, b) => (a.loc?.line ?? 0) - (b.loc?.line ?? 0) || (a.loc?.col ?? 0) - (b.loc?.col ?? 0));
  return { plan: { configFile: config.file, providers, issues }, connected };
}

/**
 * Live state of the kinds and of every kind they may refer to or share a unique value
 * with, so references and uniqueness can be checked (and names resolved) whatever subset
 * of kinds is asked for.
 */
export function readLive(module: ProviderModule, session: Session, kinds: string[], declared?: Record<string, Map<string, string[]>>, follow?: string[]): Promise<LiveState> {
  const all = new Set([...kinds, ...sharingKinds(module, kinds)]);
  for (const kind of kinds) for (const other of module.capabilities.kinds[kind]?.refersTo ?? []) all.add(other);
  return session.read([...all], declared, follow);
}

export const hasChanges = (plan: Plan) => plan.providers.some((p) => p.changes.length > 0);
/** an earlier apply's writes wait to be activated: plan and drift say so until an apply finishes them */
export const hasUnfinished = (plan: Plan) => plan.providers.some((p) => p.unfinished);
export const hasErrors = (plan: Plan) => plan.issues.length > 0 || plan.providers.some((p) => p.error);
export const isBlocked = (plan: Plan) => plan.providers.some((p) => p.blocked.length > 0);
