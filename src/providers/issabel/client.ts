// Issabel /pbxapi over HTTP: JWT login kept in memory; the HTTP kit logs in again when the
// server says the token expired (HTTP 200 {"status": "expired"}) or refuses it (403).
import { ProviderError } from '../../engine/provider.ts';
import { createHttp, onceIfAnswerLost, snippet, type Answer, type ConnectionSettings, type Http, type Issued, type RunContext } from '../http.ts';

export interface IssabelSettings extends ConnectionSettings {
  username?: string;
  password: string;
}

export interface WireAnswer {
  status: number;
  body: unknown;
}

/** An apply of the configuration runs inside the request and can take a while. */
const APPLYING_TIMEOUT_MS = 120_000;

/** a body without this cannot hold the string "expired", even with its letters escaped (\u0065) */
const MAY_SAY_EXPIRED = /expired|\\u00[67]/i;

/** the answer of a request whose token is no longer valid */
async function refusesToken(res: Answer): Promise<boolean> {
  if (res.status === 403) return true;
  if (res.status !== 200) return false;
  try {
    const text = await res.text();
    // a listing is megabytes, parsed once more by call(): here only when it may say expired
    if (!MAY_SAY_EXPIRED.test(text)) return false;
    return (JSON.parse(text) as { status?: unknown } | null)?.status === 'expired';
  } catch {
    return false;
  }
}

export class IssabelClient {
  private readonly http: Http;

  constructor(
    private readonly settings: IssabelSettings,
    run: RunContext = {},
  ) {
    this.http = createHttp(settings, {
      vendor: 'Issabel',
      ...run,
      auth: { header: (token) => ['Authorization', `Bearer ${token}`], refuses: refusesToken, login: () => this.login() },
    });
  }

  private async login(): Promise<Issued> {
    const user = this.settings.username ?? 'admin';
    // a login changes nothing on the server: repeated like a read
    const res = await this.http('authenticate', {
      method: 'post',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ user, password: this.settings.password }),
      retry: { methods: ['post'] },
      context: { login: true },
    });
    if (res.status === 403) throw new ProviderError(`Issabel refused the login of user '${user}': wrong username or password`, undefined, 403);
    const body = parseBody(res.status, await res.text(), 'POST authenticate');
    const { access_token: token, expires_in: lifetime } = (body ?? {}) as { access_token?: unknown; expires_in?: unknown };
    if (res.status !== 200 || typeof token !== 'string')
      throw new ProviderError(`Issabel login answered HTTP ${res.status} without an access token`, undefined, res.status);
    // renewed once half its lifetime has passed, so a token seldom expires on the way
    return { token, ...(typeof lifetime === 'number' && lifetime > 0 ? { renewAt: Date.now() + lifetime * 500 } : {}) };
  }

  /**
   * One call; the body always goes as JSON with exactly `Content-Type: application/json`.
   * `applies`: the request applies the configuration, so it gets time, and is not sent
   * again when its answer is lost (the caller finds out what happened).
   */
  async call(method: string, path: string, opts: { json?: unknown; searchParams?: Record<string, string>; applies?: boolean } = {}): Promise<WireAnswer> {
    const res = await this.http(path, {
      method,
      searchParams: opts.searchParams,
      headers: opts.json !== undefined ? { 'Content-Type': 'application/json' } : {},
      body: opts.json !== undefined ? JSON.stringify(opts.json) : undefined,
      ...(opts.applies ? { timeout: APPLYING_TIMEOUT_MS, ...onceIfAnswerLost } : {}),
    });
    const body = parseBody(res.status, await res.text(), `${method} ${path}`);
    const expired = res.status === 200 && (body as { status?: unknown } | undefined)?.status === 'expired';
    if (res.status === 403 || expired)
      throw new ProviderError(`Issabel refused a fresh token (HTTP ${res.status}${expired ? ', expired' : ''}) for ${method} ${path}`, undefined, 403);
    return { status: res.status, body };
  }
}

function parseBody(status: number, text: string, what: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new ProviderError(`${what}: Issabel answered HTTP ${status} with something that is not JSON: "${snippet(text)}"`, undefined, status);
  }
}

/** The error envelope {"status":"fail","errors":[{status, source, detail}]} as one error. */
export function wireError(what: string, answer: WireAnswer): ProviderError {
  const errors = (answer.body as { errors?: { source?: string; detail?: string }[] } | undefined)?.errors;
  if (Array.isArray(errors) && errors.length) {
    const first = errors[0];
    const details = errors.map((e) => (e.source && e.source !== 'field' ? `${e.source}: ${e.detail}` : e.detail)).join('; ');
    return new ProviderError(`${what}: HTTP ${answer.status}: ${details}`, first.source, answer.status);
  }
  return new ProviderError(`${what}: HTTP ${answer.status}`, undefined, answer.status);
}

/** the rows of a collection GET; an answer without a results list is an error, never an empty list */
export async function listRows(client: IssabelClient, path: string, searchParams?: Record<string, string>): Promise<Record<string, unknown>[]> {
  const answer = await client.call('GET', path, { searchParams });
  const results = (answer.body as { results?: unknown } | undefined)?.results;
  if (answer.status !== 200) throw wireError(`reading ${path}`, answer);
  if (!Array.isArray(results)) throw new ProviderError(`reading ${path}: Issabel answered without a results list`);
  return results as Record<string, unknown>[];
}
