// Tokens, kept once for every provider: each try of a request carries the current token
// (a retry after a backoff takes the one issued meanwhile), and an answer that refuses the
// token causes one fresh login, shared by every request that was refused with the same token,
// then the request is sent again. A token refused on the try right after its own login is
// given back to the client as refused (wrong credentials, not an expiry).
import ky, { type AfterResponseHook, type BeforeRequestHook } from 'ky';
import { ProviderError } from '../../engine/provider.ts';
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
  refuses(res: Response): boolean | Promise<boolean>;
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

/** per-request state kept in ky's context */
interface TryState {
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

/** ky hooks that put the current token on every try and log in again when it is refused */
export function tokenHooks(auth: TokenAuth): { beforeRequest: BeforeRequestHook; afterResponse: AfterResponseHook } {
  const tokens = new Tokens(auth);
  return {
    async beforeRequest(request, options) {
      const state = options.context as TryState;
      if (state.login) return;
      state.token = await loggedIn(tokens.current());
      request.headers.set(...auth.header(state.token));
    },
    async afterResponse(_request, options, response, { retryCount }) {
      const state = options.context as TryState;
      if (state.login || !(await auth.refuses(response))) return;
      // refused right after a login of its own, or no try left: the client gets the refusal
      if (state.renewedAt === retryCount - 1 || retryCount >= options.retry.limit!) return;
      // a token another request has replaced already is simply swapped, not counted as a login
      if (tokens.newest(state.token)) state.renewedAt = retryCount;
      await loggedIn(tokens.renew(state.token));
      return ky.retry({ delay: 0, code: 'TOKEN_REFUSED' });
    },
  };
}
