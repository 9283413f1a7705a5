// /pbxapi/extensions: extensions.php's own GET, POST, PUT (upsert) and DELETE.
import { type Controller, applyIfWanted } from './context.ts';
import { applyInput, collectionRow, type Flat, flattenInput, newExtension, TECHS, validate } from './extension-model.ts';
import { type Exchange, decodeError, isObject, jsonDecode } from './http.ts';
import { type ExtensionRecord, nextFreeNumber, numberTaken, type Tree } from './state.ts';

export async function extensions(ctl: Controller, ex: Exchange, id: string): Promise<void> {
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

function list(ctl: Controller, ex: Exchange): void {
  const fields = (ex.query.get('fields') ?? '').split(',');
  const all = fields.includes('*');
  const numbers = Object.keys(ctl.state.extensions).sort(); // ORDER BY 1 on a varchar
  ex.success(numbers.map((n) => (all ? ctl.state.extensions[n] : collectionRow(ctl.state.extensions[n], fields))));
}

function getOne(ctl: Controller, ex: Exchange, id: string): void {
  const record = ctl.state.extensions[id];
  ex.success(record ? [record] : []);
}

/** The body is always json_decode()d here, whatever the Content-Type. */
function body(ex: Exchange): Record<string, unknown> | undefined {
  const decoded = jsonDecode(ex.body);
  if (!decoded.ok) {
    ex.fail([decodeError()]);
    return undefined;
  }
  return isObject(decoded.value) ? decoded.value : {};
}

const IAX2_TABLE_MISSING = { status: '500', detail: "SQLSTATE[42S02]: Base table or view not found: 1146 Table 'asterisk.iax2' doesn't exist", code: '42S02' };

/**
 * A write that lost a race with a concurrent one (race_rate): its rows are in, but the
 * other request rewrote voicemail.conf from an older copy, and this one died with a 500.
 */
function lostRace(ctl: Controller, ex: Exchange, record: ExtensionRecord, mailbox: unknown): boolean {
  if (!ctl.lostRace()) return false;
  record.voicemail = (mailbox as Tree | undefined) ?? { enabled: (record.voicemail as Tree).enabled };
  ex.page(500);
  return true;
}

const duplicate = (ex: Exchange) => ex.fail([{ status: '409', source: 'extension', detail: 'Extension number already in use' }]);

async function post(ctl: Controller, ex: Exchange, id: string): Promise<void> {
  const input = body(ex);
  if (!input) return;
  if (id !== '') {
    return ex.fail([{ status: '400', detail: 'We refuse to insert a record if a resource id is passed. For update use the PUT method instead.' }]);
  }
  const requested = typeof input.tech === 'string' ? input.tech : 'sip';
  const tech = TECHS.includes(requested) ? requested : 'sip';
  const ext = input.extension !== undefined ? String(input.extension) : nextFreeNumber(Object.keys(ctl.state.extensions));
  if (ext !== undefined && numberTaken(ctl.state, ext)) return duplicate(ex);
  const flat = flattenInput(input);
  const errors = validate(flat, tech);
  if (errors.length) return ex.fail(errors);
  if (ext === undefined) return ex.page(500); // no users yet: the devices INSERT fails on a NULL id
  if (!(await create(ctl, ex, ext, tech, flat))) return;
  if (!(await applyIfWanted(ctl, ex, input))) return;
  ex.empty(201, { Location: `${ex.realm}/${ext}` });
}

/** Stores a new extension; false when the answer (a 500) was already sent. */
async function create(ctl: Controller, ex: Exchange, ext: string, tech: string, flat: Flat): Promise<boolean> {
  const record = newExtension(ext, tech);
  const { voicemailWithoutOptions } = applyInput(record, flat, true);
  ctl.state.extensions[ext] = record;
  ctl.wrote();
  if (lostRace(ctl, ex, record, undefined)) return false;
  if (voicemailWithoutOptions) ex.page(500);
  return !voicemailWithoutOptions;
}

async function put(ctl: Controller, ex: Exchange, id: string): Promise<void> {
  const input = body(ex);
  if (!input) return;
  if (id === '') return ex.fail([{ status: '405', detail: 'Unable to update. Missing record id' }]);
  const flat = flattenInput(input);
  const existing = ctl.state.extensions[id];
  if (!existing) {
    const tech = typeof input.tech === 'string' ? input.tech : 'sip'; // not lower-cased on this path
    if (numberTaken(ctl.state, id)) return duplicate(ex);
    const errors = validate(flat, tech);
    if (errors.length) return ex.fail(errors);
    if (!(await create(ctl, ex, id, tech, flat))) return;
    if (!(await applyIfWanted(ctl, ex, input))) return;
    return ex.empty(201, { Location: ex.realm });
  }
  const errors = validate(flat, existing.tech); // tech cannot change: the stored one is used
  if (errors.length) return ex.fail(errors);
  const mailbox = structuredClone(existing.voicemail);
  const { voicemailWithoutOptions } = applyInput(existing, flat, false);
  ctl.wrote();
  if (lostRace(ctl, ex, existing, mailbox)) return;
  if (voicemailWithoutOptions) return ex.page(500);
  if (!(await applyIfWanted(ctl, ex, input))) return;
  ex.empty(200);
}

async function remove(ctl: Controller, ex: Exchange, id: string): Promise<void> {
  if (id === '') return ex.fail([{ status: '405', detail: 'Cannot delete if no ID is supplied' }]);
  for (const one of id.split(',')) {
    const record = ctl.state.extensions[one];
    if (!record) return ex.fail([{ status: '404', detail: 'Could not find a record to delete' }]);
    delete ctl.state.extensions[one];
    ctl.wrote();
    // the users row is gone; the tech table is named iax2 here, not iax, so its DELETE fails: 500, nothing applied
    if (record.tech === 'iax2') return ex.fail([IAX2_TABLE_MISSING]);
  }
  if (await ctl.apply(ex)) ex.empty(200); // always applies: reload is not read here
}
