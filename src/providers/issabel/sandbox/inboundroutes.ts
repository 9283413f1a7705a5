// /pbxapi/inboundroutes: inboundroutes.php on the generic rest controller
// (issabel-routing.md §3). The id is `DID^CID`; a POST without a DID numbers it itself; the
// Location carries the DID only; a duplicate pair is a 400; side fields sent with a POST
// are lost; a DELETE never applies the configuration.
import { type Controller, applyIfWanted } from './context.ts';
import { type ApiError, type Exchange, decodeError, phpString, restInput } from './http.ts';
import { nextFreeNumber, routingOf, type InboundRouteRecord } from './state.ts';

/** API name → the column it writes, as the collection's ?fields=* shows them */
const COLUMNS = [
  'extension', 'callerid_number', 'description', 'destination', 'music_on_hold_class', 'alert_info', 'cid_name_prefix',
  'signal_ringing', 'pause_before_answer',
] as const;
const RECORDINGS = ['never', 'force', 'delayed', ''];

/** the fields the controller adds to every row (the side tables, looked up with cidnum '') */
const SIDE = { fax_detect: { enabled: 'no' }, language: '', callerid_lookup: '0', call_recording: '' };

const idOf = (r: InboundRouteRecord) => `${r.extension}^${r.callerid_number}`;

function row(r: InboundRouteRecord, all: boolean): Record<string, unknown> {
  const base = { id: idOf(r), name: r.description, extension: r.extension, destination: r.destination, callerid_number: r.callerid_number };
  if (!all) return { ...base, ...SIDE };
  const { description: _, ...columns } = r;
  return { ...base, ...columns, cid_priority_route: r.cid_priority_route === 'CHECKED' ? 'yes' : r.cid_priority_route && 'no', ...SIDE };
}

/** an id must hold exactly one ^ (special_unique_condition) */
const countError = (id: string): ApiError | undefined =>
  id.split('^').length === 2
    ? undefined
    : { status: '404', detail: `Combined ID count does not match resource definition. Required: 2, passed: ${id.split('^').length}` };

function validate(body: Record<string, unknown>): ApiError[] {
  const errors: ApiError[] = [];
  if (body.call_recording !== undefined && !RECORDINGS.includes(phpString(body.call_recording)))
    errors.push({ status: '422', source: 'call_recording', detail: 'Not in list of allowed values' });
  if (body.callerid_lookup !== undefined && phpString(body.callerid_lookup) !== '0')
    errors.push({ status: '422', source: null, detail: 'Invalid CID source ID' });
  return errors;
}

function assign(r: InboundRouteRecord, body: Record<string, unknown>) {
  for (const column of COLUMNS) if (body[column] !== undefined) r[column] = phpString(body[column]);
  if (body.name !== undefined && body.description === undefined) r.description = phpString(body.name);
  if (body.cid_priority_route !== undefined) r.cid_priority_route = ['yes', '1', 'on'].includes(phpString(body.cid_priority_route)) ? 'CHECKED' : '';
}

export async function inboundroutes(ctl: Controller, ex: Exchange, id: string): Promise<void> {
  const routes = routingOf(ctl.state).inboundRoutes;
  if (ex.method === 'GET') {
    if (id === '') return ex.success(Object.values(routes).map((r) => row(r, (ex.query.get('fields') ?? '').split(',').includes('*'))));
    const bad = countError(id);
    if (bad) return ex.fail([bad]);
    return routes[id] ? ex.success([row(routes[id], true)]) : ex.fail([{ status: '404', detail: 'Record not found' }]);
  }
  if (ex.method === 'DELETE') {
    if (id === '') return ex.fail([{ status: '405', detail: 'Cannot delete if no ID is supplied' }]);
    for (const one of id.split(',')) {
      const bad = countError(one);
      if (bad) return ex.fail([bad]);
      if (!routes[one]) return ex.fail([{ status: '404', detail: 'Could not find a record to delete' }]);
      delete routes[one];
      ctl.wrote();
    }
    return ex.empty(200); // the generic delete never applies
  }
  const input = restInput(ex);
  if (!input.ok) return ex.fail([decodeError()]);
  const body = input.value;
  const errors = validate(body);
  if (ex.method === 'POST') {
    if (id !== '') return ex.fail([{ status: '400', detail: 'We refuse to insert a record if a resource id is passed. For update use the PUT method instead.' }]);
    if (errors.length) return ex.fail(errors);
    const route: InboundRouteRecord = {
      extension: body.extension === undefined ? (nextFreeNumber(Object.values(routes).map((r) => r.extension)) ?? '200') : '', callerid_number: '', description: '', destination: '',
      music_on_hold_class: '', cid_priority_route: '', alert_info: '', cid_name_prefix: '', signal_ringing: '', pause_before_answer: '',
    };
    assign(route, body);
    // mohclass is NOT NULL without a default: a strict MariaDB refuses the row
    if (body.music_on_hold_class === undefined)
      return ex.fail([{ status: '409', detail: "SQLSTATE[HY000]: General error: 1364 Field 'mohclass' doesn't have a default value", code: 'HY000' }]);
    if (routes[idOf(route)])
      return ex.fail([{ status: '400', detail: `SQLSTATE[23000]: Integrity constraint violation: 1062 Duplicate entry '${route.extension}-${route.callerid_number}' for key 'PRIMARY'`, code: '23000' }]);
    routes[idOf(route)] = route;
    ctl.wrote();
    if (!(await applyIfWanted(ctl, ex, body))) return;
    return ex.empty(201, { Location: `${ex.realm}/${route.extension}` });
  }
  if (id === '') return ex.fail([{ status: '405', detail: 'Unable to update. Missing record id' }]);
  const bad = countError(id);
  if (bad) return ex.fail([bad]);
  const route = routes[id];
  if (!route) return ex.fail([{ status: '404', detail: 'Could not find a record to update' }]);
  if (errors.length) return ex.fail(errors);
  assign(route, body);
  if (idOf(route) !== id) {
    // the key columns are in the UPDATE too
    delete routes[id];
    routes[idOf(route)] = route;
  }
  ctl.wrote();
  if (!(await applyIfWanted(ctl, ex, body))) return;
  ex.empty(200);
}

