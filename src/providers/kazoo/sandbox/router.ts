// Maps a Crossbar v2 request to its handler, in Crossbar's order of checks: route and
// allowed verbs (405), account id in the path (404), authentication (401), access to
// the account (403), then the resource.
import type { IncomingMessage } from 'node:http';
import { authData, apiAuth, basicAuth, requestToken, userAuth, type Sessions } from './auth.ts';
import { callflows } from './callflows.ts';
import { hotdesks } from './hotdesks.ts';
import * as docs from './docs.ts';
import { action, devices, status, sync } from './devices.ts';
import { BareAnswer, forbidden, invalidCredentials, invalidMethod, KazooError, notFound, badIdentifier, type Result } from './envelope.ts';
import { publicDoc, type Json, type KazooState, type Kind, type Indexes } from './state.ts';
import { userDevices, users } from './users.ts';
import { temporalRules, temporalRuleSets, vmboxes } from './vmboxes.ts';
import type { SchemaSet } from './validation.ts';

const SPECS: Record<Kind, docs.ResourceSpec> = { devices, users, callflows, vmboxes, temporal_rules: temporalRules, temporal_rules_sets: temporalRuleSets };

export interface RouterEnv {
  state: KazooState;
  idx: Indexes;
  schemas: SchemaSet;
  sessions: Sessions;
  now: number;
  pageSize: number;
  maxRows?: number;
  changed(record: string[]): void;
  datastore(): Promise<void>;
}

export interface Request {
  req: IncomingMessage;
  method: string;
  segments: string[];
  query: URLSearchParams;
  envelope: Json;
}

/** api_resource:is_known_content_type: not checked for these verbs */
const KNOWN_TYPE_IGNORED = ['GET', 'DELETE', 'OPTIONS', 'HEAD'];
/** request bodies Crossbar reads: JSON, form-encoded and CSV (none given means JSON) */
const ACCEPTED_TYPES = ['application/json', 'application/x-json', 'application/x-www-form-urlencoded', 'text/csv', 'text/comma-separated-values'];
const knownContentType = (header: string | undefined) => !header || ACCEPTED_TYPES.includes(header.split(';')[0].trim().toLowerCase());

interface Route {
  allowed: string[];
  run(method: string, ctx: docs.Ctx): Result | Promise<Result>;
}

const data = (envelope: Json): Json => {
  const value = envelope.data ?? {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new KazooError(400, 'validation error', { data: { type: { message: 'Value did not match type(s): object', target: 'object' } } });
  }
  return value as Json;
};

export async function dispatch(env: RouterEnv, r: Request): Promise<{ result: Result; token: string }> {
  const [root, accountId, ...rest] = r.segments;
  if (r.segments.length === 1 && (root === 'user_auth' || root === 'api_auth')) {
    if (r.method !== 'PUT') throw invalidMethod();
    const session = root === 'user_auth' ? userAuth(env.state, env.schemas, data(r.envelope)) : apiAuth(env.state, env.schemas, data(r.envelope));
    const token = await env.sessions.issue(session);
    return { result: { status: 201, data: authData(env.state, session) }, token };
  }
  if (root !== 'accounts' || accountId === undefined) throw notFound();

  const route = accountRoute(rest, r.envelope);
  if (!route) throw notFound();
  if (!route.allowed.includes(r.method)) throw invalidMethod();
  if (!/^[0-9a-f]{32}$/.test(accountId)) throw new KazooError(404, 'bad identifier', { message: `invalid account_id '${accountId}'` });
  const account = Object.hasOwn(env.state.accounts, accountId) ? env.state.accounts[accountId] : undefined;
  if (!account) throw badIdentifier(accountId);

  const token = requestToken(r.req, r.query, r.envelope);
  const session = token !== undefined ? env.sessions.check(token) : basicAuth(env.state, r.req.headers.authorization);
  if (!session) throw invalidCredentials();
  if (session.accountId !== accountId) throw forbidden();
  if (!KNOWN_TYPE_IGNORED.includes(r.method) && !knownContentType(r.req.headers['content-type'])) throw new BareAnswer(415);
  return { result: await route.run(r.method, { ...env, account, query: r.query, session }), token: token ?? '' };
}

function accountRoute(path: string[], envelope: Json): Route | undefined {
  const [kind, id, sub] = path;
  if (path.length === 0) return { allowed: ['GET'], run: (_m, ctx) => ({ data: publicDoc(ctx.account), revision: ctx.account._rev }) };
  if (path.length === 1 && kind === 'api_key') {
    return { allowed: ['GET'], run: (_m, ctx) => ({ data: { api_key: ctx.account.pvt_api_key } }) };
  }
  if (path.length === 1 && kind === 'hotdesks') return { allowed: ['GET'], run: (_m, ctx) => hotdesks(ctx) };
  if (!Object.hasOwn(SPECS, kind)) return undefined;
  const spec = SPECS[kind as Kind];
  if (path.length === 1) {
    return {
      allowed: ['GET', 'PUT'],
      run: (m, ctx) => (m === 'GET' ? docs.list(ctx, spec) : docs.create(ctx, spec, data(envelope))),
    };
  }
  if (path.length === 2 && kind === 'devices' && id === 'status') return { allowed: ['GET'], run: (_m, ctx) => status(ctx) };
  if (path.length === 2) {
    const verbs: Record<string, (ctx: docs.Ctx) => Result | Promise<Result>> = {
      GET: (ctx) => docs.read(ctx, spec, id),
      POST: (ctx) => docs.replace(ctx, spec, id, data(envelope)),
      PATCH: (ctx) => docs.patch(ctx, spec, id, data(envelope)),
      DELETE: (ctx) => docs.remove(ctx, spec, id),
    };
    if (kind === 'devices') verbs.PUT = (ctx) => action(ctx, id, envelope);
    return { allowed: Object.keys(verbs), run: (m, ctx) => verbs[m](ctx) };
  }
  if (path.length === 3 && kind === 'devices' && sub === 'sync') return { allowed: ['POST'], run: (_m, ctx) => sync(ctx, id) };
  if (path.length === 3 && kind === 'users' && sub === 'devices') return { allowed: ['GET'], run: (_m, ctx) => userDevices(ctx, id) };
  return undefined;
}
