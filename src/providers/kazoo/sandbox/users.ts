// /users (kazoo.md §6, §7): lowercased unique username, password hashed into
// pvt_md5_auth/pvt_sha1_auth and never stored, unique hot-desk id, the listing row,
// and /users/{id}/devices (owned or hot-desked devices).
import { checkUnique, load, type Ctx, type ResourceSpec } from './docs.ts';
import type { Result } from './envelope.ts';
import { page } from './paging.ts';
import { md5, sha1, type Json } from './state.ts';
import { addError, checkRecordingUrls } from './validation.ts';
import { pick } from './devices.ts';

/** the credentials hash user_auth compares against */
export const credentialsHash = (username: string, password: string): string => md5(`${username.toLowerCase()}:${password}`);

// at module level, not a closure made per row (a listing builds thousands)
const enabled = (doc: Json, key: string) => ((doc[key] ?? {}) as Json).enabled === true;

function features(doc: Json): string[] {
  const out: string[] = [];
  if (enabled(doc, 'hotdesk')) out.push('hotdesk');
  if (enabled(doc, 'call_forward')) out.push('call_forward');
  const external = ((doc.caller_id ?? {}) as Json).external as Json | undefined;
  if (external?.number !== undefined || external?.name !== undefined) out.push('caller_id');
  if (doc.vm_to_email_enabled === true && doc.email !== undefined) out.push('vm_to_email');
  if (enabled(doc, 'do_not_disturb')) out.push('do_not_disturb');
  if (((doc.music_on_hold ?? {}) as Json).media_id !== undefined) out.push('music_on_hold');
  for (const [key, value] of Object.entries((doc.smartpbx ?? {}) as Json)) {
    if ((value as Json | undefined)?.enabled === true) out.push(key);
  }
  return out;
}

export const users: ResourceSpec = {
  kind: 'users',

  summary(doc) {
    const row = pick(doc, ['username', 'email', 'first_name', 'last_name', 'priv_level', 'feature_level', 'presence_id', 'timezone', 'call_recording', 'service', 'flags']);
    row.features = features(doc);
    row.id = doc._id;
    return row;
  },

  prepare(ctx, doc, existing, errors) {
    const self = existing?._id;
    checkRecordingUrls(doc, errors);
    if (typeof doc.username === 'string') {
      const username = (doc.username = doc.username.toLowerCase());
      if (username !== existing?.username && typeof doc.password !== 'string') {
        addError(errors, 'password', 'required', {
          message: 'The password must be provided when creating / updating the user name',
        });
      }
      checkUnique(ctx, errors, 'username', username, self, () => ({ message: 'Username must be unique within account', cause: username }));
    }
    if (typeof doc.password === 'string') {
      const username = typeof doc.username === 'string' ? doc.username : '';
      doc.pvt_md5_auth = credentialsHash(username, doc.password);
      doc.pvt_sha1_auth = sha1(`${username}:${doc.password}`);
    }
    delete doc.password;
    const hotdeskId = ((doc.hotdesk ?? {}) as Json).id;
    if (typeof hotdeskId === 'string' && hotdeskId !== '') {
      checkUnique(ctx, errors, 'hotdesk.id', hotdeskId, self, () => ({ message: 'Hotdesk ID must be unique within account', cause: hotdeskId }));
    }
    const forward = (doc.call_forward ?? {}) as Json;
    if (forward.enabled === true && (typeof forward.number !== 'string' || forward.number === '')) {
      addError(errors, 'call_forward.number', 'required', { message: 'Field is required but missing' });
    }
  },
};

/** GET /users/{id}/devices: devices the user owns or is hot-desked into */
export function userDevices(ctx: Ctx, userId: string): Result {
  load(ctx, users, userId);
  const { data, paging } = page(ctx.idx.ids(ctx.account._id, 'devices'), ctx.query, ctx, (id) => {
    const doc = ctx.state.devices[id];
    const hotdesked = Object.hasOwn(((doc.hotdesk ?? {}) as Json).users ?? {}, userId);
    if (doc.owner_id !== userId && !hotdesked) return undefined;
    return {
      ...pick(doc, ['enabled', 'name', 'owner_id', 'call_recording']),
      device_type: doc.device_type ?? 'sip_device',
      hotdesked: doc.owner_id !== userId && hotdesked,
      id,
      mac_address: doc.mac_address ?? '',
    };
  });
  return { data, paging };
}
