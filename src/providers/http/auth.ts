// Tokens, kept once for every provider: each try of a request carries the current token
// (a retry after a backoff takes the one issued meanwhile), and an answer that refuses the
// token causes one fresh login, shared by every request that was refused with the same token,
// then the request is sent again. A token refused on the try right after its own login is
// given back to the client as refused (wrong credentials, not an expiry).
import { ProviderError } from '../../engine/provider.ts';
import type { Answer } from './answer.ts';
import { LostAnswer } from './errors.ts';

export interface Issued {
  token: string;
  /** unix ms after which the token is renewed before use */
  renewAt?: number;
}

export interface TokenAuth {
  /** the header that carries the token */
  header(token: string): [name: string, value: string];
  /** whether this answer refuses the token (401, or a body saying it expired) */
  refuses(res: Answer): boolean | Promise<boolean>;
  /** a fresh token; throws a ProviderError when none can be had */
  login(): Promise<Issued>;
  /** a token to start with (given in the YAML) */
  initial?: string;
}

/** one token for concurrent requests: many refusals of the same token cause one login */
export class Tokens {
  private issued?: Issued;
  private pending?: Promise<string>;

  constructor(private readonly auth: TokenAuth) {
    if (auth.initial) this.issued = { token: auth.initial };
  }

  current(): Promise<string> {
    const issued = this.issued;
    if (this.pending) return this.pending;
    if (issued && (issued.renewAt === undefined || Date.now() < issued.renewAt)) return Promise.resolve(issued.token);
    return this.renew(issued?.token);
  }

  /** whether `token` is the newest one: a renewal in its place logs in */
  newest(token: string | undefined): boolean {
    return Boolean(this.pending) || this.issued?.token === token;
  }

  /** a token other than `stale`: the one another request already obtained, else a new login */
  renew(stale: string | undefined): Promise<string> {
    if (this.pending) return this.pending;
    if (this.issued && this.issued.token !== stale) return Promise.resolve(this.issued.token);
    const pending = this.auth.login().then((issued) => {
      this.issued = issued;
      return issued.token;
    });
    this.pending = pending;
    const clear = () => {
      if (this.pending === pending) this.pending = undefined;
    };
    pending.then(clear, clear);
    return pending;
  }
}

/** per-request state (kept in ky's context on the ky path) */
export interface TryState {
  /** a request that logs in carries no token */
  login?: boolean;
  token?: string;
  renewedAt?: number;
}

/**
 * A login that got no answer, after its own retries, is not tried again by the request
 * that waits for it (that request was never sent: nothing was lost).
 */
const loggedIn = (token: Promise<string>) =>
  token.catch((err: unknown) => {
    throw err instanceof LostAnswer ? new ProviderError(err.message, undefined, err.status) : err;
  });

/** the token rules of every try, whichever path sends it (ky's hooks, or the light path: light-request.ts) */
export class TokenTries {
  private readonly tokens: Tokens;

  constructor(private readonly auth: TokenAuth) {
    this.tokens = new Tokens(auth);
  }

  /** the current token's header for this try, none for a login */
  async header(state: TryState): Promise<[name: string, value: string] | undefined> {
    if (state.login) return undefined;
    state.token = await loggedIn(this.tokens.current());
    return this.auth.header(state.token);
  }

  /** whether the answer refused the token and a fresh one is in place: the try is sent again at once */
  async renewed(state: TryState, response: Answer, retryCount: number, limit: number): Promise<boolean> {
    if (state.login || !(await this.auth.refuses(response))) return false;
    // refused right after a login of its own, or no try left: the client gets the refusal
    if (state.renewedAt === retryCount - 1 || retryCount >= limit) return false;
    // a token another request has replaced already is simply swapped, not counted as a login
    if (this.tokens.newest(state.token)) state.renewedAt = retryCount;
    await loggedIn(this.tokens.renew(state.token));
    return true;
  }
}
