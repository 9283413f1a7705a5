// /vmboxes (kazoo-routing.md §2): the mailbox is unique as an integer ("0201" is "201"),
// a non-integer mailbox fails the same check; the legacy notify_email_address is moved;
// the listing carries runtime message counts. Messages are kept in pvt_messages (a test
// hook, as cf_voicemail would leave them).
import { type ResourceSpec } from './docs.ts';
import type { Json } from './state.ts';
import { addError } from './validation.ts';
import { pick } from './devices.ts';

const UNIQUE = { message: 'Invalid mailbox number or already exists' };

export const vmboxes: ResourceSpec = {
  kind: 'vmboxes',

  summary(doc) {
    const folders = (doc.pvt_messages ?? { new: 0, saved: 0 }) as { new: number; saved: number };
    const counted = folders.new + folders.saved > 0 ? { folders } : {};
    return { ...pick(doc, ['name', 'mailbox', 'owner_id']), messages: folders.new + folders.saved, ...counted, flags: doc.flags ?? [], id: doc._id };
  },

  prepare(ctx, doc, existing, errors) {
    if (typeof doc.notify_email_address === 'string') {
      doc.notify_email_addresses = [...((doc.notify_email_addresses ?? []) as string[]), doc.notify_email_address];
      delete doc.notify_email_address;
    }
    if (typeof doc.mailbox !== 'string') return; // the schema's type error says it
    if (!/^[0-9]+$/.test(doc.mailbox)) return addError(errors, 'mailbox', 'unique', UNIQUE);
    const holder = ctx.idx.owner(ctx.account._id, 'mailbox', String(parseInt(doc.mailbox, 10)));
    if (holder !== undefined && holder !== existing?._id) addError(errors, 'mailbox', 'unique', UNIQUE);
  },
};

/** /temporal_rules (§4): no reference or consistency is checked; the listing shows SmartPBX's `type` tag */
export const temporalRules: ResourceSpec = {
  kind: 'temporal_rules',
  summary: (doc: Json) => ({ ...pick(doc, ['name', 'type']), flags: doc.flags ?? [], id: doc._id }),
  prepare() {},
};

/** /temporal_rules_sets (§5): the listing carries the rule ids; the ids are not checked */
export const temporalRuleSets: ResourceSpec = {
  kind: 'temporal_rules_sets',
  summary: (doc: Json) => ({ ...pick(doc, ['name']), rules: doc.temporal_rules ?? [], flags: doc.flags ?? [], id: doc._id }),
  prepare() {},
};
