// A create that must never be made twice. Its request is not repeated by the HTTP layer (the
// server may have acted on a try whose answer was lost), so it is tried again here: after a
// lost answer or an answer worth another try, with a wait between tries. A try that may have
// created the object makes the create "unsure": from then on the object is looked for before
// each further try, and a refusal as a duplicate is settled as the provider says (read back,
// or written over with the same values). Each provider declares only its vendor facts.
import { setTimeout as sleep } from 'node:timers/promises';

/** an answer worth another try: `unsure` when the server may have acted on it */
export interface Again {
  unsure: boolean;
  /** the wait the answer asks for (Retry-After); the policy's backoff when not given */
  waitMs?: number;
}

export interface CreatePolicy<A, T> {
  /** tries in all */
  tries: number;
  /** one try of the create */
  send(): Promise<A>;
  /** an error of a try after which the object may or may not be there: tried again */
  lost(err: unknown): boolean;
  /** whether an answer is worth another try */
  again(answer: A): Again | undefined;
  /** the wait in ms before try `attempt + 1` when no answer set one */
  backoff(attempt: number): number;
  /** whether an answer refuses the create as a duplicate (settled by `settle` after an unsure try) */
  duplicate(answer: A): boolean;
  /** looks, before each try after an unsure one, for the object an earlier try created */
  confirm?(): Promise<T | undefined>;
  /** the result of a duplicate refusal after an unsure try */
  settle(answer: A): Promise<T>;
  /** the result of the last answer: the object created, or the refusal (thrown) */
  done(answer: A): T | Promise<T>;
}

/** exponential backoff with full jitter: up to 300 ms, doubled on each try */
export const jitteredBackoff = (attempt: number) => Math.random() * 300 * 2 ** attempt;

/** the wait a Retry-After header in seconds asks for: 1 s when it does not say, 60 s at most */
export const retryAfterMs = (headers: Headers) => Math.min(Number(headers.get('Retry-After')) || 1, 60) * 1000;

export async function createOnce<A, T>(policy: CreatePolicy<A, T>): Promise<T> {
  let unsure = false;
  for (let attempt = 0; ; attempt++) {
    const last = attempt >= policy.tries - 1;
    if (unsure && policy.confirm) {
      const found = await policy.confirm();
      if (found !== undefined) return found;
    }
    let answer: A;
    try {
      answer = await policy.send();
    } catch (err) {
      if (last || !policy.lost(err)) throw err;
      unsure = true;
      await sleep(policy.backoff(attempt));
      continue;
    }
    if (unsure && policy.duplicate(answer)) return policy.settle(answer);
    const again = policy.again(answer);
    if (last || !again) return policy.done(answer);
    unsure ||= again.unsure;
    await sleep(again.waitMs ?? policy.backoff(attempt));
  }
}
