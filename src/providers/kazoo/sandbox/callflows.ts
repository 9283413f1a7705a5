// /callflows (kazoo.md §5): numbers normalised to E.164, per-account number/pattern
// uniqueness, ownership of DIDs in the number database (403), each flow node's data
// validated and defaulted against callflows.<module>, `metadata` computed on GET.
import { type Ctx, type ResourceSpec } from './docs.ts';
import { forbidden } from './envelope.ts';
import { isReconcilable, normalizeNumber } from './numbers.ts';
import type { Json, StoredDoc } from './state.ts';
import { addError, dottedKey, type ValidationErrors } from './validation.ts';
import { pick } from './devices.ts';

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** visits every node of a flow tree with its key path */
function walk(node: unknown, path: string[], visit: (node: Json, path: string[]) => void): void {
  if (!isObject(node)) return;
  visit(node, path);
  if (isObject(node.children)) for (const [key, child] of Object.entries(node.children)) walk(child, [...path, 'children', key], visit);
}

function validateModules(ctx: Ctx, flow: unknown, errors: ValidationErrors): void {
  walk(flow, ['flow'], (node, path) => {
    if (typeof node.module !== 'string' || !isObject(node.data)) return; // already reported by the schema
    const schema = `callflows.${node.module}`;
    if (!ctx.schemas.has(schema)) {
      addError(errors, dottedKey([...path, 'module']), 'error', { message: `unable to find callflow schema for module ${node.module}` });
      return;
    }
    Object.assign(errors, ctx.schemas.validate(schema, node.data, [...path, 'data']));
  });
}

const describe = (doc: StoredDoc) => `callflow ${doc._id} (${typeof doc.name === 'string' ? doc.name : ''})`;

function checkNumbers(ctx: Ctx, doc: Json, existing: StoredDoc | undefined, errors: ValidationErrors): void {
  for (const field of ['numbers', 'patterns'] as const) {
    const values = doc[field] as string[];
    if (existing && JSON.stringify(values) === JSON.stringify(existing[field])) continue;
    for (const value of values) {
      const holder = ctx.idx.owner(ctx.account._id, field, value);
      if (holder === undefined || holder === existing?._id) continue;
      addError(errors, field, 'unique', { message: `${value} exists in ${describe(ctx.state.callflows[holder])}`, cause: value });
    }
  }
}

function modules(flow: unknown): string[] {
  const found = new Set<string>();
  walk(flow, [], (node) => {
    if (typeof node.module === 'string' && (node.data as Json | undefined)?.skip_module !== true) found.add(node.module);
  });
  return [...found];
}

export const callflows: ResourceSpec = {
  kind: 'callflows',

  summary(doc) {
    const row = pick(doc, ['name', 'numbers', 'patterns', 'type', 'owner_id', 'group_id']);
    row.featurecode = doc.featurecode ?? false;
    row.flags = doc.flags ?? [];
    row.id = doc._id;
    row.modules = modules(doc.flow);
    return row;
  },

  prepare(ctx, doc, existing, errors) {
    if (!Array.isArray(doc.numbers) || !Array.isArray(doc.patterns)) return; // schema errors already
    const numbers = (doc.numbers = doc.numbers.map((n) => (typeof n === 'string' ? normalizeNumber(n) : n)));
    if (numbers.length === 0 && doc.patterns.length === 0) {
      addError(errors, 'numbers', 'required', { message: 'Callflows must be assigned at least one number or pattern' });
    }
    validateModules(ctx, doc.flow, errors);
    checkNumbers(ctx, doc, existing, errors);
    if (Object.keys(errors).length > 0) return;
    for (const number of numbers as string[]) {
      const owned = isReconcilable(number) && Object.hasOwn(ctx.state.numbers, number) ? ctx.state.numbers[number] : undefined;
      if (owned && owned.account_id !== ctx.account._id) throw forbidden();
    }
  },

  /** marks the account's numbers used by a callflow, and frees the ones it no longer holds */
  afterWrite(ctx, doc, old) {
    const held = new Set(doc.pvt_deleted ? [] : ((doc.numbers ?? []) as string[]));
    const track = (number: string, used: boolean) => {
      const entry = Object.hasOwn(ctx.state.numbers, number) ? ctx.state.numbers[number] : undefined;
      if (!entry || entry.account_id !== ctx.account._id) return;
      if (used) entry.used_by = 'callflow';
      else delete entry.used_by;
      ctx.changed(['numbers', number]);
    };
    for (const number of (old?.numbers ?? []) as string[]) if (!held.has(number)) track(number, false);
    for (const number of held) track(number, true);
  },

  view(ctx, doc, data) {
    const metadata: Json = {};
    const describeId = (id: string) => {
      for (const kind of ['devices', 'users', 'callflows', 'vmboxes', 'temporal_rules', 'temporal_rules_sets'] as const) {
        const target = ctx.idx.live(kind, ctx.account._id, id);
        if (!target) continue;
        const name = kind === 'users' ? `${target.first_name ?? ''} ${target.last_name ?? ''}`.trim() : target.name;
        metadata[id] = { ...pick({ name, numbers: target.numbers }, ['name', 'numbers']), pvt_type: target.pvt_type };
        return;
      }
    };
    walk(doc.flow, [], (node) => {
      for (const [key, value] of Object.entries((node.data ?? {}) as Json)) {
        if ((key === 'id' || key.endsWith('_id')) && typeof value === 'string') describeId(value);
      }
      for (const key of Object.keys((node.children ?? {}) as Json)) if (key !== '_') describeId(key);
    });
    data.metadata = metadata;
    return data;
  },
};
