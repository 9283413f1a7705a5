// The path a call to a DID takes on VoipCenter at one instant (`pbxctl route`): the DID
// route, its time filters (branchAt, Belgian time), and the route or backup route by name.
import type { LiveState } from '../../engine/model.ts';
import type { CallPath, PathStep } from '../../engine/route-path.ts';
import { objectAt } from '../../engine/route-index.ts';
import { branchAt, BRUSSELS, filtersOf, type DidRouting } from './time.ts';

export function callPath(state: LiveState, number: string, at: Date): CallPath | undefined {
  const wanted = number.startsWith('+') ? number : `+${number.replace(/\D/g, '')}`;
  const did = objectAt(state, 'did_routes', wanted);
  if (!did) return undefined;
  const branch = branchAt(did.data as DidRouting, filtersOf(state), at);
  const steps: PathStep[] = [
    { kind: 'route', noun: 'DID route', name: did.key, detail: typeof did.data.name === 'string' ? `"${did.data.name}"` : undefined },
    { kind: 'time_switch', noun: 'time filters', name: '', detail: branch.take.replace('_', ' '), why: [`${branch.because}, ${BRUSSELS}`, ...branch.notes].join('; ') },
  ];
  const catalog = branch.take === 'route' ? 'routes' : 'backup_routes';
  const item = branch.name === null ? undefined : objectAt(state, catalog, branch.name)?.data;
  const detail = [item?.description, item?.destination].filter((v) => typeof v === 'string' && v).join('; ');
  steps.push(
    branch.name === null
      ? { kind: 'end', name: '', detail: `no ${branch.take.replace('_', ' ')}: the call ends` }
      : { kind: 'ref', noun: branch.take.replace('_', ' '), name: `"${branch.name}"`, detail: detail || undefined },
  );
  return { number: did.key, at: at.toISOString(), timezone: BRUSSELS, steps };
}
