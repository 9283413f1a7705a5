// One HTTP client setup for every provider: timeouts, retries with backoff and jitter
// (honouring Retry-After), TLS verified unless the YAML says otherwise, --debug lines.
// Send every request through answerOf() to get its response whatever the status.
// A request that gets no answer fails with a message saying why (refused, unknown host,
// TLS certificate not trusted) instead of undici's bare "fetch failed".
import { readFileSync } from 'node:fs';
import ky, { HTTPError, type KyInstance, type Options, type ResponsePromise } from 'ky';
import { Agent } from 'undici';
import { ProviderError } from '../engine/provider.ts';

/** the connection settings of every provider block in the YAML */
export interface ConnectionSettings {
  url: string;
  timeout_seconds?: number;
  /** skip TLS certificate verification (an explicit choice in the YAML) */
  insecure?: boolean;
  /** PEM file with the certificate authority to trust */
  ca?: string;
}

export interface HttpOptions {
  /** retries for idempotent requests */
  retries?: number;
  /** which methods may be retried; creates that are not idempotent are left out */
  retryMethods?: Exclude<Options['retry'], number | undefined>['methods'];
  debug?: (line: string) => void;
}

/** answers worth another try (for methods that may be repeated) */
export const RETRIED_STATUSES = [408, 429, 500, 502, 503, 504];

/**
 * The response, whatever its status. Retried statuses are thrown inside ky so that it
 * retries them; once the tries are spent, the last answer comes back here.
 */
export async function answerOf(request: ResponsePromise): Promise<Response> {
  try {
    return await request;
  } catch (err) {
    if (err instanceof HTTPError) return err.response;
    throw err;
  }
}

/** TLS verification failures: retrying them cannot help, the user must act */
const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  ECONNRESET: 'connection reset before an answer came',
  UND_ERR_SOCKET: 'connection closed before an answer came',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EPROTO: 'TLS handshake failed (is the URL https on a plain HTTP server?)',
};

/** A request that got no answer; `tls` when the server's certificate was not trusted. */
export class NetworkError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly tls: boolean,
  ) {
    super(message);
    this.name = 'NetworkError';
  }
}

function networkError(request: Request, err: unknown): unknown {
  if (!(err instanceof TypeError)) return err; // aborts and timeouts keep their own meaning
  const cause = err.cause as { code?: string; message?: string } | undefined;
  const code = cause?.code;
  const tls = Boolean(code && TLS_CODES.has(code));
  const { origin } = new URL(request.url);
  const reason = tls
    ? `TLS certificate not trusted (${code}): give its certificate authority with \`ca: FILE.pem\`, or \`insecure: true\` to skip verification`
    : (code && NETWORK_REASONS[code]) || cause?.message || err.message;
  return new NetworkError(`cannot reach ${origin}: ${reason}`, code, tls);
}

/** the body as text; a body cut off mid-way is an error saying so, for the request `what` */
export async function bodyText(res: Response, what: string): Promise<string> {
  try {
    return await res.text();
  } catch (err) {
    throw new ProviderError(`${what}: the answer (HTTP ${res.status}) was cut off before its end (${err instanceof Error ? err.message : String(err)})`, undefined, res.status);
  }
}

/** the start of a body that could not be understood, on one line, for error messages */
export const snippet = (text: string) => text.replace(/\s+/g, ' ').trim().slice(0, 80);

/** query values that look like credentials, hidden in --debug lines */
const SECRET_PARAM = /pass|pwd|key|token|secret|auth|sig|hash|pin/i;

export function redactUrl(url: string): string {
  const u = new URL(url);
  let hidden = false;
  for (const name of [...u.searchParams.keys()])
    if (SECRET_PARAM.test(name)) {
      u.searchParams.set(name, '***');
      hidden = true;
    }
  if (u.password) {
    u.password = '***';
    hidden = true;
  }
  return hidden ? u.toString() : url;
}

/** true for a request that got no answer at all (lost connection, timeout): the server may have acted */
export const answerLost = (err: unknown): boolean =>
  err instanceof NetworkError || (err instanceof Error && err.name === 'TimeoutError');

/**
 * Request options for a write that must not be sent twice when its answer is lost (the
 * server may have acted): answered errors are still retried, lost answers are left to the caller.
 */
export const onceIfAnswerLost: Options = {
  retry: { shouldRetry: ({ error }) => (answerLost(error) ? false : undefined) },
};

export function createHttp(c: ConnectionSettings, s: HttpOptions = {}): KyInstance {
  const tls = c.insecure || c.ca;
  const dispatcher = tls
    ? new Agent({ connect: { rejectUnauthorized: !c.insecure, ...(c.ca ? { ca: readFileSync(c.ca, 'utf8') } : {}) } })
    : undefined;
  return ky.create({
    prefixUrl: c.url,
    timeout: (c.timeout_seconds ?? 30) * 1000,
    throwHttpErrors: (status: number) => RETRIED_STATUSES.includes(status),
    retry: {
      limit: s.retries ?? 5,
      methods: s.retryMethods ?? ['get', 'put', 'head', 'delete'],
      statusCodes: RETRIED_STATUSES,
      backoffLimit: 10_000,
      jitter: true,
      // an answer past the timeout never came: the request is repeated like any other lost one
      retryOnTimeout: true,
      // a Retry-After beyond this is not waited for: the request fails and the run ends
      maxRetryAfter: 30_000,
      shouldRetry: ({ error }) => (error instanceof NetworkError && error.tls ? false : undefined),
    },
    fetch: async (input: Request, init?: RequestInit) => {
      try {
        return await fetch(input, init);
      } catch (err) {
        throw networkError(input, err);
      }
    },
    hooks: {
      beforeRequest: [(req) => s.debug?.(`→ ${req.method} ${redactUrl(req.url)}`)],
      afterResponse: [(req, _o, res) => s.debug?.(`← ${res.status} ${req.method} ${redactUrl(req.url)}`)],
      beforeRetry: [
        ({ request, retryCount, error }) => {
          // ky leaves a retried answer's body unread, tied to the abort signal the next try
          // shares: that try's timeout would then error it where no one listens (an
          // unhandled AbortError). Cancelled here, the answer is let go.
          if (error instanceof HTTPError) void error.response.body?.cancel().catch(() => undefined);
          s.debug?.(`↻ retry ${retryCount} ${request.method} ${redactUrl(request.url)}: ${error.message}`);
        },
      ],
    },
    ...(dispatcher ? { dispatcher } : {}),
  } as Options);
}
