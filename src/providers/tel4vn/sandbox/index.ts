// The TEL4VN billing API emulator: login for the api_key, a bearer token that expires,
// and call logs over a window of at most 31 days with limit/offset paging.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Emulator, EmulatorOptions, SandboxModule } from '../../../sandbox/emulator.ts';
import { tokenTtlFault } from '../../../sandbox/faults.ts';
import { afterAnswer } from '../../../sandbox/held-answer.ts';
import { PersistedState } from '../../../sandbox/state-file.ts';
import { readText } from '../../../sandbox/request-body.ts';
import { requestLog } from '../../../sandbox/request-log.ts';
import { callLog } from './call-log.ts';
import { emptyState, seedState, TEL4VN_ACCOUNT, type Tel4vnState } from './seed.ts';
import { checkToken, issueToken } from './tokens.ts';

export { TEL4VN_ACCOUNT, TEL4VN_API_KEY, TEL4VN_SOURCES, type CallLog, type Tel4vnState } from './seed.ts';

export interface Tel4vnEmulatorOptions extends EmulatorOptions {
  /** lifetime of bearer tokens (default 3600) */
  tokenTtlSeconds?: number;
}

export interface Tel4vnEmulator extends Emulator {
  readonly state: Tel4vnState;
  tokenTtlSeconds: number;
}

type Answer = { status: number; body: unknown };
const error = (status: number, message: string): Answer => ({ status, body: { error: message } });

const ROUTES: Record<string, string> = { '/v1/auth': 'POST', '/v1/auth/token': 'POST', '/v1/call/log': 'GET' };

export function createTel4vnEmulator(opts: Tel4vnEmulatorOptions = {}): Tel4vnEmulator {
  const now = opts.now ?? Date.now;
  const store = new PersistedState(opts.statePath, opts.seed === 'empty' ? emptyState : seedState);
  const log = requestLog(opts.requestLogPath);
  const account = TEL4VN_ACCOUNT;

  const emulator: Tel4vnEmulator = {
    type: 'tel4vn',
    log,
    tokenTtlSeconds: opts.tokenTtlSeconds ?? 3600,
    get state() {
      return store.current;
    },
    handle(req, res) {
      serve(req, res).catch(() => {
        if (res.headersSent) res.destroy();
        else send(res, { status: 500, body: { error: 'internal server error' } });
      });
    },
    settings: (baseUrl) => ({ url: baseUrl, username: account.username, password: account.password }),
    describe: (baseUrl) => [
      `TEL4VN billing API: ${baseUrl}/v1`,
      `username ${account.username}, password ${account.password} (api_key ${account.api_key})`,
      `tokens last ${emulator.tokenTtlSeconds} s; call logs span 2026-01-01 to 2026-04-30, at most 31 days per request`,
      `example: curl -X POST ${baseUrl}/v1/auth/token -H 'Content-Type: application/json' -d '{"api_key":"${account.api_key}"}'`,
    ],
    reset: () => store.reset(),
    save: () => store.save(),
    persist: () => store.persist(),
  };

  async function jsonBody(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
    try {
      const parsed: unknown = JSON.parse(await readText(req));
      return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  }

  async function login(req: IncomingMessage): Promise<Answer> {
    const body = await jsonBody(req);
    if (!body) return error(400, 'invalid request body');
    if (typeof body.username !== 'string' || typeof body.password !== 'string' || !body.username || !body.password) {
      return error(400, 'username and password are required');
    }
    if (body.username !== account.username || body.password !== account.password) return error(401, 'invalid username or password');
    const { user_uuid, domain_uuid, api_key, level } = account;
    return {
      status: 200,
      body: { data: { user_uuid, domain_uuid, username: account.username.split('@')[0], api_key, user_enabled: 'true', level } },
    };
  }

  async function token(req: IncomingMessage): Promise<Answer> {
    const body = await jsonBody(req);
    if (!body) return error(400, 'invalid request body');
    if (typeof body.api_key !== 'string' || !body.api_key) return error(400, 'api_key is required');
    if (body.api_key !== account.api_key) return error(401, 'invalid api_key');
    const issued = await issueToken(account.user_uuid, now(), emulator.tokenTtlSeconds);
    return { status: 200, body: { data: { ...issued, user_id: account.user_uuid } } };
  }

  async function route(req: IncomingMessage, url: URL): Promise<Answer> {
    const method = ROUTES[url.pathname];
    if (!method) return error(404, 'not found');
    if (req.method !== method) return error(405, 'method not allowed');
    if (url.pathname === '/v1/auth') return login(req);
    if (url.pathname === '/v1/auth/token') return token(req);
    const auth = await checkToken(req.headers.authorization, now());
    if (!auth.ok) return error(401, auth.error);
    return callLog(store.current, url.searchParams);
  }

  function send(res: ServerResponse, answer: Answer): void {
    res.writeHead(answer.status, { 'Content-Type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(answer.body));
  }

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const answer = await route(req, url);
    send(res, answer);
    // no request changes state: logging in and issuing tokens are not writes
    const entry = { at: new Date(now()).toISOString(), method: req.method ?? 'GET', path: url.pathname, query: url.search.slice(1), status: answer.status, write: false };
    afterAnswer(res, () => log.push(entry));
  }

  return emulator;
}

/** what the sandbox registry knows of this emulator: how to make one, and its own faults */
export const sandbox: SandboxModule = {
  create: createTel4vnEmulator,
  faults: { token_ttl_seconds: tokenTtlFault },
};
