// Saved plans: what `plan --out` writes and `apply plan.json` checks before carrying it
// out. Every change keeps a fingerprint of the live object it was computed against and of
// every live object it refers to, so apply can refuse exactly the changes that went stale.
// Nothing in the file is derived from a secret value unless it is keyed with
// PBXCTL_PLAN_KEY (an HMAC cannot be checked offline without the key); with the key the
// whole file is signed, without it a checksum catches accidental edits only.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import stringify from 'safe-stable-stringify';
import type { Change, LiveState, ModelObject } from './model.ts';
import type { ProviderModule, ProviderRegistry } from './provider.ts';
import type { Plan } from './run.ts';
import type { ProviderPlan } from './plan.ts';
import { changeJson } from './change-json.ts';
import { leaves, underAny } from './paths.ts';
import { isEmpty, type Selection } from './target.ts';

export const SAVED_PLAN_KIND = 'pbxctl-plan';
/** 2: no salted hashes of secrets, references fingerprinted, signed with PBXCTL_PLAN_KEY */
export const SAVED_PLAN_FORMAT = 2;

export const PLAN_KEY_VARIABLE = 'PBXCTL_PLAN_KEY';
const MIN_KEY_LENGTH = 16;
/** a referred object this plan creates: absent on the PBX when planned, and still to be */
const CREATED_BY_PLAN = 'absent, created by this plan';

export interface SavedField {
  path: string;
  before?: unknown;
  after?: unknown;
  sensitive?: boolean;
  /** sensitive fields of a signed plan: HMAC(key, change id, path, value), so apply can tell whether the secret is the one reviewed */
  after_hmac?: string;
}

export interface SavedChange {
  id: string;
  kind: string;
  key: string;
  action: string;
  depends_on: string[];
  fields: SavedField[];
  /** hash of the live object (secrets left out) the change was computed against; 'absent' for a create */
  fingerprint: string;
  /** `kind/key` of every object the change refers to → its fingerprint when planned, or CREATED_BY_PLAN */
  refers_to: Record<string, string>;
}

export interface SavedPlan {
  kind: typeof SAVED_PLAN_KIND;
  format_version: number;
  created_at: string;
  config: string;
  config_sha256: string;
  sandbox: boolean;
  /** the --target and --exclude it was planned with, when any */
  targets?: Selection;
  providers: { name: string; type: string; changes: SavedChange[] }[];
  checksum: string;
  /** HMAC(PBXCTL_PLAN_KEY, body): present when planned with a key */
  signature?: string;
}

type Body = Omit<SavedPlan, 'checksum' | 'signature'>;

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const hmac = (key: string, text: string) => createHmac('sha256', key).update(text).digest('hex');
const sameHex = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** the plan key from the environment, undefined when unset; throws when it is unusable */
export function planKey(env: NodeJS.ProcessEnv): string | undefined {
  const key = env[PLAN_KEY_VARIABLE];
  if (key === undefined) return undefined;
  if (key === '') throw new Error(`${PLAN_KEY_VARIABLE} is set but empty; set it to a long random secret, or unset it`);
  if (key.length < MIN_KEY_LENGTH) throw new Error(`${PLAN_KEY_VARIABLE} is too short; use a random secret of at least ${MIN_KEY_LENGTH} characters`);
  return key;
}

const secretHmac = (key: string, id: string, path: string, value: unknown) => hmac(key, stringify([id, path, value ?? null]) ?? '');

/** a live object's fingerprint, secrets left out so the file gives nothing away about them */
export function fingerprint(live: ModelObject | undefined, secrets: string[]): string {
  if (!live) return 'absent';
  const visible = Object.fromEntries(leaves(live).filter(([path]) => !underAny(path, secrets)));
  return sha256(stringify(visible) ?? '');
}

const canonical = (body: Body) => stringify(body) ?? '';

export function savePlan(plan: Plan, registry: ProviderRegistry, opts: { configText: string; sandbox: boolean; now: Date; key?: string; targets?: Selection }): SavedPlan {
  const body: Body = {
    kind: SAVED_PLAN_KIND,
    format_version: SAVED_PLAN_FORMAT,
    created_at: opts.now.toISOString(),
    config: plan.configFile,
    config_sha256: sha256(opts.configText),
    sandbox: opts.sandbox,
    ...(isEmpty(opts.targets) ? {} : { targets: opts.targets }),
    providers: plan.providers.map((p) => ({
      name: p.name,
      type: p.type,
      changes: p.changes.map((c) => saveChange(c, p, registry[p.type], opts.key)),
    })),
  };
  const signature = opts.key ? { signature: hmac(opts.key, canonical(body)) } : {};
  return { ...body, checksum: sha256(canonical(body)), ...signature };
}

function saveChange(c: Change, p: ProviderPlan, module: ProviderModule, key?: string): SavedChange {
  return {
    ...changeJson(c, (f) => (key ? { after_hmac: secretHmac(key, c.id, f.path, f.after) } : {})),
    fingerprint: fingerprint(c.action === 'create' ? undefined : c.live, module.capabilities.kinds[c.kind].secrets),
    refers_to: Object.fromEntries(referred(c, p, module).map((r) => [r.ref, r.fingerprint])),
  };
}

/** what a change will point at once carried out, each fingerprinted as the plan saw it */
function referred(c: Change, p: ProviderPlan, module: ProviderModule) {
  if (!c.desired) return [];
  const creates = new Set(p.changes.filter((o) => o.action === 'create').map((o) => `${o.kind}/${o.key}`));
  return module.references(c.kind, c.desired).map(({ kind, key }) => {
    const ref = `${kind}/${key}`;
    return { ref, fingerprint: creates.has(ref) ? CREATED_BY_PLAN : liveFingerprint(p.live, module, kind, key) };
  });
}

const liveFingerprint = (live: LiveState | undefined, module: ProviderModule, kind: string, key: string) =>
  fingerprint(live?.[kind]?.find((o) => o.key === key)?.data, module.capabilities.kinds[kind]?.secrets ?? []);

/** why the file cannot be used, or undefined when it is a sound plan file (key: PBXCTL_PLAN_KEY at apply) */
export function checkFile(data: unknown, key: string | undefined): string | undefined {
  const saved = data as Partial<SavedPlan> | undefined;
  if (saved?.kind !== SAVED_PLAN_KIND || typeof saved.checksum !== 'string') return 'it is not a pbxctl plan file (plan --out writes one)';
  if (saved.format_version !== SAVED_PLAN_FORMAT)
    return `it was planned by ${Number(saved.format_version) > SAVED_PLAN_FORMAT ? 'a newer' : 'an older'} pbxctl (plan format ${String(saved.format_version)}, this one reads ${SAVED_PLAN_FORMAT}); plan again`;
  const { checksum, signature, ...body } = saved as SavedPlan;
  if (key && typeof signature !== 'string')
    return `it is not signed, and ${PLAN_KEY_VARIABLE} is set: only a plan signed with that key is applied; plan again with ${PLAN_KEY_VARIABLE} set`;
  if (!key && signature !== undefined) return `it is signed: set ${PLAN_KEY_VARIABLE} to the key it was planned with to apply it`;
  if (key && !sameHex(hmac(key, canonical(body)), String(signature)))
    return `its signature does not match ${PLAN_KEY_VARIABLE}: the file was changed after plan wrote it, or signed with another key`;
  if (sha256(canonical(body)) !== checksum) return 'its checksum does not match: the file was changed after plan wrote it';
  return undefined;
}

/**
 * Compares the saved plan with a plan made now from the same configuration: every saved
 * change must still be planned, the same way, against the same live object, and every
 * object it refers to must be as it was. Answers the reasons why the saved plan is stale.
 * Without a key a sensitive field is only checked to be still changing: its value is
 * the one in the environment now.
 */
export function staleChanges(saved: SavedPlan, fresh: Plan, registry: ProviderRegistry, key: string | undefined): string[] {
  const reasons: string[] = [];
  for (const sp of saved.providers) {
    const fp = fresh.providers.find((p) => p.name === sp.name);
    if (!fp || fp.error) {
      reasons.push(`${sp.name}: could not be read again${fp?.error ? ` (${fp.error})` : ''}`);
      continue;
    }
    const module = registry[sp.type];
    const byId = new Map(fp.changes.map((c) => [c.id, c]));
    for (const sc of sp.changes) {
      const now = byId.get(sc.id);
      if (!now || now.action !== sc.action) {
        reasons.push(`${sc.id}: no longer ${sc.action === 'create' ? 'absent' : 'the same'} on the PBX (the plan would now ${now ? now.action : 'not change'} it)`);
        continue;
      }
      if (fingerprint(now.action === 'create' ? undefined : now.live, module.capabilities.kinds[sc.kind].secrets) !== sc.fingerprint) {
        reasons.push(`${sc.id}: changed on the PBX since the plan`);
        continue;
      }
      const same = sc.fields.length === now.fields.length && sc.fields.every((f, i) => {
        const g = now.fields[i];
        if (f.path !== g.path || Boolean(f.sensitive) !== g.sensitive) return false;
        if (!f.sensitive) return stringify(f.after) === stringify(g.after ?? null);
        return !key || sameHex(String(f.after_hmac), secretHmac(key, sc.id, g.path, g.after));
      });
      if (!same) reasons.push(`${sc.id}: the desired values differ from the plan (a secret or variable changed)`);
      reasons.push(...staleReferences(sc, fp, module));
    }
  }
  // an error in the plan made now that no stale change above explains
  if (!reasons.length) reasons.push(...fresh.issues.map((i) => `the plan made now has an error: ${i.message}`));
  return reasons;
}

function staleReferences(sc: SavedChange, fp: ProviderPlan, module: ProviderModule): string[] {
  return Object.entries(sc.refers_to ?? {}).flatMap(([ref, was]) => {
    const slash = ref.indexOf('/');
    const [kind, key] = [ref.slice(0, slash), ref.slice(slash + 1)];
    const where = `${sc.id} refers to ${ref}, which`;
    if (!fp.live?.[kind]) return [`${where} could not be read again`];
    const now = liveFingerprint(fp.live, module, kind, key);
    if (was === CREATED_BY_PLAN) return now === 'absent' ? [] : [`${where} this plan creates, appeared on the PBX since the plan`];
    if (now === was) return [];
    return [`${where} ${now === 'absent' ? 'is gone from' : 'changed on'} the PBX since the plan`];
  });
}

/** the fresh plan cut down to exactly the saved changes */
export function restrictTo(saved: SavedPlan, fresh: Plan): Plan {
  const ids = new Set(saved.providers.flatMap((p) => p.changes.map((c) => c.id)));
  return {
    ...fresh,
    providers: fresh.providers
      .filter((p) => saved.providers.some((s) => s.name === p.name))
      .map((p) => ({ ...p, changes: p.changes.filter((c) => ids.has(c.id)) })),
  };
}
