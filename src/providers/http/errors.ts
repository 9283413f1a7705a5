// The ways a request can fail without a usable answer. A lost answer (no connection, no
// complete body in time) may be tried again; a refused answer (redirect, too large) may not.
import { ProviderError } from '../../engine/provider.ts';

/** A request whose answer did not come, or not whole: the server may have acted on it. */
export class LostAnswer extends ProviderError {}

/** A request that got no answer at all; `tls` when the server's certificate was not trusted. */
export class NetworkError extends LostAnswer {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly tls: boolean,
  ) {
    super(message);
  }
}

/** An answer pbxctl will not take (a redirect, a body over the size cap); trying again cannot help. */
export class RefusedAnswer extends ProviderError {}

/** true for a request that got no answer at all (lost connection, timeout): the server may have acted */
export const answerLost = (err: unknown): boolean => err instanceof LostAnswer || (err instanceof Error && err.name === 'TimeoutError');

/** TLS verification failures: retrying them cannot help, the user must act */
const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  ECONNRESET: 'connection reset before an answer came',
  UND_ERR_SOCKET: 'connection closed before an answer came',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EPROTO: 'TLS handshake failed (is the URL https on a plain HTTP server?)',
};

/** what a message names of a request: its method and URL */
export interface Named {
  method: string;
  url: string;
}

/** undici's bare "fetch failed" as a message saying why (refused, unknown host, TLS not trusted) */
export function networkError(request: Named, err: unknown): unknown {
  if (!(err instanceof TypeError)) return err; // aborts and timeouts keep their own meaning
  return unreachable(request, err.cause as { code?: string; message?: string } | undefined, err.message);
}

/** a connection that failed, by its cause's code (undici's request throws the cause itself) */
export function unreachable(request: Named, cause: { code?: string; message?: string } | undefined, fallback = 'connection failed'): NetworkError {
  const code = cause?.code;
  const tls = Boolean(code && TLS_CODES.has(code));
  const { origin } = new URL(request.url);
  const reason = tls
    ? `TLS certificate not trusted (${code}): give its certificate authority with \`ca: FILE.pem\`, or \`insecure: true\` to skip verification`
    : (code && NETWORK_REASONS[code]) || cause?.message || fallback;
  return new NetworkError(`cannot reach ${origin}: ${reason}`, code, tls);
}

/** a request as messages name it: method and path, no query (it may carry credentials) */
export const requestName = (request: Named) => `${request.method} ${new URL(request.url).pathname}`;

/** a request whose answer never came whole within its timeout (ms; `own`: the call's, not timeout_seconds) */
export const notAnsweredInTime = (vendor: string, request: Named, ms: number, own: boolean) =>
  new LostAnswer(`${vendor} did not answer ${requestName(request)} in full within ${ms / 1000} s${own ? '' : ' (timeout_seconds)'}`);
