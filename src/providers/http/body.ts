// Retries a vendor asks for in the body of a 200 answer (VoipCenter's error codes), declared
// once per refusal: how long to wait before each further try (their number bounds the tries)
// and what to learn from the refusal first. Each try's request is built anew, so a signed
// request is signed again. These retries come on top of those for lost answers and 5xx,
// which keep their own limit.
import ky, { type AfterResponseHook, type BeforeRequestHook, type Options } from 'ky';

export interface BodyRetry {
  /** ms to wait before each further try; each is lengthened by up to a quarter (jitter) */
  waits: readonly number[];
  /** learns from the refusing answer before the next try (the server's clock) */
  learn?(response: Response): void;
}

export interface BodyPolicy<Code extends string = string> {
  retries: Record<Code, BodyRetry>;
  /** the retried refusal a 200 answer's body states, if any (the answer is a copy: read it) */
  refusal(response: Response): Code | undefined | Promise<Code | undefined>;
  /** the request each try sends, built from the call's `context` (a signed body signed anew) */
  prepare(request: Request, context: Record<string, unknown>): Request | Promise<Request>;
}

type ShouldRetry = NonNullable<Exclude<Options['retry'], number | undefined>['shouldRetry']>;

/** per call, in ky's context: the retries granted to each refusal */
interface Granted {
  byCode: Record<string, number>;
  total: number;
}
const GRANTED = 'bodyRetries';

/** ky hooks for a body policy, and the per-call options that give its retries their own room */
export function bodyHooks(policy: BodyPolicy, defaults: { limit: number; shouldRetry: ShouldRetry }) {
  const room = Object.values<BodyRetry>(policy.retries).reduce((n, r) => n + r.waits.length, 0);
  const beforeRequest: BeforeRequestHook = (request, options) => policy.prepare(request, options.context);
  const afterResponse: AfterResponseHook = async (_request, options, response) => {
    if (response.status !== 200) return;
    const code = await policy.refusal(response);
    if (code === undefined) return;
    const granted = options.context[GRANTED] as Granted;
    const retry = policy.retries[code];
    const n = granted.byCode[code] ?? 0;
    if (n >= retry.waits.length) return;
    granted.byCode[code] = n + 1;
    granted.total++;
    retry.learn?.(response);
    return ky.retry({ delay: retry.waits[n] * (1 + Math.random() / 4), code });
  };
  /** the call's own retry limit (or the default) bounds the other retries alone */
  const callOptions = (options: Options = {}): Options => {
    const own = typeof options.retry === 'number' ? { limit: options.retry } : options.retry;
    const limit = own?.limit ?? defaults.limit;
    const shouldRetry = own?.shouldRetry ?? defaults.shouldRetry;
    const granted: Granted = { byCode: {}, total: 0 };
    return {
      ...options,
      context: { ...options.context, [GRANTED]: granted },
      retry: { ...own, limit: limit + room, shouldRetry: (s) => (s.retryCount - granted.total > limit ? false : shouldRetry(s)) },
    };
  };
  return { beforeRequest, afterResponse, callOptions };
}
