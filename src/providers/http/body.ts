// Retries a vendor asks for in the body of a 200 answer (VoipCenter's error codes), declared
// once per refusal: how long to wait before each further try (their number bounds the tries)
// and what to learn from the refusal first. Each try's body is built when it is sent, so a
// signed request is signed again; the count of these retries is kept with the others (retry.ts).
import ky, { type AfterResponseHook, type BeforeRequestHook } from 'ky';
import { triesOf } from './retry.ts';

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
  /** the body each try sends, built from the call's `context` (a signed body signed anew) */
  body(context: Record<string, unknown>): BodyInit;
}

/** the most retries a policy grants one call */
export const bodyRoom = (policy: BodyPolicy) => Object.values<BodyRetry>(policy.retries).reduce((n, r) => n + r.waits.length, 0);

/**
 * undici makes a request's signal follow the signal of the request it was built from through a
 * weak reference that only the older request holds. Were ky's request collected, its timeout and
 * Ctrl-C would no longer reach the rebuilt one, and an endless body would be read forever: each
 * rebuilt request keeps the one it was built from. (Giving it ky's `options.signal` instead is
 * no cure: on the try after a timeout, ky 1.14 still hands the hooks the aborted one.)
 */
const builtFrom = new WeakMap<Request, Request>();

/** ky hooks for a body policy */
export function bodyHooks(policy: BodyPolicy) {
  const beforeRequest: BeforeRequestHook = (request, options) => {
    const rebuilt = new Request(request, { body: policy.body(options.context) });
    builtFrom.set(rebuilt, request);
    return rebuilt;
  };
  const afterResponse: AfterResponseHook = async (_request, options, response) => {
    if (response.status !== 200) return;
    const code = await policy.refusal(response);
    if (code === undefined) return;
    const { granted } = triesOf(options.context);
    const retry = policy.retries[code];
    const n = granted[code] ?? 0;
    if (n >= retry.waits.length) return;
    granted[code] = n + 1;
    retry.learn?.(response);
    return ky.retry({ delay: retry.waits[n] * (1 + Math.random() / 4), code });
  };
  return { beforeRequest, afterResponse };
}
