// Saved plans: what `plan --out` writes and `apply plan.json` checks before carrying it
// out. Every change keeps a fingerprint of the live object it was computed against, so
// apply can refuse exactly the changes that went stale; secrets are kept only as salted
// slow hashes, and the whole file carries a checksum.
import { createHash, randomBytes, scryptSync } from 'node:crypto';
import stringify from 'safe-stable-stringify';
import type { Change, ModelObject } from './model.ts';
import type { ProviderRegistry } from './provider.ts';
import type { Plan } from './run.ts';
import { changeJson } from './change-json.ts';
import { leaves, underAny } from './paths.ts';

export const SAVED_PLAN_KIND = 'pbxctl-plan';
export const SAVED_PLAN_FORMAT = 1;

export interface SavedField {
  path: string;
  before?: unknown;
  after?: unknown;
  sensitive?: boolean;
  /** sensitive fields: scrypt(value, salt), so apply can tell whether the secret is the one reviewed */
  after_hash?: string;
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
}

export interface SavedPlan {
  kind: typeof SAVED_PLAN_KIND;
  format_version: number;
  created_at: string;
  config: string;
  config_sha256: string;
  sandbox: boolean;
  salt: string;
  providers: { name: string; type: string; changes: SavedChange[] }[];
  checksum: string;
}

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const secretHash = (value: unknown, salt: string) => scryptSync(String(value), Buffer.from(salt, 'hex'), 32, { N: 1 << 14 }).toString('hex');

/** a live object's fingerprint, secrets left out so the file gives nothing away about them */
export function fingerprint(live: ModelObject | undefined, secrets: string[]): string {
  if (!live) return 'absent';
  const visible = Object.fromEntries(leaves(live).filter(([path]) => !underAny(path, secrets)));
  return sha256(stringify(visible) ?? '');
}

const checksumOf = (body: Omit<SavedPlan, 'checksum'>) => sha256(stringify(body) ?? '');

export function savePlan(plan: Plan, registry: ProviderRegistry, opts: { configText: string; sandbox: boolean; now: Date }): SavedPlan {
  const salt = randomBytes(16).toString('hex');
  const body: Omit<SavedPlan, 'checksum'> = {
    kind: SAVED_PLAN_KIND,
    format_version: SAVED_PLAN_FORMAT,
    created_at: opts.now.toISOString(),
    config: plan.configFile,
    config_sha256: sha256(opts.configText),
    sandbox: opts.sandbox,
    salt,
    providers: plan.providers.map((p) => ({
      name: p.name,
      type: p.type,
      changes: p.changes.map((c) => saveChange(c, registry[p.type].capabilities.kinds[c.kind].secrets, salt)),
    })),
  };
  return { ...body, checksum: checksumOf(body) };
}

function saveChange(c: Change, secrets: string[], salt: string): SavedChange {
  return {
    ...changeJson(c, (f) => ({ after_hash: secretHash(f.after, salt) })),
    fingerprint: fingerprint(c.action === 'create' ? undefined : c.live, secrets),
  };
}

/** why the file cannot be used, or undefined when it is a sound plan file */
export function checkFile(data: unknown): string | undefined {
  const saved = data as Partial<SavedPlan> | undefined;
  if (saved?.kind !== SAVED_PLAN_KIND || typeof saved.checksum !== 'string') return 'it is not a pbxctl plan file (plan --out writes one)';
  const { checksum, ...body } = saved as SavedPlan;
  if (checksumOf(body) !== checksum) return 'its checksum does not match: the file was changed after plan wrote it';
  return undefined;
}

/**
 * Compares the saved plan with a plan made now from the same configuration: every saved
 * change must still be planned, the same way, against the same live object. Answers the
 * reasons, per change id, why the saved plan is stale.
 */
export function staleChanges(saved: SavedPlan, fresh: Plan, registry: ProviderRegistry): string[] {
  const reasons: string[] = [];
  for (const sp of saved.providers) {
    const fp = fresh.providers.find((p) => p.name === sp.name);
    if (!fp || fp.error) {
      reasons.push(`${sp.name}: could not be read again${fp?.error ? ` (${fp.error})` : ''}`);
      continue;
    }
    const byId = new Map(fp.changes.map((c) => [c.id, c]));
    for (const sc of sp.changes) {
      const now = byId.get(sc.id);
      if (!now || now.action !== sc.action) {
        reasons.push(`${sc.id}: no longer ${sc.action === 'create' ? 'absent' : 'the same'} on the PBX (the plan would now ${now ? now.action : 'not change'} it)`);
        continue;
      }
      const secrets = registry[sp.type].capabilities.kinds[sc.kind].secrets;
      if (fingerprint(now.action === 'create' ? undefined : now.live, secrets) !== sc.fingerprint) {
        reasons.push(`${sc.id}: changed on the PBX since the plan`);
        continue;
      }
      const same = sc.fields.length === now.fields.length && sc.fields.every((f, i) => {
        const g = now.fields[i];
        if (f.path !== g.path) return false;
        return f.sensitive ? f.after_hash === secretHash(g.after, saved.salt) : stringify(f.after) === stringify(g.after ?? null);
      });
      if (!same) reasons.push(`${sc.id}: the desired values differ from the plan (a secret or variable changed)`);
    }
  }
  return reasons;
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
