// Crossbar's response envelopes (success and error) and the error catalogue of kazoo.md §2.5.
import { createHash } from 'node:crypto';
import type { ValidationErrors } from './validation.ts';
import { md5 } from './state.ts';

/** base64url of md5 of the Erlang node name, as Crossbar reports `node` */
export const NODE = createHash('md5').update('crossbar@sandbox.pbxctl.local').digest('base64url');

export interface Reply {
  status: number;
  /** the JSON text; absent: an empty body (a bare Cowboy answer) */
  body?: string;
  headers?: Record<string, string>;
}

/** What a handler answers before the envelope is wrapped around it. */
export interface Result {
  status?: number;
  data: unknown;
  /** the document's `_rev`; lists get an md5 of their data */
  revision?: string;
  /** paging fields, for listings */
  paging?: Record<string, unknown>;
  headers?: Record<string, string>;
}

/** An error answer; thrown by handlers and turned into an error envelope. */
export class KazooError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly data: unknown = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** An answer Cowboy gives itself, without Crossbar's envelope: a status and an empty body. */
export class BareAnswer extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}

export const badIdentifier = (id: string) => new KazooError(404, 'bad_identifier', { cause: id, message: 'bad identifier' });
export const invalidMethod = () => new KazooError(405, 'invalid_method', { message: 'method not allowed' });
export const forbidden = () => new KazooError(403, 'forbidden', { message: 'forbidden' });
export const notFound = () => new KazooError(404, 'not_found', { message: 'not found' });
export const validationError = (errors: ValidationErrors) => new KazooError(400, 'validation error', errors);
/** Variant A of kazoo.md §1.5: no token, an undecodable token, bad credentials */
export const invalidCredentials = () => new KazooError(401, 'invalid_credentials', { message: 'invalid credentials' });
/** Variant B: a token that expired or is unknown */
export const expiredToken = () => new KazooError(401, 'invalid credentials', {});

export interface EnvelopeContext {
  authToken: string;
  requestId: string;
  version: string;
  now: number;
}

const timestamp = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

const common = (ctx: EnvelopeContext) => ({
  auth_token: ctx.authToken,
  request_id: ctx.requestId,
  node: NODE,
  version: ctx.version,
  timestamp: timestamp(ctx.now),
});

export function success(ctx: EnvelopeContext, result: Result): Reply {
  // the data is serialized once, for the revision and the body (a listing can hold ~25k rows):
  // the text of { ...common, status, data, revision, ...paging }
  const data = JSON.stringify(result.data) as string | undefined;
  const revision = result.revision ?? md5(data!);
  const head = JSON.stringify({ ...common(ctx), status: 'success' }).slice(0, -1);
  const tail = JSON.stringify({ revision, ...result.paging }).slice(1);
  const body = data === undefined ? `${head},${tail}` : `${head},"data":${data},${tail}`;
  return { status: result.status ?? 200, body, headers: { ETag: `"${revision}"`, ...result.headers } };
}

export function failure(ctx: EnvelopeContext, err: KazooError): Reply {
  const body = { ...common(ctx), status: 'error', message: err.message, error: String(err.status), data: err.data };
  return { status: err.status, body: JSON.stringify(body), headers: err.headers };
}

export function fatal(ctx: EnvelopeContext): Reply {
  const body = { ...common(ctx), status: 'fatal', message: 'internal_server_error', error: '500', data: {} };
  return { status: 500, body: JSON.stringify(body) };
}
