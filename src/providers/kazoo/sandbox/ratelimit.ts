// Crossbar's token bucket (kz_buckets: 100 tokens, 10 refilled a second by default):
// `perSecond` tokens refill each second up to `burst` (`perSecond` unless given), a request
// without a token gets 429 with Retry-After.
import { KazooError } from './envelope.ts';

export class RateLimiter {
  private tokens: number;
  private last: number;

  constructor(
    private perSecond: number,
    private now: () => number,
    private burst = perSecond,
  ) {
    this.tokens = burst;
    this.last = now();
  }

  take(): void {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return;
    }
    const waitS = Math.max(1, Math.ceil((1 - this.tokens) / this.perSecond));
    throw new KazooError(429, 'too_many_requests', { message: 'too many requests' }, { 'Retry-After': String(waitS) });
  }
}
