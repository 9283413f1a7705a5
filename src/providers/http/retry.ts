// How many times one request is tried, counted per call:
// - a lost answer or a retried status: up to the request's own limit (5 unless it says otherwise);
// - a try whose answer did not come whole within the timeout: tried twice more at most, a third
//   timeout ends the request (a server that trickles or never answers is not waited on `limit`
//   times over, while one slow answer on a flaky network still gets another chance);
// - a refusal a body policy retries (body.ts): its own count of waits, on top of the rest;
// - a 429 waited out while the client made progress (pause.ts): not counted, RATE_LIMITED_FREE at most.
import type { Options } from 'ky';
import { RATE_LIMITED_FREE, type RateLimited, type RateLimitPause } from './pause.ts';

type RetryOptions = Exclude<Options['retry'], number | undefined>;
export type ShouldRetry = NonNullable<RetryOptions['shouldRetry']>;

/** one call's tries so far, kept in ky's context */
export interface Tries {
  timeouts: number;
  /** body-policy retries granted, per refusal */
  granted: Record<string, number>;
  /** its 429s (pause.ts) */
  limited: RateLimited;
}

export const TRIES = 'tries';

/** retries after a timed-out try */
export const TIMEOUT_RETRIES = 2;

export const triesOf = (context: Record<string, unknown>) => context[TRIES] as Tries;

const grantedTotal = (tries: Tries) => Object.values(tries.granted).reduce((n, k) => n + k, 0);

/** the per-call options that count a call's tries: `room` is the most a body policy can grant */
export function callRetries(defaults: { limit: number; shouldRetry: ShouldRetry }, room: number, pause: RateLimitPause) {
  return (options: Options = {}): Options => {
    const own = typeof options.retry === 'number' ? { limit: options.retry } : options.retry;
    const limit = own?.limit ?? defaults.limit;
    const shouldRetry = own?.shouldRetry ?? defaults.shouldRetry;
    const tries: Tries = { timeouts: 0, granted: {}, limited: pause.start() };
    return {
      ...options,
      context: { ...options.context, [TRIES]: tries },
      retry: {
        ...own,
        limit: limit + room + RATE_LIMITED_FREE,
        shouldRetry: (state) => {
          if (state.retryCount - grantedTotal(tries) - tries.limited.free > limit) return false;
          // ky's isTimeoutError, by name: this file loads without ky (the light path counts with it)
          if (state.error.name === 'TimeoutError' && ++tries.timeouts > TIMEOUT_RETRIES) return false;
          return shouldRetry(state);
        },
      },
    };
  };
}
