// The verbs every Crossbar document resource shares (kazoo.md §4.6): list, PUT create,
// GET, POST full replace, PATCH deep merge (null deletes), soft DELETE. Each resource
// adds its own normalisation, uniqueness and listing row through a ResourceSpec.
import { badIdentifier, KazooError, validationError, type Result } from './envelope.ts';
import { hasFilters, matchesFilters, page } from './paging.ts';
import {
  gregorianSeconds,
  isPrivateKey,
  newId,
  nextRev,
  privateFields,
  publicDoc,
  PVT_TYPE,
  type Indexes,
  type Json,
  type KazooState,
  type Kind,
  type StoredDoc,
} from './state.ts';
import type { SchemaSet, ValidationErrors } from './validation.ts';

export interface Session {
  accountId: string;
  ownerId?: string;
}

export interface Ctx {
  state: KazooState;
  idx: Indexes;
  account: StoredDoc;
  schemas: SchemaSet;
  now: number;
  query: URLSearchParams;
  pageSize: number;
  /** the most rows one listing answer may hold (see paging.ts) */
  maxRows?: number;
  session: Session;
  /** marks a record of the state (e.g. ['devices', id]) changed: saved before the answer */
  changed(record: string[]): void;
  /** the datastore round trip between reading a document and saving it */
  datastore(): Promise<void>;
}

export interface ResourceSpec {
  kind: Kind;
  /** listing row, as the resource's crossbar_listing view emits it */
  summary(doc: StoredDoc): Json;
  /**
   * Normalises a schema-validated document and adds business errors (uniqueness...).
   * `existing` is the stored document on POST/PATCH. May throw a KazooError (403...).
   */
  prepare(ctx: Ctx, doc: Json, existing: StoredDoc | undefined, errors: ValidationErrors): void;
  /** after a save or delete (number tracking...) */
  afterWrite?(ctx: Ctx, doc: StoredDoc, old: StoredDoc | undefined): void;
  /** extra computed fields on GET of one document (`data` is a fresh copy it may extend) */
  view?(ctx: Ctx, doc: StoredDoc, data: Json): Json;
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** kz_json merge as PATCH does it: objects key by key, request wins, null deletes, {} replaces */
export function mergePatch(target: Json, patch: Json): Json {
  const out: Json = { ...target };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else if (isObject(value) && Object.keys(value).length > 0 && isObject(out[key])) out[key] = mergePatch(out[key] as Json, value);
    else out[key] = structuredClone(value);
  }
  return out;
}

/** client-sent `_*` and `pvt_*` keys are dropped silently, `id` comes from the path */
function requestFields(data: Json): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(data)) if (!isPrivateKey(key) && key !== 'id') out[key] = structuredClone(value);
  return out;
}

export function load(ctx: Ctx, spec: ResourceSpec, id: string): StoredDoc {
  const doc = ctx.idx.live(spec.kind, ctx.account._id, id);
  if (!doc) throw badIdentifier(id);
  return doc;
}

export function list(ctx: Ctx, spec: ResourceSpec): Result {
  const filtered = hasFilters(ctx.query);
  const { data, paging } = page(ctx.idx.ids(ctx.account._id, spec.kind), ctx.query, ctx, (id) => {
    const doc = ctx.state[spec.kind][id];
    return !filtered || matchesFilters(doc, ctx.query) ? spec.summary(doc) : undefined;
  });
  return { data, paging };
}

export function read(ctx: Ctx, spec: ResourceSpec, id: string): Result {
  const doc = load(ctx, spec, id);
  const data = publicDoc(doc);
  return { data: spec.view ? spec.view(ctx, doc, data) : data, revision: doc._rev };
}

export function create(ctx: Ctx, spec: ResourceSpec, body: Json): Result {
  const id = typeof body.id === 'string' && body.id !== '' ? body.id : newId();
  if (Object.hasOwn(ctx.state[spec.kind], id)) throw new KazooError(409, 'datastore_conflict', { message: 'conflicting documents' });
  const doc = save(ctx, spec, id, requestFields(body), undefined);
  return { status: 201, data: publicDoc(doc), revision: doc._rev, headers: { Location: `/v2/accounts/${ctx.account._id}/${spec.kind}/${id}` } };
}

/**
 * A write reads the document, then saves it against the revision it read (CouchDB): a
 * write to the same document that landed in between makes this one a 409 conflict.
 */
async function loadForWrite(ctx: Ctx, spec: ResourceSpec, id: string): Promise<StoredDoc> {
  const existing = load(ctx, spec, id);
  await ctx.datastore();
  if (ctx.state[spec.kind][id]?._rev !== existing._rev) throw new KazooError(409, 'datastore_conflict', { message: 'conflicting documents' });
  return existing;
}

export async function replace(ctx: Ctx, spec: ResourceSpec, id: string, body: Json): Promise<Result> {
  const existing = await loadForWrite(ctx, spec, id);
  const doc = save(ctx, spec, id, requestFields(body), existing);
  return { data: publicDoc(doc), revision: doc._rev };
}

export async function patch(ctx: Ctx, spec: ResourceSpec, id: string, body: Json): Promise<Result> {
  const existing = await loadForWrite(ctx, spec, id);
  const current = publicDoc(existing);
  delete current.id;
  const doc = save(ctx, spec, id, mergePatch(current, requestFields(body)), existing);
  return { data: publicDoc(doc), revision: doc._rev };
}

export async function remove(ctx: Ctx, spec: ResourceSpec, id: string): Promise<Result> {
  const existing = await loadForWrite(ctx, spec, id);
  const deleted: StoredDoc = { ...existing, pvt_deleted: true, pvt_modified: gregorianSeconds(ctx.now) };
  deleted._rev = nextRev(existing._rev, deleted);
  ctx.idx.put(spec.kind, deleted);
  spec.afterWrite?.(ctx, deleted, existing);
  ctx.changed([spec.kind, id]);
  return { data: { ...publicDoc(deleted), _read_only: { deleted: true } }, revision: deleted._rev };
}

function save(ctx: Ctx, spec: ResourceSpec, id: string, doc: Json, existing: StoredDoc | undefined): StoredDoc {
  const errors = ctx.schemas.validate(spec.kind, doc);
  spec.prepare(ctx, doc, existing, errors);
  if (Object.keys(errors).length > 0) throw validationError(errors);
  const now = gregorianSeconds(ctx.now);
  const pvt = existing
    ? privateFields(existing)
    : { _id: id, pvt_type: PVT_TYPE[spec.kind], pvt_account_id: ctx.account._id, pvt_created: now, pvt_vsn: '1' };
  const stored = { ...pvt, ...doc, pvt_modified: now } as StoredDoc;
  delete stored._read_only;
  stored._rev = nextRev(existing?._rev, doc);
  ctx.idx.put(spec.kind, stored);
  spec.afterWrite?.(ctx, stored, existing);
  ctx.changed([spec.kind, id]);
  return stored;
}

/** adds the `unique` error when another live document of the account holds the value */
export function checkUnique(
  ctx: Ctx,
  errors: ValidationErrors,
  field: string,
  value: string,
  selfId: string | undefined,
  detail: (holderId: string) => Json,
): void {
  const holder = ctx.idx.owner(ctx.account._id, field, value);
  if (holder !== undefined && holder !== selfId) (errors[field] ??= {}).unique = detail(holder);
}
