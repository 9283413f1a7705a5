// Extensions as pbxapi shows them (GET /extensions/{n}), how a request body changes one,
// and the 422 validations of extensions.php.
import { randomBytes } from 'node:crypto';
import { type ApiError, isObject, phpString } from './http.ts';
import { looseEquals, phpChecked } from './php-loose.ts';
import type { ExtensionRecord, Tree } from './state.ts';

export const TECHS = ['sip', 'pjsip', 'iax2', 'virtual', 'dahdi', 'custom'];

/** the tech-table keywords the API writes for a new device, by API name, in flags order */
function deviceDefaults(tech: string, ext: string): Record<string, string> {
  const common = { mailbox: `${ext}@device`, deny_acl: '0.0.0.0/0.0.0.0', permit_acl: '0.0.0.0/0.0.0.0' };
  const sip = {
    dtmf_mode: 'rfc2833', can_reinvite: 'no', host: 'dynamic', trust_rpid: 'yes', send_rpid: 'no', type: 'friend',
    nat: 'yes', port: '5060', qualify: 'yes', qualify_frequency: '60', transport: 'udp', avpf: 'no', ice_support: 'no',
    force_avp: 'no', dtls_enable: 'no', dtls_verify: 'no', dtls_setup: 'actpass', encryption: 'no', call_group: '',
    pickup_group: '', disallow_codecs: '', allow_codecs: '', account_code: '', parking_lot: 'default', ...common,
    account: ext, callerid: `device <${ext}>`, dtls_certificate_file: '', dtls_private_key: '',
  };
  switch (tech) {
    case 'sip':
      return sip;
    case 'pjsip':
      return { ...sip, transport: 'transport-udp', rtcp_mux: 'no', max_contacts: '1', qualify_timeout: '3.0' };
    case 'iax2':
      return {
        transfer: 'yes', host: 'dynamic', type: 'friend', port: '4569', qualify: 'yes', disallow_codecs: 'all',
        allow_codecs: 'ulaw', account_code: '', ...common, require_call_token: 'yes', account: '208',
        callerid: `device <${ext}>`, setvar: `REALCALLERIDNUM=${ext}`,
      };
    case 'dahdi':
      return {
        channel: '1', immediate: 'no', signalling: 'fxo_ks', echo_cancel: 'yes', echo_cancel_when_bridged: 'no',
        echo_training: '800', busy_detect: 'no', busy_count: '7', call_progress: 'no', account_code: '', call_group: '',
        pickup_group: '', mailbox: `${ext}@device`, account: ext, callerid: `device <${ext}>`,
      };
    default:
      return {};
  }
}

const followmeOff = (ext: string): Tree => ({ enabled: 'no', ring_time: '30', initial_ring_time: '0', extension_list: [ext] });

const followmeOn = (ext: string): Tree => ({
  enabled: 'yes', strategy: '', ring_time: '20', initial_ring_time: '0', extension_list: [ext], announcement_id: '0',
  remote_announce_id: '0', toolate_announce_id: '0', alert_info: '', music_on_hold: 'Ring', confirm_calls: 'no',
  destination_if_no_answer: `ext-local,${ext},dest`, callerid_name_prefix: '', change_external_callerid: 'default',
  fixed_callerid: '',
});

/** Groups whose listed keys are stored as sent. */
const PLAIN: Record<string, string[]> = {
  callerid_override: ['emergency', 'outbound', 'internal'],
  destination: ['callerid_prefix_no_answer', 'callerid_prefix_busy', 'callerid_prefix_unavailable', 'no_answer', 'busy', 'unavailable'],
  extension_options: ['ring_time', 'call_forward_ring_time', 'outbound_concurrency_limit', 'dial_options', 'call_screening'],
  recording: ['inbound_external', 'inbound_internal', 'outbound_external', 'outbound_internal', 'priority'],
};
/** Keys read back as yes/no; a value loosely == "yes" switches them on (follow-me's: checked()). */
const FLAGS = new Set([
  'extension_options.internal_auto_answer', 'extension_options.queue_state_detection', 'extension_options.call_waiting',
  'extension_options.pinless_dialing', 'recording.ondemand', 'voicemail.enabled', 'dictation.enabled', 'followme.enabled',
  'followme.confirm_calls',
]);
const TOP = ['name', 'secret', 'context', 'sip_alias', 'language'];

/** A new extension with the values extensions.php writes by default. */
export function newExtension(ext: string, tech: string, secret = randomSecret()): ExtensionRecord {
  const virtual = tech === 'virtual';
  const device = deviceDefaults(tech, ext);
  const record: ExtensionRecord = {
    extension: ext,
    name: 'Extension',
    tech,
    dial: virtual ? '' : `${tech.toUpperCase()}/${ext}`,
    secret: virtual || tech === 'custom' || tech === 'dahdi' ? '' : secret,
    context: virtual || tech === 'custom' ? '' : 'from-internal',
    sip_alias: '',
    language: '',
    callerid_override: { emergency: '', outbound: '', internal: ext },
    voicemail: { enabled: 'no' },
    destination: Object.fromEntries(PLAIN.destination.map((k) => [k, ''])),
    extension_options: {
      ring_time: '0', call_forward_ring_time: '0', outbound_concurrency_limit: '0', internal_auto_answer: 'no',
      queue_state_detection: 'yes', call_waiting: 'yes', pinless_dialing: 'no',
    },
    recording: {
      inbound_external: 'dontcare', inbound_internal: 'dontcare', outbound_external: 'dontcare',
      outbound_internal: 'dontcare', ondemand: 'no', priority: '0',
    },
    dictation: { enabled: 'no' },
    followme: followmeOff(ext),
  };
  if (Object.keys(device).length) record.device_options = device;
  return record;
}

export function randomSecret(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(32)].map((b) => alphabet[b % alphabet.length]).join('');
}

type Scalar = string | number | boolean | null;
export type Flat = Record<string, Scalar | Scalar[]>;

/** Nested objects and flat dotted keys alike become dotted keys, values as decoded (PHP keeps their types). */
export function flattenInput(input: Record<string, unknown>, prefix = '', out: Flat = {}): Flat {
  for (const [key, value] of Object.entries(input)) {
    const name = prefix + key;
    if (isObject(value)) flattenInput(value, `${name}.`, out);
    else if (Array.isArray(value)) out[name] = value.map((v) => (isObject(v) || Array.isArray(v) ? phpString(v) : (v as Scalar)));
    else out[name] = value as Scalar;
  }
  return out;
}

/** a value as PHP's string conversion gives it (lists joined with '-') */
const str = (v: Scalar | Scalar[] | undefined): string | undefined => (v === undefined ? undefined : Array.isArray(v) ? v.map(phpString).join('-') : phpString(v));

const enumRule = (...values: string[]) => (v: string) => values.includes(v);
const YES_NO = enumRule('yes', 'no');
const digits = (v: string) => /^\d*$/.test(v);
const acl = (v: string) => v.split('&').every((item) => /^(\d{1,3}\.){3}\d{1,3}\/((\d{1,3}\.){3}\d{1,3}|\d{1,2})$/.test(item));

const RULES: Record<string, (v: string) => boolean> = {
  'recording.inbound_internal': enumRule('dontcare', 'always', 'never'),
  'recording.inbound_external': enumRule('dontcare', 'always', 'never'),
  'recording.outbound_internal': enumRule('dontcare', 'always', 'never'),
  'recording.outbound_external': enumRule('dontcare', 'always', 'never'),
  'device_options.nat': enumRule('yes', 'no', 'never', 'route'),
  'device_options.transfer': YES_NO,
  'device_options.avpf': YES_NO,
  'device_options.force_avp': YES_NO,
  'device_options.ice_support': YES_NO,
  'device_options.dtls_enable': YES_NO,
  'device_options.dtls_verify': enumRule('yes', 'no', 'fingerprint'),
  'device_options.dtls_setup': enumRule('actpass', 'active', 'passive'),
  'device_options.rtcp_mux': YES_NO,
  'device_options.encryption': YES_NO,
  'device_options.call_progress': YES_NO,
  'device_options.busy_detect': YES_NO,
  'device_options.busy_count': digits,
  'device_options.max_contacts': digits,
  'device_options.can_reinvite': enumRule('yes', 'no', 'nonat', 'update'),
  'device_options.require_call_token': enumRule('yes', 'no', 'auto'),
  'device_options.dtmf_mode': enumRule('rfc2833', 'inband', 'auto', 'info', 'shortinfo'),
  'device_options.send_rpid': enumRule('yes', 'no', 'pai'),
  'device_options.trust_rpid': YES_NO,
  'device_options.permit_acl': acl,
  'device_options.deny_acl': acl,
  'extension_options.outbound_concurrency_limit': digits,
  'callerid_override.emergency': digits,
  'callerid_override.outbound': digits,
  'callerid_override.internal': digits,
  'recording.priority': digits,
  'dictation.format': enumRule('ogg', 'gsm', 'wav'),
};

function transportOk(tech: string, value: string): boolean {
  const names = ['udp', 'tcp', 'tls', 'ws', 'wss'];
  const allowed = tech === 'pjsip' ? names.map((n) => `transport-${n}`) : names;
  return value.split(',').every((t) => allowed.includes(t.trim()));
}

/** The 422 errors for a flattened body; tech is the extension's (stored or requested) tech. */
export function validate(flat: Flat, tech: string): ApiError[] {
  const errors: ApiError[] = [];
  const reject = (source: string, detail: string) => errors.push({ status: '422', source, detail });
  if (!TECHS.includes(tech)) reject('tech', 'Not in list of allowed values');
  for (const [key, raw] of Object.entries(flat)) {
    const value = str(raw) ?? '';
    if (key === 'device_options.transport') {
      if (!transportOk(tech, value)) reject(key, 'Not in list of allowed values');
      continue;
    }
    const rule = RULES[key];
    if (rule && !rule(value)) reject(key, rule === digits ? 'Only digits allowed' : 'Not in list of allowed values');
  }
  return errors;
}

export interface ApplyResult {
  /** a mailbox was written without options: PHP warns in writeVoicemailconf and F3 answers 500 */
  voicemailWithoutOptions: boolean;
}

/**
 * Lays a flattened body over an extension (fresh from newExtension on create, stored on
 * update). As in extensions.php, follow-me and dictation are rebuilt from the body: a
 * body that does not switch them on turns them off.
 */
export function applyInput(record: ExtensionRecord, flat: Flat, creating: boolean): ApplyResult {
  const ext = record.extension;
  const get = (key: string) => str(flat[key]);
  const on = (key: string) => (key.startsWith('followme.') ? phpChecked(flat[key]) : looseEquals(flat[key], 'yes'));
  const flag = (key: string) => (flat[key] === undefined ? undefined : on(key) ? 'yes' : 'no');

  for (const key of TOP) {
    const v = get(key);
    if (v !== undefined) record[key] = v;
  }
  if (record.tech === 'virtual') record.name = '';
  const dial = get('dial');
  if (dial !== undefined && (creating || record.tech === 'custom')) record.dial = dial;

  for (const [group, keys] of Object.entries(PLAIN)) {
    const target = record[group] as Tree;
    for (const key of keys) {
      const v = get(`${group}.${key}`);
      if (v !== undefined) target[key] = v;
    }
  }
  for (const key of FLAGS) {
    const [group, sub] = key.split('.');
    const v = flag(key);
    if (v !== undefined && (group === 'extension_options' || group === 'recording')) (record[group] as Tree)[sub] = v;
  }

  const device = record.device_options as Tree | undefined;
  if (device) {
    for (const key of Object.keys(device)) {
      const v = get(`device_options.${key}`);
      if (v !== undefined) device[key] = v;
    }
  }

  const result: ApplyResult = { voicemailWithoutOptions: false };
  // the legacy top-level "voicemail" (users.voicemail: novm or a context) is written on update, ignored on create
  const legacy = creating || flat.voicemail === undefined || Array.isArray(flat.voicemail) ? undefined : looseEquals(flat.voicemail, 'novm') ? 'no' : 'yes';
  const vmEnabled = flag('voicemail.enabled') ?? legacy ?? (record.voicemail as Tree).enabled;
  const vmKeys = Object.keys(flat).filter((k) => k.startsWith('voicemail.') && k !== 'voicemail.enabled');
  if (vmEnabled !== 'yes') record.voicemail = { enabled: 'no' };
  else if (vmKeys.length === 0) (record.voicemail as Tree).enabled = 'yes';
  else {
    // the mailbox is replaced by exactly the voicemail keys sent
    const mailbox: Tree = { enabled: 'yes' };
    for (const key of vmKeys) {
      const path = key.split('.').slice(1);
      let node = mailbox;
      path.slice(0, -1).forEach((p) => (node = (isObject(node[p]) ? node[p] : (node[p] = {})) as Tree));
      node[path[path.length - 1]] = str(flat[key]) ?? '';
    }
    record.voicemail = mailbox;
    result.voicemailWithoutOptions = !isObject(mailbox.options);
  }

  if (flag('dictation.enabled') === 'yes') {
    const current = record.dictation as Tree;
    record.dictation = {
      enabled: 'yes',
      email: get('dictation.email') ?? (current.email as string | undefined) ?? '',
      format: get('dictation.format') ?? (current.format as string | undefined) ?? '',
    };
  } else record.dictation = { enabled: 'no' };

  if (flag('followme.enabled') === 'yes') {
    const current = record.followme as Tree;
    const followme = current.enabled === 'yes' ? current : followmeOn(ext);
    for (const key of Object.keys(followmeOn(ext))) {
      if (key === 'enabled' || flat[`followme.${key}`] === undefined) continue;
      const v = flat[`followme.${key}`];
      followme[key] = key === 'extension_list' ? (Array.isArray(v) ? v.map(phpString) : phpString(v).split('-')) : key === 'confirm_calls' ? (phpChecked(v) ? 'yes' : 'no') : str(v) ?? '';
    }
    record.followme = followme;
  } else record.followme = followmeOff(ext);

  return result;
}

const COLLAPSIBLE = ['device_options', 'extension_options', 'recording', 'callerid_override', 'destination'];
const LIST_FIELDS = ['extension', 'name', 'tech', 'dial', 'secret', 'context'];

/**
 * A collection row: default fields plus the dotted names asked for (two levels deep);
 * groups left empty are dropped, except voicemail, followme and dictation, which stay as [].
 */
export function collectionRow(record: ExtensionRecord, fields: string[]): Record<string, unknown> {
  const wanted = new Set([...LIST_FIELDS, ...fields]);
  const row: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (!isObject(value)) {
      if (wanted.has(key)) row[key] = value;
      continue;
    }
    const kept = Object.entries(value).filter(([sub]) => wanted.has(`${key}.${sub}`));
    if (kept.length) row[key] = Object.fromEntries(kept);
    else if (!COLLAPSIBLE.includes(key)) row[key] = [];
  }
  return row;
}
