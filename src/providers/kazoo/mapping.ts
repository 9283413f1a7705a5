// Crossbar documents ⇄ pbxctl model for users and devices. One table per kind drives
// reading, writing and placing a server's field error back on the model's field.
import { getPath, setPath } from '../../engine/paths.ts';
import type { ModelObject } from '../../engine/model.ts';

export interface FieldRule {
  /** model path; its subtree maps onto the wire subtree */
  model: string;
  wire: string;
  /** each child of the wire object keeps its value under this key (call_restriction.<class>.action) */
  each?: string;
}

export const userFields: FieldRule[] = [
  { model: 'username', wire: 'username' },
  { model: 'first_name', wire: 'first_name' },
  { model: 'last_name', wire: 'last_name' },
  { model: 'email', wire: 'email' },
  { model: 'presence_id', wire: 'presence_id' },
  { model: 'enabled', wire: 'enabled' },
  { model: 'password', wire: 'password' },
  { model: 'hotdesk', wire: 'hotdesk' },
];

export const deviceFields: FieldRule[] = [
  { model: 'name', wire: 'name' },
  { model: 'device_type', wire: 'device_type' },
  { model: 'enabled', wire: 'enabled' },
  { model: 'mac_address', wire: 'mac_address' },
  { model: 'owner', wire: 'owner_id' },
  { model: 'sip.username', wire: 'sip.username' },
  { model: 'sip.password', wire: 'sip.password' },
  { model: 'caller_id', wire: 'caller_id' },
  { model: 'call_restrictions', wire: 'call_restriction', each: 'action' },
  { model: 'codecs.audio', wire: 'media.audio.codecs' },
  { model: 'codecs.video', wire: 'media.video.codecs' },
  { model: 'ringtones', wire: 'ringtones' },
  { model: 'presence_id', wire: 'presence_id' },
];

export const vmboxFields: FieldRule[] = [
  { model: 'mailbox', wire: 'mailbox' },
  { model: 'name', wire: 'name' },
  { model: 'owner', wire: 'owner_id' },
  { model: 'pin', wire: 'pin' },
  { model: 'notify_emails', wire: 'notify_email_addresses' },
  { model: 'require_pin', wire: 'require_pin' },
  { model: 'check_if_owner', wire: 'check_if_owner' },
  { model: 'skip_greeting', wire: 'skip_greeting' },
  { model: 'skip_instructions', wire: 'skip_instructions' },
  { model: 'delete_after_notify', wire: 'delete_after_notify' },
  { model: 'timezone', wire: 'timezone' },
  { model: 'is_setup', wire: 'is_setup' },
];

const isObject = (v: unknown): v is ModelObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const under = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}.`);

export function fromWire(doc: ModelObject, rules: FieldRule[]): ModelObject {
  const out: ModelObject = {};
  for (const rule of rules) {
    let value = getPath(doc, rule.wire);
    if (value === undefined) continue;
    if (rule.each && isObject(value)) {
      const each = rule.each;
      value = Object.fromEntries(Object.entries(value).filter(([, v]) => isObject(v) && v[each] !== undefined).map(([k, v]) => [k, (v as ModelObject)[each]]));
    }
    // a scalar is its own copy: only objects and lists are cloned
    setPath(out, rule.model, typeof value === 'object' ? structuredClone(value) : value);
  }
  return out;
}

/** the wire fields for the given model leaf paths */
export function toWire(obj: ModelObject, rules: FieldRule[], paths: string[]): ModelObject {
  const out: ModelObject = {};
  for (const path of paths) {
    const rule = rules.find((r) => under(path, r.model));
    const value = getPath(obj, path);
    if (!rule || value === undefined) continue;
    const rest = path.slice(rule.model.length);
    setPath(out, `${rule.wire}${rest}${rule.each && rest ? `.${rule.each}` : ''}`, structuredClone(value));
  }
  return out;
}

/** the model path of a wire path named in a server error (`owner_id` → `owner`) */
export function modelPathOf(wire: string, rules: FieldRule[]): string {
  const rule = rules.find((r) => under(wire, r.wire));
  if (!rule) return wire;
  let rest = wire.slice(rule.wire.length);
  if (rule.each && rest.endsWith(`.${rule.each}`)) rest = rest.slice(0, -rule.each.length - 1);
  return `${rule.model}${rest}`;
}

/** model fields a listing row answers for as well as the document would (kazoo.md §4.2, §6.4; kazoo-routing.md §2) */
export const LISTED: Record<string, string[]> = {
  users: ['username', 'first_name', 'last_name', 'email', 'presence_id'],
  devices: ['name', 'device_type', 'enabled', 'mac_address', 'owner', 'sip.username'],
  voicemail_boxes: ['mailbox', 'name', 'owner'],
};

/** values Kazoo refuses twice in an account (kazoo.md §4.5, §5.3, §6.3), as KindSpec.unique */
export const UNIQUE: Record<string, Record<string, string[]>> = {
  users: { 'hot-desk id': ['hotdesk.id'] },
  devices: { 'MAC address': ['mac_address'], 'SIP username': ['sip.username'] },
  did_routes: { number: ['number', 'extra_numbers'] },
  voicemail_boxes: { 'mailbox number': ['mailbox'] },
};

/** Kazoo compares mailboxes as integers (kazoo-routing.md §2.1): "0100" is "100" */
export const mailboxKey = (mailbox: string) => (/^[0-9]+$/.test(mailbox) ? String(parseInt(mailbox, 10)) : mailbox);

/** Kazoo stores MAC addresses as lowercase hex without separators */
export const cleanMac = (mac: string) => mac.toLowerCase().replace(/[^0-9a-f]/g, '');

