// The kit's light path for plain requests (the bulk of every plan's reads and of every
// apply's writes): undici's own `request` instead of ky over fetch, which costs about twice
// the client CPU a request (0.62–0.67 ms against 0.25–0.30 ms measured on 4,500 document reads of
// a 50,000-object plan; 1,000 SmartPBX writes: ~1 ms less each). Same rules as ky's path
// (http/ky-request.ts): the timeout bounds headers and body alike, the body is read whole up
// to the size cap, no redirect is followed, Ctrl-C aborts the try and any wait, the same
// retries (only for the methods the client retries: a create is never sent twice by this
// layer; statuses, lost answers, at most two more after a timeout, Retry-After, backoff with
// jitter, a 429 holding the whole client: pause.ts), the same token renewal (auth.ts: a
// refused token is renewed and the request sent again, whatever its method), the same
// messages and --debug lines.
import { STATUS_CODES } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Dispatcher } from 'undici';
import { cutOff, HeldAnswer, NULL_BODY, redirected, tooLarge, type Answer, type AnswerLimits } from './answer.ts';
import type { TokenTries, TryState } from './auth.ts';
import { LostAnswer, notAnsweredInTime, RefusedAnswer, unreachable, type Named } from './errors.ts';
import { rightAfterLogin, type RateLimitPause } from './pause.ts';
import { redactUrl } from './redact.ts';
import { TIMEOUT_RETRIES } from './retry.ts';
import { request } from './undici-parts.ts';

/** how the kit retries, as its ky options say (http.ts) */
export interface RetryRules {
  limit: number;
  methods: readonly string[];
  statuses: readonly number[];
  /** statuses whose Retry-After is waited, as ky does */
  afterStatuses: readonly number[];
  backoffLimit: number;
  maxRetryAfter: number;
}

export interface LightSettings extends AnswerLimits {
  /** the provider's URL, ending with / */
  prefix: string;
  timeoutMs: number;
  retry: RetryRules;
  auth?: TokenTries;
  /** the client's hold after a 429 (pause.ts) */
  pause: RateLimitPause;
  dispatcher?: Dispatcher;
  debug?: (line: string) => void;
  signal?: AbortSignal;
}

/** the options a plain request carries: anything else goes through ky */
export interface LightOptions {
  /** GET unless given */
  method?: string;
  /** sent as is on every try */
  body?: string;
  searchParams?: Record<string, string>;
  headers?: Record<string, string>;
  /** `shouldRetry` as ky calls it: false ends the request with this try's outcome */
  retry?: number | { limit?: number; methods?: string[]; shouldRetry?: (state: { error: Error; retryCount: number }) => boolean | undefined | Promise<boolean | undefined> };
  /** ms, instead of timeout_seconds */
  timeout?: number;
  context?: TryState;
}

/** a try whose answer did not come whole in time */
class TimedOut extends Error {
  override name = 'TimeoutError';
}

/** a retried status, as ky's error names it */
class RetriedStatus extends Error {
  override name = 'HTTPError';
  constructor(
    readonly response: Answer,
    shown: string,
  ) {
    super(`Request failed with status code ${`${response.status} ${STATUS_CODES[response.status] ?? ''}`.trim()}: ${shown}`);
  }
}

/** ky's backoff: 0.3 s doubled each try, jittered, at most `backoffLimit` */
const backoff = (retryCount: number, limit: number) => Math.min(limit, Math.random() * 0.3 * 2 ** (retryCount - 1) * 1000);

/** ms to wait as Retry-After says (seconds, a date, or a timestamp), at most `max` */
export function retryAfter(value: string, max: number): number {
  let after = Number(value) * 1000;
  if (Number.isNaN(after)) after = Date.parse(value) - Date.now();
  else if (after >= Date.parse('2024-01-01')) after -= Date.now();
  return after < max ? after : max;
}

/** a body left unread: its abort is no error for anyone to handle */
const discard = (res: Dispatcher.ResponseData) => res.body.on('error', () => undefined).destroy();

/**
 * The body's chunks to its end, refused (and discarded) once past `maxBytes`; its error, or
 * its close before the end, rejects. Read as it flows: an async iterator over the body costs
 * several listeners and promises per answer.
 */
function readWhole(res: Dispatcher.ResponseData, maxBytes: number, over: () => Error): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size <= maxBytes) return void chunks.push(chunk);
      res.body.off('data', onData);
      reject(over());
      discard(res);
    };
    res.body.on('data', onData);
    res.body.on('end', () => resolve(chunks));
    res.body.on('error', reject);
    // after 'end' the promise is settled: only a close before it counts
    res.body.on('close', () => reject(Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' })));
  });
}

export function lightRequest(s: LightSettings) {
  const maxBytes = s.maxMb * 2 ** 20;

  /** one try: the answer with its body read whole, or the reason there is none */
  async function once(target: Named, headers: Record<string, string>, sent: string | undefined, timeoutMs: number): Promise<HeldAnswer> {
    s.signal?.throwIfAborted();
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new TimedOut(`Request timed out: ${target.method} ${redactUrl(target.url)}`)), timeoutMs);
    const stop = () => controller.abort(s.signal!.reason);
    s.signal?.addEventListener('abort', stop, { once: true });
    try {
      let res: Dispatcher.ResponseData;
      try {
        res = await request(target.url, { method: target.method as Dispatcher.HttpMethod, headers, body: sent, signal: controller.signal, headersTimeout: 0, bodyTimeout: 0, ...(s.dispatcher ? { dispatcher: s.dispatcher } : {}) });
      } catch (err) {
        // after an abort, its reason: the timeout, or the run's cancel signal
        throw controller.signal.aborted ? controller.signal.reason : unreachable(target, err as { code?: string; message?: string });
      }
      const location = res.headers.location;
      if (res.statusCode >= 300 && res.statusCode < 400 && typeof location === 'string') {
        discard(res);
        throw redirected(s, target, res.statusCode, location);
      }
      const declared = Number(res.headers['content-length'] ?? 0);
      if (declared > maxBytes) {
        discard(res);
        throw tooLarge(s, target, `Content-Length ${declared} bytes`);
      }
      let chunks: Buffer[];
      try {
        chunks = await readWhole(res, maxBytes, () => tooLarge(s, target, 'counted while reading'));
      } catch (err) {
        if (controller.signal.aborted) throw controller.signal.reason;
        throw err instanceof RefusedAnswer ? err : cutOff(s, target, res.statusCode, err);
      }
      return new HeldAnswer(res.statusCode, res.headers, NULL_BODY.has(res.statusCode) ? null : Buffer.concat(chunks));
    } finally {
      clearTimeout(timer);
      s.signal?.removeEventListener('abort', stop);
    }
  }

  return async (path: string, options: LightOptions = {}): Promise<Answer> => {
    const method = (options.method ?? 'get').toUpperCase();
    const own = typeof options.retry === 'number' ? { limit: options.retry } : (options.retry ?? {});
    const limit = own.limit ?? s.retry.limit;
    const retried = (own.methods ?? s.retry.methods).includes(method.toLowerCase());
    const timeoutMs = options.timeout || s.timeoutMs;
    const url = new URL(s.prefix + path);
    if (options.searchParams) url.search = new URLSearchParams(options.searchParams).toString();
    const target: Named = { method, url: url.toString() };
    const shown = `${method} ${redactUrl(target.url)}`;
    // as fetch labels a string body that names no type
    const given: Record<string, string> = { ...(options.body !== undefined && !Object.keys(options.headers ?? {}).some((h) => h.toLowerCase() === 'content-type') ? { 'content-type': 'text/plain;charset=UTF-8' } : {}), ...options.headers };
    const state: TryState = { ...options.context };
    let timeouts = 0;
    const limited = s.pause.start();
    for (let retryCount = 0; ; ) {
      if (!rightAfterLogin(state, retryCount)) await s.pause.over();
      const headers = { ...given };
      const token = await s.auth?.header(state);
      if (token) headers[token[0]] = token[1];
      s.debug?.(`→ ${shown}`);
      let failure: Error;
      let wait: number;
      try {
        const response = await once(target, headers, options.body, timeoutMs);
        s.debug?.(`← ${response.status} ${shown}`);
        // the 429s waited out without counting (pause.ts) leave the token its tries
        if (s.auth && (await s.auth.renewed(state, response, retryCount, limit + limited.free))) {
          retryCount++;
          s.debug?.(`↻ retry ${retryCount} ${shown}: Forced retry: TOKEN_REFUSED`);
          continue;
        }
        if (!s.retry.statuses.includes(response.status)) {
          s.pause.progressed();
          return response;
        }
        failure = new RetriedStatus(response, shown);
        const after = response.headers.get('retry-after');
        wait = after && s.retry.afterStatuses.includes(response.status) ? retryAfter(after, s.retry.maxRetryAfter) : backoff(retryCount + 1, s.retry.backoffLimit);
        // the pause is the wait
        if (response.status === 429) {
          s.pause.limited(wait, limited);
          wait = 0;
        }
      } catch (err) {
        const timedOut = err instanceof TimedOut;
        // a refused answer, an untrusted certificate, Ctrl-C: trying again cannot help
        if (!timedOut && !(err instanceof LostAnswer && !(err as { tls?: boolean }).tls)) throw err;
        failure = err as Error;
        wait = backoff(retryCount + 1, s.retry.backoffLimit);
      }
      retryCount++;
      const timedOut = failure instanceof TimedOut;
      if (retryCount > limit + limited.free || !retried || (timedOut && ++timeouts > TIMEOUT_RETRIES) || (await own.shouldRetry?.({ error: failure, retryCount })) === false) {
        if (failure instanceof RetriedStatus) return failure.response;
        if (!timedOut) throw failure;
        throw notAnsweredInTime(s.vendor, target, timeoutMs, Boolean(options.timeout));
      }
      if (wait) await sleep(wait, undefined, s.signal ? { signal: s.signal } : {}).catch(() => s.signal!.throwIfAborted());
      s.debug?.(`↻ retry ${retryCount} ${shown}: ${failure.message}`);
    }
  };
}
