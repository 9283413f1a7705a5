// /devices (kazoo.md §4): normalisation before save, SIP/IP/MAC uniqueness, the
// listing row of devices/crossbar_listing, registration status, sync and notify.
import { checkUnique, load, type Ctx, type ResourceSpec } from './docs.ts';
import { KazooError, validationError, type Result } from './envelope.ts';
import { normalizeNumber } from './numbers.ts';
import { addError, checkRecordingUrls, type ValidationErrors } from './validation.ts';
import type { Json, StoredDoc } from './state.ts';

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export const cleanseMac = (mac: string): string => mac.toLowerCase().replace(/[^0-9a-f]/g, '');

function without<T extends Json>(obj: T, keys: string[]): T {
  const out = { ...obj };
  for (const key of keys) delete out[key];
  return out;
}

/** only the keys the listing view emits, undefined ones left out */
export function pick(doc: Json, keys: string[]): Json {
  const out: Json = {};
  for (const key of keys) if (doc[key] !== undefined) out[key] = doc[key];
  return out;
}

export const devices: ResourceSpec = {
  kind: 'devices',

  summary(doc) {
    const sip = (doc.sip ?? {}) as Json;
    const row = pick(doc, ['enabled', 'mobile', 'name', 'owner_id', 'call_recording']);
    row.device_type = doc.device_type ?? 'sip_device';
    row.flags = doc.flags ?? [];
    row.id = doc._id;
    row.mac_address = doc.mac_address ?? '';
    if (sip.username !== undefined) row.username = sip.username;
    return row;
  },

  prepare(ctx, doc, existing, errors) {
    delete doc.sync; // a trigger, never stored
    const sip = (doc.sip ?? {}) as Json;
    if (typeof doc.mac_address === 'string') doc.mac_address = cleanseMac(doc.mac_address);
    if (sip.realm === ctx.account.realm) doc.sip = without(sip, ['realm']);
    if (doc.outbound_flags !== undefined) {
      doc.outbound_flags = Array.isArray(doc.outbound_flags)
        ? doc.outbound_flags.map((f) => (typeof f === 'string' ? f.trim() : f))
        : [];
    }
    const emergency = ((doc.caller_id as Json | undefined)?.emergency ?? undefined) as Json | undefined;
    if (typeof emergency?.number === 'string') emergency.number = normalizeNumber(emergency.number);
    // cb_devices_v2 check_device_type_change: no change, not even adding one to a device without
    if (existing && doc.device_type !== existing.device_type) {
      addError(errors, 'device_type', 'invalid', { message: 'Not authorized to change type of device', cause: doc.device_type ?? '' });
    }
    if (doc.device_type === 'mobile' && !(doc.mobile as Json | undefined)?.mdn) {
      addError(errors, 'mobile.mdn', 'required', { message: 'Field is required but missing' });
    }
    checkRecordingUrls(doc, errors);
    checkCredentials(ctx, doc, existing, errors);
  },
};

function checkCredentials(ctx: Ctx, doc: Json, existing: StoredDoc | undefined, errors: ValidationErrors): void {
  const sip = (doc.sip ?? {}) as Json;
  const self = existing?._id;
  if (sip.method === 'ip') {
    if (typeof sip.ip !== 'string' || !IPV4.test(sip.ip)) {
      addError(errors, 'sip.ip', 'type', { message: 'Must be a valid IPv4 RFC 791' });
    } else {
      checkUnique(ctx, errors, 'sip.ip', sip.ip, self, () => ({ message: 'SIP IP already in use', cause: sip.ip }));
    }
  } else if (typeof sip.username === 'string') {
    const username = sip.username;
    checkUnique(ctx, errors, 'sip.username', username.toLowerCase(), self, () => ({
      message: 'SIP credentials already in use',
      cause: username,
    }));
  }
  const mac = doc.mac_address;
  if (typeof mac === 'string' && mac !== '' && mac !== existing?.mac_address) {
    checkUnique(ctx, errors, 'mac_address', mac, self, () => ({ message: 'MAC address already in use', cause: mac }));
  }
}

/** GET /devices/status: only registered devices */
export function status(ctx: Ctx): Result {
  const data: Json[] = [];
  for (const id of ctx.idx.ids(ctx.account._id, 'devices')) {
    if (ctx.state.devices[id].pvt_registered === true) data.push({ device_id: id, registered: true });
  }
  return { data };
}

/** POST /devices/{id}/sync */
export function sync(ctx: Ctx, id: string): Result {
  load(ctx, devices, id);
  return { data: 'sync request sent' };
}

/** PUT /devices/{id}: actions only */
export function action(ctx: Ctx, id: string, envelope: Json): Result {
  load(ctx, devices, id);
  if (envelope.action === undefined) throw new KazooError(400, 'action required', {});
  if (envelope.action !== 'notify') throw new KazooError(400, 'invalid action', {});
  const errors = ctx.schemas.validate('devices_notify', { data: structuredClone(envelope.data) });
  if (Object.keys(errors).length > 0) throw validationError(errors);
  return { data: 'NOTIFY sent' };
}
