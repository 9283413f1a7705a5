// Issabel wire format ⇄ pbxctl model. The wire gives every scalar as a string and flags
// as yes/no; the model uses numbers and booleans. One table per kind drives both ways.
import { getPath, setPath } from '../../engine/paths.ts';
import type { ModelObject } from '../../engine/model.ts';

type Codec = 'string' | 'int' | 'yesno' | 'list';
type FieldMap = [model: string, wire: string, codec: Codec][];

export const extensionFields: FieldMap = [
  ['number', 'extension', 'string'],
  ['name', 'name', 'string'],
  ['tech', 'tech', 'string'],
  ['secret', 'secret', 'string'],
  ['context', 'context', 'string'],
  ['language', 'language', 'string'],
  ['voicemail.enabled', 'voicemail.enabled', 'yesno'],
  ['voicemail.pin', 'voicemail.pin', 'string'],
  ['voicemail.email', 'voicemail.email', 'string'],
  ['voicemail.pager_email', 'voicemail.pager_email', 'string'],
  ['voicemail.email_attachment', 'voicemail.options.email_attachment', 'yesno'],
  ['voicemail.play_callerid', 'voicemail.options.play_callerid', 'yesno'],
  ['voicemail.play_envelope', 'voicemail.options.play_envelope', 'yesno'],
  ['voicemail.delete_after_email', 'voicemail.options.delete', 'yesno'],
  ['voicemail.review', 'voicemail.options.review', 'yesno'],
  ['ring_time', 'extension_options.ring_time', 'int'],
  ['call_waiting', 'extension_options.call_waiting', 'yesno'],
  ['recording.inbound_external', 'recording.inbound_external', 'string'],
  ['recording.inbound_internal', 'recording.inbound_internal', 'string'],
  ['recording.outbound_external', 'recording.outbound_external', 'string'],
  ['recording.outbound_internal', 'recording.outbound_internal', 'string'],
  ['recording.ondemand', 'recording.ondemand', 'yesno'],
  ['outbound_callerid', 'callerid_override.outbound', 'string'],
  ['emergency_callerid', 'callerid_override.emergency', 'string'],
  ['device.dtmf_mode', 'device_options.dtmf_mode', 'string'],
  ['device.nat', 'device_options.nat', 'string'],
  ['device.transport', 'device_options.transport', 'string'],
  ['device.call_group', 'device_options.call_group', 'string'],
  ['device.pickup_group', 'device_options.pickup_group', 'string'],
  ['device.allow_codecs', 'device_options.allow_codecs', 'string'],
  ['device.disallow_codecs', 'device_options.disallow_codecs', 'string'],
  ['device.max_contacts', 'device_options.max_contacts', 'int'],
];

export const ringGroupFields: FieldMap = [
  ['number', 'extension', 'string'],
  ['name', 'name', 'string'],
  ['strategy', 'strategy', 'string'],
  ['ring_time', 'ring_time', 'int'],
  ['members', 'extension_list', 'list'],
  ['recording', 'recording', 'string'],
  ['music_on_hold', 'music_on_hold_ringing', 'string'],
  ['confirm_calls', 'confirm_calls', 'yesno'],
  ['ignore_call_forward', 'ignore_call_forward_settings', 'yesno'],
  ['skip_busy_agent', 'skip_busy_agent', 'yesno'],
  ['call_pickup', 'enable_call_pickup', 'yesno'],
  ['cid_name_prefix', 'cid_name_prefix', 'string'],
  ['alert_info', 'alert_info', 'string'],
  ['change_callerid', 'change_callerid', 'string'],
  ['fixed_callerid', 'fixed_callerid', 'string'],
  ['no_answer_destination', 'destination_if_no_answer', 'string'],
];

const decode = (value: unknown, codec: Codec): unknown => {
  switch (codec) {
    case 'yesno':
      return value === 'yes' || value === '1' || value === 'CHECKED';
    case 'int': {
      const n = Number(value);
      return value === '' || Number.isNaN(n) ? value : n;
    }
    case 'list':
      // an empty list reads back as [""]
      return (Array.isArray(value) ? value.map(String) : String(value ?? '').split(/[-,]/)).filter(Boolean);
    default:
      return String(value);
  }
};

const encode = (value: unknown, codec: Codec): unknown => {
  switch (codec) {
    case 'yesno':
      return value ? 'yes' : 'no';
    case 'list':
      return value;
    default:
      return String(value);
  }
};

export function fromWire(wire: ModelObject, map: FieldMap): ModelObject {
  const out: ModelObject = {};
  for (const [model, path, codec] of map) {
    const value = getPath(wire, path);
    if (value !== undefined && !(Array.isArray(value) && codec !== 'list')) setPath(out, model, decode(value, codec));
  }
  return out;
}

/** the wire body for the given model paths (all of them when paths is absent) */
export function toWire(obj: ModelObject, map: FieldMap, paths?: string[]): ModelObject {
  const out: ModelObject = {};
  for (const [model, path, codec] of map) {
    if (paths && !paths.includes(model)) continue;
    const value = getPath(obj, model);
    if (value !== undefined) setPath(out, path, encode(value, codec));
  }
  return out;
}
