// A 429 holds every request of the client until its Retry-After is over, not only the one
// it answered: the requests in flight stop draining the server's token bucket together and
// start again together. A 429 answered after the client made progress (another answer came
// in since the request's start or its last 429) does not use up the request's retries: it
// was waited out as asked, and the plan moves on. Without progress it counts, so a server
// that answers 429 forever ends each request after its retries, and RATE_LIMITED_FREE
// bounds the rest.
import { setTimeout as sleep } from 'node:timers/promises';
import type { TryState } from './auth.ts';

/** the most 429s one request waits out without counting them */
export const RATE_LIMITED_FREE = 100;

/** one request's 429s: the progress seen at its start or last 429, and how many were not counted */
export interface RateLimited {
  seen: number;
  free: number;
}

/** the try right after a request's own login is sent at once: its token may not outlive a pause (auth.ts) */
export const rightAfterLogin = (state: TryState, retryCount: number) => state.renewedAt === retryCount - 1;

export class RateLimitPause {
  private until = 0;
  /** answers other than 429 so far */
  private answered = 0;

  constructor(private signal?: AbortSignal) {}

  /** a new request's count of 429s */
  start(): RateLimited {
    return { seen: this.answered, free: 0 };
  }

  /** an answer the request keeps: the client made progress */
  progressed(): void {
    this.answered++;
  }

  /** a 429: every request is held `waitMs`; this one's is not counted if the client made progress since `mine.seen` */
  limited(waitMs: number, mine: RateLimited): void {
    this.until = Math.max(this.until, Date.now() + waitMs);
    if (this.answered > mine.seen && mine.free < RATE_LIMITED_FREE) mine.free++;
    mine.seen = this.answered;
  }

  /** resolves when no 429 holds the client any more; Ctrl-C ends the wait */
  async over(): Promise<void> {
    for (let left = this.until - Date.now(); left > 0; left = this.until - Date.now()) {
      await sleep(left, undefined, this.signal ? { signal: this.signal } : {}).catch(() => this.signal!.throwIfAborted());
    }
  }
}
