// Policies as code (`policies:`): checks of the desired state (the YAML over the live PBX,
// as plan sees it) run on every plan, apply and drift. A violation is an issue at its line
// (error: nothing is applied) or a located warning (warn). They need the live state: a
// route may lead to objects only the PBX holds, so `validate` does not run them.
import type { Issue, LiveState, Policies, PolicyName, ProviderConfig, SourceLocation } from './model.ts';
import type { ProviderModule } from './provider.ts';
import { getPath, underAny } from './paths.ts';
import { desiredState } from './route-path.ts';
import { unanswered } from './policies-answered.ts';

interface Finding {
  loc: SourceLocation;
  message: string;
}

export function checkPolicies(policies: Policies, pc: ProviderConfig, mod: ProviderModule, live: LiveState): { issues: Issue[]; warnings: string[] } {
  const state = desiredState(pc, live);
  const out = { issues: [] as Issue[], warnings: [] as string[] };
  const checks: Record<PolicyName, () => Finding[]> = {
    every_did_answered: () => unanswered(pc, mod, state, policies.allow_hangup),
    ring_groups_can_ring: () => silentRingGroups(pc, mod, state),
    emergency_caller_id: () => withoutEmergencyCallerId(pc, mod, state),
  };
  const kinds = Object.values(mod.capabilities.kinds);
  const applies: Record<PolicyName, boolean> = {
    every_did_answered: Boolean(mod.callPath),
    ring_groups_can_ring: kinds.some((k) => k.ringGroupMembers),
    emergency_caller_id: kinds.some((k) => k.emergencyCallerId),
  };
  for (const name of Object.keys(checks) as PolicyName[]) {
    const level = policies[name];
    // a provider without DID routing, ring groups or the caller-ID field has nothing to break
    if (level === 'off' || !applies[name]) continue;
    for (const f of checks[name]()) {
      const message = `policy ${name}: ${f.message}`;
      if (level === 'error') out.issues.push({ loc: f.loc, message });
      else out.warnings.push(`${f.loc.file}:${f.loc.line}:${f.loc.col}: ${message}`);
    }
  }
  return out;
}

/** each declared object of the kinds that have `field`, with its desired-state data */
function* declared(pc: ProviderConfig, mod: ProviderModule, state: LiveState, field: 'ringGroupMembers' | 'emergencyCallerId') {
  for (const dk of Object.values(pc.kinds)) {
    const spec = mod.capabilities.kinds[dk.kind];
    if (!spec[field]) continue;
    const stateOf = new Map((state[dk.kind] ?? []).map((o) => [o.key, o.data]));
    for (const obj of dk.objects) {
      const data = stateOf.get(obj.key) ?? obj.data;
      yield { kind: dk.kind, spec, obj, data };
    }
  }
}

function silentRingGroups(pc: ProviderConfig, mod: ProviderModule, state: LiveState): Finding[] {
  const out: Finding[] = [];
  const exists = (kind: string, key: string) => Boolean(state[kind]?.some((o) => o.key === key));
  for (const { kind, spec, obj, data } of declared(pc, mod, state, 'ringGroupMembers')) {
    const refs = mod.references(kind, data);
    for (const path of spec.ringGroupMembers!) {
      const parent = path.split('.').slice(0, -1).join('.');
      if (parent && getPath(data, parent) === undefined) continue;
      const members = getPath(data, path);
      const list = Array.isArray(members) ? members : [];
      const why: string[] = [];
      // a member no reference comes from is an external number: it can ring
      const rings = list.some((_, i) => {
        const ref = refs.find((r) => underAny(r.path, [`${path}.${i}`]));
        if (!ref || exists(ref.kind, ref.key)) return true;
        why.push(`${mod.capabilities.kinds[ref.kind]?.noun ?? ref.kind} ${ref.key} is neither declared nor on ${pc.name}`);
        return false;
      });
      if (rings) continue;
      const where = parent ? ` (${parent})` : '';
      out.push({ loc: obj.fieldLocs[path] ?? obj.loc, message: `${spec.noun} ${obj.key}${where} has no member that can ring: ${why.join(', ') || 'no members'}` });
    }
  }
  return out;
}

function withoutEmergencyCallerId(pc: ProviderConfig, mod: ProviderModule, state: LiveState): Finding[] {
  const out: Finding[] = [];
  for (const { spec, obj, data } of declared(pc, mod, state, 'emergencyCallerId')) {
    const value = getPath(data, spec.emergencyCallerId!);
    if (typeof value === 'string' ? value.trim() : value !== undefined) continue;
    out.push({ loc: obj.loc, message: `${spec.noun} ${obj.key} has no emergency caller ID (${spec.emergencyCallerId})` });
  }
  return out;
}
