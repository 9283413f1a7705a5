// /pbxapi/ringgroups: ringgroups.php on top of the generic rest controller.
import { type Controller, applyIfWanted } from './context.ts';
import { type ApiError, type Exchange, decodeError, isObject, jsonDecode, phpString, restInput } from './http.ts';
import { phpChecked } from './php-loose.ts';
import { nextFreeNumber, numberTaken, type RingGroupRecord } from './state.ts';

const STRATEGIES = ['ringall', 'ringall-prim', 'hunt', 'hunt-prim', 'memoryhunt', 'memoryhunt-prim', 'firstavailable', 'firstnotonphone'];
const ENUMS: Record<string, string[]> = {
  strategy: STRATEGIES,
  change_callerid: ['default', 'fixed', 'extern', 'did', 'forcedid'],
  music_on_hold_ringing: ['Ring', 'default', 'none'],
  recording: ['always', 'never', 'dontcare'],
};
const CHECKBOXES = ['ignore_call_forward_settings', 'skip_busy_agent', 'enable_call_pickup', 'confirm_calls'];
/** writable columns, by API name, in the order fields=* shows them */
const COLUMNS = [
  'strategy', 'ring_time', 'cid_name_prefix', 'announce_id', 'alert_info', 'ignore_call_forward_settings',
  'skip_busy_agent', 'enable_call_pickup', 'remote_announce_id', 'destination_if_no_answer', 'music_on_hold_ringing',
  'confirm_calls', 'too_late_announce_id', 'recording',
] as const;
const DESCRIPTION_MAX = 35;

export function newRingGroup(extension: string): RingGroupRecord {
  return {
    extension, name: null, strategy: 'ringall', ring_time: '20', extension_list: [], cid_name_prefix: '', announce_id: '0',
    alert_info: '', ignore_call_forward_settings: 'no', skip_busy_agent: 'no', enable_call_pickup: 'no',
    remote_announce_id: '0', destination_if_no_answer: 'app-blackhole,hangup,1', music_on_hold_ringing: 'Ring',
    confirm_calls: 'no', too_late_announce_id: '0', recording: 'dontcare', change_callerid: 'default', fixed_callerid: '',
  };
}

export async function ringgroups(ctl: Controller, ex: Exchange, id: string): Promise<void> {
  switch (ex.method) {
    case 'GET':
      return id === '' ? list(ctl, ex) : getOne(ctl, ex, id);
    case 'POST':
      return post(ctl, ex, id);
    case 'PUT':
      return put(ctl, ex, id);
    case 'DELETE':
      return remove(ctl, ex, id);
  }
}

/** all columns, NULL ones left out (an isset() check), checkboxes as yes/no */
function fullRow(g: RingGroupRecord): Record<string, unknown> {
  const row: Record<string, unknown> = { id: g.extension, extension: g.extension };
  if (g.name !== null) row.name = g.name;
  // stored '-'-joined and split on read: an empty list comes back as [""] (PHP explode)
  row.extension_list = g.extension_list.join('-').split('-');
  for (const column of COLUMNS) if (g[column] !== null) row[column] = g[column];
  row.change_callerid = g.change_callerid;
  row.fixed_callerid = g.fixed_callerid;
  return row;
}

function list(ctl: Controller, ex: Exchange): void {
  const fields = (ex.query.get('fields') ?? '').split(',');
  const wanted = new Set(['id', 'name', 'extension', 'extension_list', 'strategy', 'change_callerid', 'fixed_callerid', ...fields]);
  const all = fields.includes('*');
  const numbers = Object.keys(ctl.state.ringGroups).sort(); // no ORDER BY: primary key order
  ex.success(
    numbers.map((n) => {
      const row = fullRow(ctl.state.ringGroups[n]);
      return all ? row : Object.fromEntries(Object.entries(row).filter(([k]) => wanted.has(k)));
    }),
  );
}

function getOne(ctl: Controller, ex: Exchange, id: string): void {
  const group = ctl.state.ringGroups[id];
  if (!group) return ex.fail([{ status: '404', detail: 'Record not found' }]);
  ex.success([fullRow(group)]);
}

function validate(input: Record<string, unknown>): ApiError[] {
  const errors: ApiError[] = [];
  for (const [field, allowed] of Object.entries(ENUMS)) {
    if (input[field] !== undefined && !allowed.includes(phpString(input[field]))) {
      errors.push({ status: '422', source: field, detail: 'Not in list of allowed values' });
    }
  }
  if (input.ring_time !== undefined) {
    const t = phpString(input.ring_time);
    if (!/^\d+(\.\d+)?$/.test(t.trim())) errors.push({ status: '422', source: 'ring_time', detail: 'Only numeric values allowed' });
    else if (Number(t) < 1 || Number(t) > 300) errors.push({ status: '422', source: 'ring_time', detail: 'Valid range: 1-300' });
  }
  return errors;
}

/** description is varchar(35) NOT NULL; strict MariaDB refuses, and rest.php maps the PDO error to 409 */
function descriptionError(name: string | null): ApiError | undefined {
  if (name === null) return { status: '409', detail: "SQLSTATE[HY000]: General error: 1364 Field 'description' doesn't have a default value", code: 'HY000' };
  if (name.length > DESCRIPTION_MAX) return { status: '409', detail: "SQLSTATE[22001]: String data, right truncated: 1406 Data too long for column 'description' at row 1", code: '22001' };
  return undefined;
}

/** Copies the sent fields onto a group; false when extension_list is not a list (implode() warns: 500). */
function assign(group: RingGroupRecord, input: Record<string, unknown>): boolean {
  if (input.extension_list !== undefined) {
    if (!Array.isArray(input.extension_list)) return false;
    group.extension_list = input.extension_list.map(phpString);
  }
  if (input.name !== undefined) group.name = phpString(input.name);
  for (const column of COLUMNS) {
    if (input[column] === undefined) continue;
    const value = phpString(input[column]);
    group[column] = CHECKBOXES.includes(column) ? (phpChecked(input[column]) ? 'yes' : 'no') : value;
  }
  if (input.change_callerid !== undefined) group.change_callerid = phpString(input.change_callerid);
  if (input.fixed_callerid !== undefined) group.fixed_callerid = phpString(input.fixed_callerid);
  return true;
}

function parsed(ex: Exchange): Record<string, unknown> | undefined {
  const input = restInput(ex);
  if (input.ok) return input.value;
  ex.fail([decodeError()]);
  return undefined;
}

async function post(ctl: Controller, ex: Exchange, id: string): Promise<void> {
  const input = parsed(ex);
  if (!input) return;
  if (id !== '') {
    return ex.fail([{ status: '400', detail: 'We refuse to insert a record if a resource id is passed. For update use the PUT method instead.' }]);
  }
  if (input.extension_list === undefined) return ex.fail([{ status: '422', source: 'extension_list', detail: 'Required field missing' }]);
  const explicit = input.extension !== undefined && input.extension !== '';
  const number = explicit ? phpString(input.extension) : (nextFreeNumber(Object.keys(ctl.state.ringGroups)) ?? '600');
  if (explicit && numberTaken(ctl.state, number)) {
    return ex.fail([{ status: '409', source: 'extension', detail: 'Extension number already in use' }]);
  }
  const errors = validate(input);
  if (errors.length) return ex.fail(errors);
  const group = newRingGroup(number);
  if (!assign(group, input)) return ex.page(500);
  const dbError = descriptionError(group.name);
  if (dbError) return ex.fail([dbError]);
  ctl.state.ringGroups[number] = group;
  ctl.wrote();
  if (!(await applyIfWanted(ctl, ex, input))) return;
  ex.empty(201, { Location: `${ex.realm}/${number}` });
}

async function put(ctl: Controller, ex: Exchange, id: string): Promise<void> {
  const input = parsed(ex);
  if (!input) return;
  if (id === '') return ex.fail([{ status: '405', detail: 'Unable to update. Missing record id' }]);
  const current = ctl.state.ringGroups[id];
  if (!current) return ex.fail([{ status: '404', detail: 'Could not find a record to update' }]);
  const errors = validate(input);
  if (errors.length) return ex.fail(errors);
  const updated: RingGroupRecord = { ...current, extension_list: [...current.extension_list] };
  if (!assign(updated, input)) return ex.page(500);
  const dbError = input.name !== undefined ? descriptionError(updated.name) : undefined;
  if (dbError) return ex.fail([dbError]);
  if (input.extension !== undefined && phpString(input.extension) !== id) {
    // the grpnum column is in the UPDATE too: the group is renumbered
    updated.extension = phpString(input.extension);
    delete ctl.state.ringGroups[id];
  }
  ctl.state.ringGroups[updated.extension] = updated;
  ctl.wrote();
  if (!(await applyIfWanted(ctl, ex, input))) return;
  ex.empty(200);
}

async function remove(ctl: Controller, ex: Exchange, id: string): Promise<void> {
  const decoded = jsonDecode(ex.body); // json_decode()d whatever the Content-Type; empty is an error on PHP 7+
  if (!decoded.ok) return ex.fail([decodeError()]);
  if (id === '') return ex.fail([{ status: '405', detail: 'Cannot delete if no ID is supplied' }]);
  for (const one of id.split(',')) {
    if (!ctl.state.ringGroups[one]) return ex.fail([{ status: '404', detail: 'Could not find a record to delete' }]);
    delete ctl.state.ringGroups[one];
    ctl.wrote();
  }
  if (!(await applyIfWanted(ctl, ex, isObject(decoded.value) ? decoded.value : {}))) return;
  ex.empty(200);
}
