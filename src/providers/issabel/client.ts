// Issabel /pbxapi over HTTP: JWT login kept in memory, re-login once when the server
// says the token expired (HTTP 200 {"status": "expired"}) or refuses it (403).
import type { KyInstance } from 'ky';
import { ProviderError } from '../../engine/provider.ts';
import { answerOf, bodyText, createHttp, onceIfAnswerLost, snippet } from '../http.ts';

export interface IssabelSettings {
  url: string;
  username?: string;
  password: string;
  insecure?: boolean;
  ca?: string;
  timeout_seconds?: number;
}

export interface WireAnswer {
  status: number;
  body: unknown;
}

/** An apply of the configuration runs inside the request and can take a while. */
const APPLYING_TIMEOUT_MS = 120_000;

export class IssabelClient {
  private readonly http: KyInstance;
  private token?: Promise<string>;

  constructor(
    private readonly settings: IssabelSettings,
    debug?: (line: string) => void,
  ) {
    this.http = createHttp(settings, { debug });
  }

  private async login(): Promise<string> {
    const res = await answerOf(
      // a login changes nothing on the server: repeated like a read
      this.http.post('authenticate', { json: { user: this.settings.username ?? 'admin', password: this.settings.password }, retry: { methods: ['post'] } }),
    );
    if (res.status === 403)
      throw new ProviderError(`Issabel refused the login of user '${this.settings.username ?? 'admin'}': wrong username or password`, undefined, 403);
    const body = await parseBody(res, 'POST authenticate');
    const token = (body as { access_token?: unknown })?.access_token;
    if (res.status !== 200 || typeof token !== 'string')
      throw new ProviderError(`Issabel login answered HTTP ${res.status} without an access token`, undefined, res.status);
    return token;
  }

  private freshToken(): Promise<string> {
    this.token = this.login();
    this.token.catch(() => (this.token = undefined));
    return this.token;
  }

  /**
   * One call; the body always goes as JSON with exactly `Content-Type: application/json`.
   * `applies`: the request applies the configuration, so it gets time, and is not sent
   * again when its answer is lost (the caller finds out what happened).
   */
  async call(method: string, path: string, opts: { json?: unknown; searchParams?: Record<string, string>; applies?: boolean } = {}): Promise<WireAnswer> {
    let relogged = false;
    let current = this.token ?? this.freshToken();
    let token = await current;
    for (;;) {
      const res = await answerOf(
        this.http(path, {
          method,
          searchParams: opts.searchParams,
          headers: { Authorization: `Bearer ${token}`, ...(opts.json !== undefined ? { 'Content-Type': 'application/json' } : {}) },
          body: opts.json !== undefined ? JSON.stringify(opts.json) : undefined,
          ...(opts.applies ? { timeout: APPLYING_TIMEOUT_MS, ...onceIfAnswerLost } : {}),
        }),
      );
      const body = await parseBody(res, `${method} ${path}`);
      const expired = res.status === 200 && (body as { status?: unknown } | undefined)?.status === 'expired';
      if (res.status === 403 || expired) {
        if (relogged)
          throw new ProviderError(`Issabel refused a fresh token (HTTP ${res.status}${expired ? ', expired' : ''}) for ${method} ${path}`, undefined, 403);
        relogged = true;
        // a request running alongside may have logged in again already
        current = this.token && this.token !== current ? this.token : this.freshToken();
        token = await current;
        continue;
      }
      return { status: res.status, body };
    }
  }
}

async function parseBody(res: Response, what: string): Promise<unknown> {
  const text = await bodyText(res, what);
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new ProviderError(`${what}: Issabel answered HTTP ${res.status} with something that is not JSON: "${snippet(text)}"`, undefined, res.status);
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
