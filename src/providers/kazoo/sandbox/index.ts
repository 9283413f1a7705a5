// SmartPBX (Ofon) / Kazoo Crossbar v2 emulator: the factory that ties state, auth,
// routing and envelopes into an Emulator (see kazoo.md for the behaviour reproduced).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Emulator, EmulatorOptions, SandboxModule } from '../../../sandbox/emulator.ts';
import { rateLimitFault, tokenTtlFault } from '../../../sandbox/faults.ts';
import { afterAnswer } from '../../../sandbox/held-answer.ts';
import { Sessions } from './auth.ts';
import { KAZOO_VERSION, type DefaultSet } from './defaults.ts';
import type { Ctx } from './docs.ts';
import { BareAnswer, failure, fatal, KazooError, notFound, success, type EnvelopeContext, type Reply } from './envelope.ts';
import { readBody } from '../../../sandbox/request-body.ts';
import { StateFile } from '../../../sandbox/state-file.ts';
import { loggedBody, requestLog } from '../../../sandbox/request-log.ts';
import { RateLimiter } from './ratelimit.ts';
import { dispatch } from './router.ts';
import { applySeed, SANDBOX_ACCOUNT_ID, SANDBOX_ACCOUNT_NAME, SANDBOX_API_KEY, SANDBOX_AUTH_TOKEN, SANDBOX_PASSWORD, SANDBOX_USERNAME, SEED_IDS } from './seed.ts';
import { emptyState, Indexes, newId, type Json, type KazooState, type StoredDoc } from './state.ts';
import { schemaSet } from './validation.ts';

// the seed's credentials and ids, for tests and `sandbox serve`
export {
  OTHER_ACCOUNT_ID, OTHER_ACCOUNT_NUMBER, SANDBOX_ACCOUNT_ID, SANDBOX_ACCOUNT_NAME, SANDBOX_API_KEY, SANDBOX_AUTH_TOKEN, SANDBOX_PASSWORD, SANDBOX_USERNAME, SEED_IDS,
} from './seed.ts';
export type { KazooState, StoredDoc } from './state.ts';
export type { DefaultSet } from './defaults.ts';

export interface KazooEmulatorOptions extends EmulatorOptions {
  /** token lifetime, default 3600 */
  tokenTtlSeconds?: number;
  /** which server default set is filled into documents (default '4.0', the seed document's) */
  defaults?: DefaultSet;
  /** listing page size, default 50 */
  pageSize?: number;
  /** the most rows one listing answer holds (Crossbar's memory cap): over it 416; no cap by default */
  listingMaxRows?: number | null;
  /** beyond it: 429 with Retry-After; off by default */
  rateLimit?: { requestsPerSecond: number; burst?: number } | null;
  /** ms between a write's read of the document and its save (a CouchDB round trip, default 5); racing writes in it conflict */
  datastoreMs?: number;
}

export interface KazooEmulator extends Emulator {
  /** accounts, devices, users, callflows, numbers (live object; tests read it) */
  readonly state: KazooState;
  /** every issued token (and the fixed one) answers 401 from now on */
  expireTokens(): void;
  /** switchable at run time */
  defaults: DefaultSet;
  /** the listing cap, switchable at run time (undefined: none) */
  listingMaxRows?: number;
}


export function createKazooEmulator(opts: KazooEmulatorOptions = {}): KazooEmulator {
  const now = opts.now ?? Date.now;
  const pageSize = opts.pageSize ?? 50;
  let maxRows = opts.listingMaxRows ?? undefined;
  const sessions = new Sessions(opts.tokenTtlSeconds ?? 3600, now);
  const limiter = opts.rateLimit ? new RateLimiter(opts.rateLimit.requestsPerSecond, now, opts.rateLimit.burst) : undefined;
  const log = requestLog(opts.requestLogPath);
  let defaults: DefaultSet = opts.defaults ?? '4.0';
  let state: KazooState;
  let idx: Indexes;
  const saver = new StateFile<KazooState>(opts.statePath, () => state);
  const datastoreMs = opts.datastoreMs ?? 5;
  // 0 is no step at all (a timer of 0 still waits a millisecond or more)
  const datastore = () => (datastoreMs > 0 ? new Promise<void>((resolve) => setTimeout(resolve, datastoreMs)) : Promise.resolve());

  const ctxFor = (account: StoredDoc): Ctx => ({
    state,
    idx,
    account,
    schemas: schemaSet(defaults),
    now: now(),
    query: new URLSearchParams(),
    pageSize,
    maxRows,
    session: { accountId: account._id },
    changed: (record) => saver.schedule(record),
    datastore,
  });

  const fixedToken = () => sessions.addFixed(SANDBOX_AUTH_TOKEN, { accountId: SANDBOX_ACCOUNT_ID, ownerId: SEED_IDS.users.budi });
  const seed = () => {
    state = emptyState();
    idx = new Indexes(state);
    if (opts.seed !== 'empty') applySeed(state, now(), ctxFor);
    sessions.clear();
    fixedToken();
  };

  const loaded = saver.load();
  if (loaded) {
    state = loaded;
    idx = new Indexes(state);
    fixedToken();
  } else {
    seed();
    saver.schedule();
  }

  async function respond(req: IncomingMessage, res: ServerResponse, raw: Buffer | undefined): Promise<void> {
    const text = raw?.toString('utf8');
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const header = req.headers['x-request-id'];
    const requestId = typeof header === 'string' && header !== '' ? header : newId();
    const env: EnvelopeContext = { authToken: '', requestId, version: KAZOO_VERSION[defaults], now: now() };
    let method = (req.method ?? 'GET').toUpperCase();
    let reply: Reply;
    try {
      limiter?.take();
      if (text === undefined) throw new KazooError(413, 'request entity too large', {});
      const envelope = parseEnvelope(text);
      const tunnelled = url.searchParams.get('verb') ?? envelope.verb;
      if (method === 'POST' && typeof tunnelled === 'string') method = tunnelled.toUpperCase();
      const segments = url.pathname.split('/').filter(Boolean);
      if (segments.shift() !== 'v2') throw notFound();
      const { result, token } = await dispatch(
        { state, idx, schemas: schemaSet(defaults), sessions, now: now(), pageSize, maxRows, changed: (record) => saver.schedule(record), datastore },
        { req, method, segments, query: url.searchParams, envelope },
      );
      env.authToken = token;
      reply = success(env, result);
    } catch (err) {
      const sent = req.headers['x-auth-token'] ?? url.searchParams.get('auth_token');
      env.authToken = typeof sent === 'string' ? sent : '';
      reply = err instanceof KazooError ? failure(env, err) : err instanceof BareAnswer ? { status: err.status } : fatal(env);
    }
    const entry = {
      at: new Date(now()).toISOString(),
      method,
      path: url.pathname,
      query: url.search.replace(/^\?/, ''),
      status: reply.status,
      write: method !== 'GET' && method !== 'HEAD',
      body: text !== undefined ? loggedBody(text, req.headers['content-type']) : undefined,
    };
    afterAnswer(res, () => log.push(entry));
    if (!reply.body) return void res.writeHead(reply.status, { 'Content-Length': '0' }).end();
    res.writeHead(reply.status, { 'Content-Type': 'application/json', 'X-Request-ID': requestId, ...reply.headers });
    res.end(reply.body);
  }

  const emulator: KazooEmulator = {
    type: 'kazoo',
    log,
    get state() {
      return state;
    },
    get defaults() {
      return defaults;
    },
    set defaults(value: DefaultSet) {
      defaults = value;
    },
    get listingMaxRows() {
      return maxRows;
    },
    set listingMaxRows(value: number | undefined) {
      maxRows = value;
    },
    handle(req, res) {
      readBody(req)
        .then((raw) => respond(req, res, raw))
        .catch(() => {
          if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' });
          res.end('{"status":"fatal","error":"500","message":"internal_server_error","data":{}}');
        });
    },
    settings(baseUrl) {
      return {
        url: `${baseUrl}/v2`,
        account_id: SANDBOX_ACCOUNT_ID,
        username: SANDBOX_USERNAME,
        password: SANDBOX_PASSWORD,
        account_name: SANDBOX_ACCOUNT_NAME,
      };
    },
    describe(baseUrl) {
      const api = `${baseUrl}/v2`;
      return [
        `SmartPBX / Kazoo Crossbar v2 at ${api} (defaults of Kazoo ${defaults})`,
        `account "${SANDBOX_ACCOUNT_NAME}" id ${SANDBOX_ACCOUNT_ID}`,
        `user_auth: username ${SANDBOX_USERNAME}  password ${SANDBOX_PASSWORD}`,
        `api_auth:  api_key ${SANDBOX_API_KEY}`,
        `auth_token (fixed): ${SANDBOX_AUTH_TOKEN}`,
        `try: curl -H "X-Auth-Token: ${SANDBOX_AUTH_TOKEN}" ${api}/accounts/${SANDBOX_ACCOUNT_ID}/devices`,
      ];
    },
    reset() {
      seed();
      saver.schedule();
    },
    save: () => saver.flush(),
    persist: () => saver.persist(),
    expireTokens: () => sessions.expireAll(),
  };
  return emulator;
}

/** the request envelope `{"data": ..., "auth_token"?, "verb"?}`; invalid JSON is a 400 */
function parseEnvelope(body: string): Json {
  const text = body.trim();
  if (text === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    const detail = err instanceof Error ? err.message : 'All JSON must be valid';
    throw new KazooError(400, 'validation error', { json: { invalid: { message: detail, target: 'body' } } });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new KazooError(400, 'validation error', { json: { invalid: { message: 'All JSON must be valid', target: 'body' } } });
  }
  return parsed as Json;
}

/** what the sandbox registry knows of this emulator: how to make one, and its own faults */
export const sandbox: SandboxModule = {
  create: createKazooEmulator,
  faults: {
    token_ttl_seconds: tokenTtlFault,
    rate_limit_per_second: rateLimitFault,
    listing_max_rows: { check: (v) => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? undefined : 'a whole number above 0') },
  },
};
