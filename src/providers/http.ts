// One HTTP client setup for every provider: timeouts that bound the whole answer, a size
// cap, no redirects followed, retries with backoff and jitter (honouring Retry-After; a
// timed-out try is retried twice at most, http/retry.ts; a 429 holds every request, http/pause.ts) and those a 200 body asks for (http/body.ts),
// tokens renewed in one place, TLS verified unless the YAML says otherwise, --debug lines.
// A request goes through the Http function and comes back as its response, whatever the
// status, with its body already read; a request without a usable answer is an error
// naming the vendor and the request. Plain requests (a string body at most; of the per-call
// retry options only limit, methods and shouldRetry) take a lighter path to the same rules (http/light-request.ts:
// undici's request, not ky over fetch); ky (http/ky-request.ts) loads for the others only.
import { readFileSync } from 'node:fs';
import type { Options } from 'ky';
import { TokenTries, type TokenAuth } from './http/auth.ts';
import type { Answer } from './http/answer.ts';
import type { BodyPolicy } from './http/body.ts';
import { lightRequest, type LightOptions, type RetryRules } from './http/light-request.ts';
import { RateLimitPause } from './http/pause.ts';
import { Agent } from './http/undici-parts.ts';

export { answerLost, LostAnswer, NetworkError } from './http/errors.ts';
export type { Issued, TokenAuth } from './http/auth.ts';
export type { BodyPolicy, BodyRetry } from './http/body.ts';
export { createOnce, jitteredBackoff, retryAfterMs, type CreatePolicy } from './http/create.ts';
export { redactUrl } from './http/redact.ts';

/** the connection settings of every provider block in the YAML */
export interface ConnectionSettings {
  url: string;
  timeout_seconds?: number;
  /** answers larger than this many megabytes are refused (default 50) */
  max_answer_mb?: number;
  /** skip TLS certificate verification (an explicit choice in the YAML) */
  insecure?: boolean;
  /** PEM file with the certificate authority to trust */
  ca?: string;
}

export const DEFAULT_MAX_ANSWER_MB = 50;
const DEFAULT_TIMEOUT_SECONDS = 30;

export interface HttpOptions {
  /** product name for messages: "SmartPBX" */
  vendor: string;
  /** retries for idempotent requests */
  retries?: number;
  /** which methods may be retried; creates that are not idempotent are left out */
  retryMethods?: Exclude<Options['retry'], number | undefined>['methods'];
  /** the token every request carries but the logins (`context: { login: true }`) */
  auth?: TokenAuth;
  /** retries asked for in a 200 answer's body, and the request rebuilt for each try */
  body?: BodyPolicy;
  debug?: (line: string) => void;
  /** aborts every request in flight, and any retry, when it fires (Ctrl-C) */
  signal?: AbortSignal;
}

/** what a run hands a client: its --debug lines and its cancel signal */
export type RunContext = Pick<HttpOptions, 'debug' | 'signal'>;

/** one request: its response, whatever its status, with the body read */
export type { Answer };
export type Http = (path: string, options?: Options) => Promise<Answer>;

/** answers worth another try (for methods that may be repeated) */
export const RETRIED_STATUSES = [408, 429, 500, 502, 503, 504];

/** the start of a body that could not be understood, on one line, for error messages */
export const snippet = (text: string) => text.replace(/\s+/g, ' ').trim().slice(0, 80);

/**
 * Request options for a write that must not be sent twice when its answer is lost (the
 * server may have acted): answered errors are still retried, lost answers are left to the caller.
 */
export const onceIfAnswerLost: Options = {
  retry: { shouldRetry: ({ error }) => (error.name === 'HTTPError' ? undefined : false) },
};

/** the options of a request that the light path takes (http/light-request.ts): anything else goes through ky */
function plain(o: Options = {}): o is LightOptions & Options {
  const { method, body, searchParams, headers, retry, timeout, context, ...rest } = o;
  const record = (v: unknown) => v === undefined || (typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype);
  return (
    (method === undefined || typeof method === 'string') &&
    (body === undefined || typeof body === 'string') &&
    Object.values(rest).every((v) => v === undefined) &&
    record(searchParams) &&
    Object.values(searchParams ?? {}).every((v) => typeof v === 'string') &&
    record(headers) &&
    (typeof retry !== 'object' || Object.keys(retry).every((k) => k === 'limit' || k === 'methods' || k === 'shouldRetry')) &&
    (timeout === undefined || typeof timeout === 'number') &&
    record(context)
  );
}

export function createHttp(c: ConnectionSettings, s: HttpOptions): Http {
  const tls = c.insecure || c.ca;
  const dispatcher = tls
    ? new Agent({ connect: { rejectUnauthorized: !c.insecure, ...(c.ca ? { ca: readFileSync(c.ca, 'utf8') } : {}) } })
    : undefined;
  const tokens = s.auth && new TokenTries(s.auth);
  const rules: RetryRules = {
    limit: s.retries ?? 5,
    methods: s.retryMethods ?? ['get', 'put', 'head', 'delete'],
    statuses: RETRIED_STATUSES,
    afterStatuses: [413, 429, 503],
    backoffLimit: 10_000,
    // a Retry-After beyond this is cut to it
    maxRetryAfter: 30_000,
  };
  const pause = new RateLimitPause(s.signal);
  const timeoutSeconds = c.timeout_seconds ?? DEFAULT_TIMEOUT_SECONDS;
  const limits = { vendor: s.vendor, maxMb: c.max_answer_mb ?? DEFAULT_MAX_ANSWER_MB };
  // a body policy rebuilds each try's body: its requests stay on ky's path
  const light = s.body
    ? undefined
    : lightRequest({ ...limits, prefix: c.url.endsWith('/') ? c.url : `${c.url}/`, timeoutMs: timeoutSeconds * 1000, retry: rules, pause, ...(tokens ? { auth: tokens } : {}), ...(dispatcher ? { dispatcher } : {}), debug: s.debug, signal: s.signal });
  let heavy: Promise<Http> | undefined;
  const kyPath = () =>
    (heavy ??= import('./http/ky-request.ts').then(({ kyRequest }) =>
      kyRequest({ url: c.url, timeoutSeconds, limits, rules, pause, ...(tokens ? { tokens } : {}), ...(dispatcher ? { dispatcher } : {}) }, s),
    ));
  return async (path, options) => (light && plain(options) ? light(path, options) : (await kyPath())(path, options));
}
