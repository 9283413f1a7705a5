// Crossbar v2 over HTTP: the {"data": ...} envelope, X-Auth-Token on every request (the
// HTTP kit logs in again on a 401), listings read whole (paginate=false), paged after a 416. GET, PATCH
// and DELETE are retried on 429/5xx and lost connections; PUT (create) never is here: a
// lost create is settled by the session, which sends an id of its own and reads it back.
import type { Options } from 'ky';
import { ProviderError } from '../../engine/provider.ts';
import { answerLost, createHttp, snippet, type Answer, type Http, type Issued, type RunContext } from '../http.ts';
import { checkAuthSettings, loginOf, type KazooSettings } from './auth.ts';

export interface Envelope {
  status?: string;
  message?: string;
  error?: string;
  data?: unknown;
  auth_token?: string;
  next_start_key?: string;
}

export interface WireAnswer {
  status: number;
  body: Envelope;
  headers: Headers;
}

export type Row = Record<string, unknown>;

/** The request went out but no answer came back: the server may or may not have acted. */
export class NoAnswer extends ProviderError {}

interface SendOptions {
  data?: unknown;
  searchParams?: Record<string, string>;
  retry?: Options['retry'];
  /** a login: sent without a token */
  login?: boolean;
}

/** the first page size tried once the whole listing was refused, and the smallest (Crossbar's default) */
export const LARGEST_PAGE = 5000;
const SMALLEST_PAGE = 50;

export class KazooClient {
  private readonly http: Http;
  /** rows per page when a listing must be paged: the largest the server took so far */
  private pageSize = LARGEST_PAGE;

  constructor(
    private readonly settings: KazooSettings,
    run: RunContext = {},
  ) {
    checkAuthSettings(settings);
    this.http = createHttp(settings, {
      vendor: 'SmartPBX',
      retryMethods: ['get', 'head', 'patch', 'delete'],
      ...run,
      auth: {
        header: (token) => ['X-Auth-Token', token],
        refuses: (res) => res.status === 401,
        login: () => this.login(),
        initial: settings.auth_token,
      },
    });
  }

  /** path under /v2/accounts/{account_id}/ */
  account(path = ''): string {
    return `accounts/${this.settings.account_id}${path ? `/${path}` : ''}`;
  }

  private async login(): Promise<Issued> {
    const login = loginOf(this.settings);
    if (!login) {
      throw new ProviderError('SmartPBX refused the auth_token (HTTP 401; expired?): give a fresh one, or username/password/account_name or an api_key so pbxctl can log in itself', undefined, 401);
    }
    // a login only issues a token: safe to send again when its answer is lost
    const answer = await this.send('PUT', login.path, { data: login.data, login: true, retry: { methods: ['put'] } });
    const token = answer.body.auth_token;
    if (answer.status === 401 || (login.path === 'api_auth' && answer.status === 404)) throw new ProviderError(login.refused, undefined, answer.status);
    if (answer.status !== 201 || typeof token !== 'string' || token === '') throw wireError(`logging in (${login.path})`, answer);
    return { token };
  }

  async call(method: string, path: string, opts: { data?: unknown; searchParams?: Record<string, string> } = {}): Promise<WireAnswer> {
    const answer = await this.send(method, path, opts);
    if (answer.status === 401) throw new ProviderError(`SmartPBX refused a fresh token (HTTP 401) for ${method} ${path}`, undefined, 401);
    return answer;
  }

  private async send(method: string, path: string, opts: SendOptions): Promise<WireAnswer> {
    let res: Answer;
    try {
      res = await this.http(path, {
        method,
        searchParams: opts.searchParams,
        headers: opts.data !== undefined ? { 'Content-Type': 'application/json' } : {},
        body: opts.data !== undefined ? JSON.stringify({ data: opts.data }) : undefined,
        ...(opts.retry ? { retry: opts.retry } : {}),
        ...(opts.login ? { context: { login: true } } : {}),
      });
    } catch (err) {
      if (!answerLost(err)) throw err;
      throw new NoAnswer(`${method} ${path}: no answer from SmartPBX (${(err as Error).message})`);
    }
    const answer = res;
    return {
      status: res.status,
      body: parseBody(await res.text()),
      // read only to wait out a 429: a light-path answer builds its Headers when asked
      get headers() {
        return answer.headers;
      },
    };
  }

  /**
   * Every row of a listing in as few requests as the server allows: all at once
   * (paginate=false); refused as too large (416), page after page, each as large as the
   * server takes (halved after a 416, and remembered for the session's other listings).
   */
  async list(path: string, searchParams: Record<string, string> = {}): Promise<Row[]> {
    const rows: Row[] = [];
    let paged = false;
    let start: string | undefined;
    for (;;) {
      const size = this.pageSize;
      const query = paged ? { ...searchParams, page_size: String(size), ...(start ? { start_key: start } : {}) } : { ...searchParams, paginate: 'false' };
      const answer = await this.call('GET', path, { searchParams: query });
      if (answer.status === 416 && (!paged || size > SMALLEST_PAGE)) {
        if (paged) this.pageSize = Math.min(this.pageSize, Math.max(SMALLEST_PAGE, Math.floor(size / 2)));
        paged = true;
        continue;
      }
      if (answer.status === 200 && !answer.body.message && !Array.isArray(answer.body.data))
        throw new ProviderError(`listing ${path}: SmartPBX answered HTTP 200 without a data list`, undefined, 200);
      if (answer.status !== 200 || !Array.isArray(answer.body.data)) throw wireError(`listing ${path}`, answer);
      rows.push(...(answer.body.data as Row[]));
      start = answer.body.next_start_key;
      if (!start) return rows;
      paged = true; // a server that pages anyway is followed to the end
    }
  }

  /** one document by id */
  async get(path: string): Promise<Row> {
    const answer = await this.call('GET', path);
    if (answer.status === 200 && !answer.body.message && (typeof answer.body.data !== 'object' || answer.body.data === null))
      throw new ProviderError(`reading ${path}: SmartPBX answered HTTP 200 without a data document`, undefined, 200);
    if (answer.status !== 200 || typeof answer.body.data !== 'object' || answer.body.data === null) throw wireError(`reading ${path}`, answer);
    return answer.body.data as Row;
  }
}

function parseBody(text: string): Envelope {
  if (!text) return {};
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Envelope) : {};
  } catch {
    // an error page from a proxy is read for its words; anything else is quoted
    const page = /^\s*</.test(text) ? snippet(text.replace(/<[^>]*>/g, ' ')) : `answered with something that is not JSON: "${snippet(text)}"`;
    return { message: page };
  }
}

/**
 * An error answer as one ProviderError. A 400 validation error lists every field as
 * `<field>: <message> (<cause>)`; `fieldOf` turns a wire path into the model's, and the
 * first field becomes the error's field so it can be placed in the YAML.
 */
export function wireError(what: string, answer: WireAnswer, fieldOf: (wire: string) => string = (w) => w): ProviderError {
  const { status, body } = answer;
  if (status === 400 && body.message === 'validation error' && isObject(body.data)) {
    const problems = Object.entries(body.data).flatMap(([wire, codes]) =>
      Object.values(isObject(codes) ? codes : {}).map((d) => {
        const detail = isObject(d) ? d : {};
        const cause = typeof detail.cause === 'string' ? ` (${detail.cause})` : '';
        return { field: fieldOf(wire.replace(/%2E/g, '.')), text: `${String(detail.message ?? 'invalid')}${cause}` };
      }),
    );
    if (problems.length) {
      const text = problems.map((p) => `${p.field}: ${p.text}`).join('; ');
      return new ProviderError(`${what}: ${text}`, problems[0].field, status);
    }
  }
  const detail = isObject(body.data) && typeof body.data.message === 'string' ? body.data.message : undefined;
  const reason = [body.message, detail !== body.message ? detail : undefined].filter(Boolean).join(': ');
  if (status === 429) return new ProviderError(`${what}: SmartPBX kept answering 429 (rate limited)`, undefined, status);
  const hint = status === 404 ? ' (not found on SmartPBX: deleted meanwhile?)' : '';
  return new ProviderError(`${what}: HTTP ${status}${reason ? ` ${reason}` : ''}${hint}`, undefined, status);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
