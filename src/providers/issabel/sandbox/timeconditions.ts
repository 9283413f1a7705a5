// /pbxapi/timeconditions: timeconditions.php (issabel-routing.md §5). Names are not unique,
// a create answers with an empty Location (no id), the collection lists three fields, the
// override state lives apart from the row (ASTDB), each condition has a *27<id> toggle
// feature code, and a DELETE applies the configuration twice whatever the body says.
import { type Controller, applyIfWanted, selfApplyingDelete } from './context.ts';
import { type ApiError, type Exchange, decodeError, phpString, restInput } from './http.ts';
import { routingOf, type IssabelState, type TimeConditionRecord } from './state.ts';

const REQUIRED = ['name', 'time_group_id', 'destination_if_time_matches', 'destination_if_time_does_not_match'] as const;
const COLUMNS = REQUIRED;
const OVERRIDES = ['', 'true', 'false', 'true_sticky', 'false_sticky'];

function fullRow(state: IssabelState, tc: TimeConditionRecord): Record<string, unknown> {
  return {
    deptname: '', generate_hint: '0', priority: '0', id: String(tc.id), name: tc.name, time_group_id: tc.time_group_id,
    destination_if_time_matches: tc.destination_if_time_matches, destination_if_time_does_not_match: tc.destination_if_time_does_not_match,
    override_state: routingOf(state).overrides[tc.id] ?? '',
  };
}

function overrideError(body: Record<string, unknown>): ApiError | undefined {
  if (body.override_state === undefined || OVERRIDES.includes(phpString(body.override_state))) return undefined;
  return { status: '422', source: 'override_state', detail: 'Not in list of allowed values' };
}

export async function timeconditions(ctl: Controller, ex: Exchange, id: string): Promise<void> {
  const routing = routingOf(ctl.state);
  const find = (one: string) => routing.timeConditions.find((t) => String(t.id) === one);
  if (ex.method === 'GET') {
    if (id === '') {
      // only id, name and override_state, unless ?fields= asks for more
      const fields = (ex.query.get('fields') ?? '').split(',');
      const keep = (k: string) => ['id', 'name', 'override_state'].includes(k) || fields.includes(k) || fields.includes('*');
      return ex.success(routing.timeConditions.map((t) => Object.fromEntries(Object.entries(fullRow(ctl.state, t)).filter(([k]) => keep(k)))));
    }
    const tc = find(id);
    return tc ? ex.success([fullRow(ctl.state, tc)]) : ex.fail([{ status: '404', detail: 'Record not found' }]);
  }
  if (ex.method === 'DELETE')
    return selfApplyingDelete(ctl, ex, id, (one) => {
      const tc = find(one);
      if (!tc) return false;
      routing.timeConditions.splice(routing.timeConditions.indexOf(tc), 1);
      delete routing.overrides[tc.id];
      ctl.state.featureCodes = (ctl.state.featureCodes ?? []).filter((f) => !(f.module === 'timeconditions' && f.feature === `toggle-mode-${tc.id}`));
      return true;
    });
  const input = restInput(ex);
  if (!input.ok) return ex.fail([decodeError()]);
  const body = input.value;
  if (ex.method === 'POST') {
    if (id !== '') return ex.fail([{ status: '400', detail: 'We refuse to insert a record if a resource id is passed. For update use the PUT method instead.' }]);
    const missing = REQUIRED.filter((f) => body[f] === undefined || phpString(body[f]) === '');
    if (missing.length) return ex.fail(missing.map((f) => ({ status: '422', source: f, detail: 'Required field missing' })));
    const bad = overrideError(body);
    if (bad) return ex.fail([bad]);
    const tc: TimeConditionRecord = {
      id: routing.nextTimeConditionId++, name: phpString(body.name), time_group_id: phpString(body.time_group_id),
      destination_if_time_matches: phpString(body.destination_if_time_matches),
      destination_if_time_does_not_match: phpString(body.destination_if_time_does_not_match),
    };
    routing.timeConditions.push(tc);
    routing.overrides[tc.id] = phpString(body.override_state);
    ctl.state.featureCodes = [
      ...(ctl.state.featureCodes ?? []),
      { module: 'timeconditions', feature: `toggle-mode-${tc.id}`, description: `${tc.id}: ${tc.name}`, default_code: `*27${tc.id}`, custom_code: '', enabled: true },
    ];
    ctl.wrote();
    if (!(await applyIfWanted(ctl, ex, body))) return;
    // the Location is built from an undefined variable: no id
    return ex.empty(201, { Location: `${ex.realm}/` });
  }
  if (id === '') return ex.fail([{ status: '405', detail: 'Unable to update. Missing record id' }]);
  const tc = find(id);
  if (!tc) return ex.fail([{ status: '404', detail: 'Could not find a record to update' }]);
  const bad = overrideError(body);
  if (bad) return ex.fail([bad]);
  for (const column of COLUMNS) if (body[column] !== undefined) tc[column] = phpString(body[column]);
  if (body.override_state !== undefined) routing.overrides[tc.id] = phpString(body.override_state);
  ctl.wrote();
  if (!(await applyIfWanted(ctl, ex, body))) return;
  ex.empty(200);
}
