// The kit's ky path, for the requests the light path does not take (light-request.ts: a body
// rebuilt on each try, `json:`, ky's own options): ky over fetch with the kit's hooks. Loaded on
// the first such request (http.ts), so a run whose requests are all plain loads neither ky nor
// Node's fetch.
import ky, { HTTPError, isTimeoutError, type AfterResponseHook, type BeforeRequestHook, type Hooks, type Options } from 'ky';
import type { Dispatcher } from 'undici';
import type { Http, HttpOptions } from '../http.ts';
import { readingFetch, type AnswerLimits } from './answer.ts';
import type { TokenTries, TryState } from './auth.ts';
import { bodyHooks, bodyRoom } from './body.ts';
import { LostAnswer, NetworkError, notAnsweredInTime } from './errors.ts';
import { retryAfter, type RetryRules } from './light-request.ts';
import { RATE_LIMITED_FREE, rightAfterLogin, type RateLimitPause } from './pause.ts';
import { redactUrl } from './redact.ts';
import { callRetries, triesOf } from './retry.ts';

/** the ky path's settings, from the client's (http.ts) */
export interface KitSettings {
  url: string;
  timeoutSeconds: number;
  limits: AnswerLimits;
  rules: RetryRules;
  pause: RateLimitPause;
  tokens?: TokenTries;
  dispatcher?: Dispatcher;
}

/** ky hooks that put the current token on every try and log in again when it is refused */
export function tokenHooks(tries: TokenTries): { beforeRequest: BeforeRequestHook; afterResponse: AfterResponseHook } {
  return {
    async beforeRequest(request, options) {
      const header = await tries.header(options.context as TryState);
      if (header) request.headers.set(...header);
    },
    async afterResponse(_request, options, response, { retryCount }) {
      // the room ky is given for 429s (retry.ts) is the token's only for the 429s this call waited out
      const limit = options.retry.limit! - RATE_LIMITED_FREE + triesOf(options.context).limited.free;
      if (await tries.renewed(options.context as TryState, response, retryCount, limit)) return ky.retry({ delay: 0, code: 'TOKEN_REFUSED' });
    },
  };
}

/** lost answers and retried statuses may be tried again; not an untrusted certificate, a refused answer or a refused login */
const retriable = (error: Error) =>
  (error instanceof LostAnswer && !(error instanceof NetworkError && error.tls)) || isTimeoutError(error) || error instanceof HTTPError;

export function kyRequest(k: KitSettings, s: HttpOptions): Http {
  const { rules, pause } = k;
  const auth = k.tokens && tokenHooks(k.tokens);
  const body = s.body && bodyHooks(s.body);
  const perCall = callRetries({ limit: rules.limit, shouldRetry: ({ error }) => (retriable(error) ? undefined : false) }, s.body ? bodyRoom(s.body) : 0, pause);
  const hooks: Hooks = {
    // the body's hook comes last: a hook that returns a new request ends the list
    beforeRequest: [(_req, o, { retryCount }) => (rightAfterLogin(o.context as TryState, retryCount) ? undefined : pause.over()), ...(auth ? [auth.beforeRequest] : []), (req) => s.debug?.(`→ ${req.method} ${redactUrl(req.url)}`), ...(body ? [body.beforeRequest] : [])],
    afterResponse: [
      (req, o, res) => {
        s.debug?.(`← ${res.status} ${req.method} ${redactUrl(req.url)}`);
        const after = res.headers.get('retry-after');
        if (res.status === 429) pause.limited(after ? retryAfter(after, rules.maxRetryAfter) : 0, triesOf(o.context).limited);
        else if (!rules.statuses.includes(res.status)) pause.progressed();
      },
      ...(auth ? [auth.afterResponse] : []),
      ...(body ? [body.afterResponse] : []),
    ],
    beforeRetry: [({ request, retryCount, error }) => s.debug?.(`↻ retry ${retryCount} ${request.method} ${redactUrl(request.url)}: ${error.message}`)],
  };
  const instance = ky.create({
    prefixUrl: k.url,
    timeout: k.timeoutSeconds * 1000,
    throwHttpErrors: (status: number) => rules.statuses.includes(status),
    retry: {
      methods: rules.methods,
      statusCodes: rules.statuses,
      afterStatusCodes: rules.afterStatuses,
      backoffLimit: rules.backoffLimit,
      jitter: true,
      // an answer past the timeout never came: the request is repeated, at most twice (retry.ts)
      retryOnTimeout: true,
      maxRetryAfter: rules.maxRetryAfter,
    },
    fetch: readingFetch(k.limits),
    hooks,
    ...(s.signal ? { signal: s.signal } : {}),
    ...(k.dispatcher ? { dispatcher: k.dispatcher } : {}),
  } as Options);
  return async (path, options) => {
    try {
      return await instance(path, perCall(options));
    } catch (err) {
      // retried statuses are thrown inside ky so that it retries them; the last answer comes back here
      if (err instanceof HTTPError) return err.response;
      if (isTimeoutError(err)) throw notAnsweredInTime(s.vendor, err.request, options?.timeout || k.timeoutSeconds * 1000, Boolean(options?.timeout));
      throw err;
    }
  };
}
