// TEL4VN billing API over HTTP: username + password give the api_key (POST /v1/auth),
// the api_key gives a bearer token (POST /v1/auth/token) that the HTTP kit renews before
// it expires, and once more when the server refuses it.
import { ProviderError } from '../../engine/provider.ts';
import { createHttp, snippet, type ConnectionSettings, type Http, type RunContext } from '../http.ts';

export interface Tel4vnSettings extends ConnectionSettings {
  username?: string;
  password?: string;
  api_key?: string;
  page_size?: number;
}

/** a wire call log entry (the document's shape) */
export interface WireCall {
  amount: number;
  destination: string;
  duration: number;
  end_time: string;
  source: string;
  start_time: string;
}

export interface CallLogPage {
  data: WireCall[];
  limit: number;
  offset: number;
  total: number;
}

/** renew this long before expire_at, so a token never dies in flight */
const RENEW_MARGIN_SECONDS = 60;

export class Tel4vnClient {
  private readonly http: Http;
  private apiKey?: string;

  constructor(
    private readonly settings: Tel4vnSettings,
    run: RunContext = {},
  ) {
    // signing in changes nothing on the server, so its POSTs may be repeated too
    this.http = createHttp(settings, {
      vendor: 'TEL4VN',
      retryMethods: ['get', 'post'],
      ...run,
      auth: {
        header: (token) => ['Authorization', `Bearer ${token}`],
        refuses: (res) => res.status === 401,
        login: async () => {
          const { token, expireAt } = await this.grant();
          return { token, renewAt: (expireAt - RENEW_MARGIN_SECONDS) * 1000 };
        },
      },
    });
  }

  private async post(path: string, json: unknown, what: string): Promise<Record<string, unknown>> {
    const res = await this.http(path, { method: 'post', json, context: { login: true } });
    const body = parseBody(res.status, await res.text(), what);
    if (res.status !== 200) throw failure(what, res.status, body);
    const data = (body as { data?: unknown } | undefined)?.data;
    if (!data || typeof data !== 'object') throw new ProviderError(`${what}: TEL4VN answered without data`, undefined, res.status);
    return data as Record<string, unknown>;
  }

  private async key(): Promise<string> {
    const { username, password, api_key } = this.settings;
    // username and password win: the sandbox supplies them over a key in the YAML
    if (username && password) {
      this.apiKey ??= String((await this.post('v1/auth', { username, password }, `logging in as ${username}`)).api_key ?? '');
      if (!this.apiKey) throw new ProviderError(`logging in as ${username}: TEL4VN answered without an api_key`);
      return this.apiKey;
    }
    if (api_key) return api_key;
    throw new ProviderError('TEL4VN needs username and password, or api_key');
  }

  /** a new API token and its expiry (unix seconds) */
  private async grant(): Promise<{ token: string; expireAt: number }> {
    const data = await this.post('v1/auth/token', { api_key: await this.key() }, 'getting an API token');
    if (typeof data.token !== 'string') throw new ProviderError('getting an API token: TEL4VN answered without a token');
    return { token: data.token, expireAt: Number(data.expire_at) || Date.now() / 1000 + 3600 };
  }

  /** a fresh token's expiry, proof that the credentials work */
  async tokenExpiry(): Promise<Date> {
    return new Date((await this.grant()).expireAt * 1000);
  }

  async callLog(query: Record<string, string>): Promise<CallLogPage> {
    const what = `reading call logs from ${query.start_date} to ${query.end_date}`;
    const res = await this.http('v1/call/log', { searchParams: query });
    const body = parseBody(res.status, await res.text(), what);
    if (res.status !== 200) throw failure(what, res.status, body);
    const page = body as Partial<CallLogPage>;
    if (!Array.isArray(page.data) || typeof page.total !== 'number') throw new ProviderError(`${what}: TEL4VN answered without data and total`);
    return page as CallLogPage;
  }
}

function parseBody(status: number, text: string, what: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new ProviderError(`${what}: TEL4VN answered HTTP ${status} with something that is not JSON: "${snippet(text)}"`, undefined, status);
  }
}

function failure(what: string, status: number, body: unknown): ProviderError {
  const error = (body as { error?: unknown } | undefined)?.error;
  return new ProviderError(`${what}: TEL4VN answered HTTP ${status}${typeof error === 'string' ? `: ${error}` : ''}`, undefined, status);
}
