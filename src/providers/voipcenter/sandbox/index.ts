// The VoipCenter (pbxonline.be) API emulator: get.php, update.php and call.php under /api,
// GET or POST form, signed with HMAC-SHA256 and a unix timestamp checked against the
// server's clock (which may be skewed; the Date header shows it).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { exampleQuery, passMatches, pwdOf, type Script as VoipcenterScript } from './signature.ts';
import type { Emulator, EmulatorOptions, SandboxModule } from '../../../sandbox/emulator.ts';
import { flag, rateLimitFault, seconds } from '../../../sandbox/faults.ts';
import { afterAnswer } from '../../../sandbox/held-answer.ts';
import { loggedBody, requestLog } from '../../../sandbox/request-log.ts';
import { clickToCall } from './click-to-call.ts';
import { getMenu } from './get-menus.ts';
import { PersistedState } from '../../../sandbox/state-file.ts';
import { readText } from '../../../sandbox/request-body.ts';
import { encode, fail, isFormat, type Answer } from './response.ts';
import { seedState, VOIPCENTER_CREDENTIALS } from './seed.ts';
import { emptyState, type VoipcenterState } from './state.ts';
import { updateMenu } from './update-menus.ts';

export { VOIPCENTER_CREDENTIALS } from './seed.ts';
export type * from './state.ts';

export interface VoipcenterEmulatorOptions extends EmulatorOptions {
  /** the server's clock is this far off (its Date header shows it) */
  clockSkewSeconds?: number;
  /** beyond it: error 13 */
  rateLimit?: { requestsPerSecond: number } | null;
  /** authenticated requests answer body error 1 (the PBX server is unreachable) */
  backendDown?: boolean;
}

export interface VoipcenterEmulator extends Emulator {
  readonly state: VoipcenterState;
  clockSkewSeconds: number;
  rateLimit: { requestsPerSecond: number } | null;
  /** when true, authenticated requests answer body error 1 (the PBX server is unreachable) */
  backendDown: boolean;
}

const TIMESTAMP_WINDOW_SECONDS = 5;

const REQUIRED: Record<VoipcenterScript, string[]> = {
  'get.php': ['apiID', 'knummer', 'pwd', 'm', 'id', 'f', 'pass', 'ts'],
  'update.php': ['apiID', 'knummer', 'pwd', 'm', 'id', 'p', 'f', 'pass', 'ts'],
  'call.php': ['apiID', 'knummer', 'pwd', 'sipacc', 'telnr', 'f', 'pass', 'ts'],
};
const isScript = (s: string): s is VoipcenterScript => Object.hasOwn(REQUIRED, s);

export function createVoipcenterEmulator(opts: VoipcenterEmulatorOptions = {}): VoipcenterEmulator {
  const now = opts.now ?? Date.now;
  const seed = opts.seed === 'empty' ? emptyState : seedState;
  const store = new PersistedState(opts.statePath, seed);
  const log = requestLog(opts.requestLogPath);
  const recent: number[] = []; // request times for the rate limit
  const creds = VOIPCENTER_CREDENTIALS;

  const emulator: VoipcenterEmulator = {
    type: 'voipcenter',
    log,
    clockSkewSeconds: opts.clockSkewSeconds ?? 0,
    rateLimit: opts.rateLimit ?? null,
    backendDown: opts.backendDown ?? false,
    get state() {
      return store.current;
    },
    handle(req, res) {
      serve(req, res).catch(() => {
        if (res.headersSent) res.destroy();
        else {
          res.writeHead(500, { 'Content-Type': 'text/plain' });
          res.end('Internal Server Error');
        }
      });
    },
    settings: (baseUrl) => ({ url: `${baseUrl}/api`, api_id: creds.apiId, customer: creds.customer, password: creds.password, key: creds.key }),
    describe(baseUrl) {
      const example = exampleQuery('get.php', creds, { m: 'sipacc', id: '0', f: 'json' }, Math.floor(serverMs() / 1000));
      return [
        `VoipCenter API: ${baseUrl}/api/{get,update,call}.php`,
        `apiID ${creds.apiId}, klantnummer ${creds.customer}, password ${creds.password}, key ${creds.key}`,
        `requests are signed and carry ts within ${TIMESTAMP_WINDOW_SECONDS} s of the server clock (skew ${emulator.clockSkewSeconds} s)`,
        `example (valid for a few seconds): curl '${baseUrl}/api/get.php?${example}'`,
      ];
    },
    reset: () => store.reset(),
    save: () => store.save(),
    persist: () => store.persist(),
  };

  const serverMs = () => now() + emulator.clockSkewSeconds * 1000;

  function rateLimited(): boolean {
    if (!emulator.rateLimit) return false;
    const t = now();
    while (recent.length && recent[0] <= t - 1000) recent.shift();
    recent.push(t);
    return recent.length > emulator.rateLimit.requestsPerSecond;
  }

  function authenticate(script: VoipcenterScript, params: Record<string, string>): Answer | undefined {
    if (REQUIRED[script].some((name) => !params[name])) return fail(10);
    if (!isFormat(params.f)) return fail(12);
    if (params.apiID !== creds.apiId || params.knummer !== creds.customer) return fail(16);
    const serverSeconds = Math.floor(serverMs() / 1000);
    if (!/^\d+$/.test(params.ts) || Math.abs(Number(params.ts) - serverSeconds) > TIMESTAMP_WINDOW_SECONDS) return fail(11);
    if (!passMatches(script, params, creds.key, params.pass)) return fail(14);
    if (params.pwd !== pwdOf(creds.password)) return fail(15);
    if (emulator.backendDown) return fail(1);
    return undefined;
  }

  function run(script: VoipcenterScript, params: Record<string, string>): Answer {
    if (rateLimited()) return fail(13);
    const denied = authenticate(script, params);
    if (denied) return denied;
    const state = store.current;
    if (script === 'get.php') return getMenu(state, params.m, params.id, params.filter || undefined);
    if (script === 'call.php') return clickToCall(state, params.sipacc, params.telnr);
    const answer = updateMenu(state, params.m, params.id, params.p);
    if (answer.code === 0) store.changed();
    return answer;
  }

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const script = url.pathname.replace(/^\/api\//, '');
    const method = req.method ?? 'GET';
    const write = script === 'update.php' || script === 'call.php';
    const type = req.headers['content-type'] ?? '';
    let body = '';
    const finish = (status: number, headers: Record<string, string>, text: string) => {
      res.writeHead(status, { Date: new Date(serverMs()).toUTCString(), ...headers });
      res.end(text);
      const entry = { at: new Date(now()).toISOString(), method, path: url.pathname, query: url.search.slice(1), status, write, body: loggedBody(body, type) };
      afterAnswer(res, () => log.push(entry));
    };
    if (!url.pathname.startsWith('/api/') || !isScript(script)) {
      finish(404, { 'Content-Type': 'text/html' }, '<html><body><h1>404 Not Found</h1></body></html>');
      return;
    }
    if (method !== 'GET' && method !== 'POST') {
      finish(405, { 'Content-Type': 'text/html', Allow: 'GET, POST' }, '<html><body><h1>405 Method Not Allowed</h1></body></html>');
      return;
    }
    const params = Object.fromEntries(url.searchParams);
    body = await readText(req);
    // form fields win over query fields, as in PHP's $_REQUEST
    if (method === 'POST' && (type === '' || type.startsWith('application/x-www-form-urlencoded'))) {
      Object.assign(params, Object.fromEntries(new URLSearchParams(body)));
    }
    const { contentType, text } = encode(run(script, params), isFormat(params.f) ? params.f : 'json');
    finish(200, { 'Content-Type': contentType }, text);
  }

  return emulator;
}

/** what the sandbox registry knows of this emulator: how to make one, and its own faults */
export const sandbox: SandboxModule = {
  create: createVoipcenterEmulator,
  faults: {
    rate_limit_per_second: rateLimitFault,
    /** the server's clock is this far off */
    clock_skew_seconds: { check: seconds },
    /** every authenticated request answers body error 1, "Could not connect to server" */
    backend_down: { check: flag },
  },
};
