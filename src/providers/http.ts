// One HTTP client setup for every provider: timeouts, retries with backoff and jitter
// (honouring Retry-After), TLS verified unless the YAML says otherwise, --debug lines.
// Send every request through answerOf() to get its response whatever the status.
import { readFileSync } from 'node:fs';
import ky, { HTTPError, type KyInstance, type Options, type ResponsePromise } from 'ky';
import { Agent } from 'undici';

export interface HttpSettings {
  prefixUrl: string;
  timeoutSeconds?: number;
  /** skip TLS certificate verification (an explicit choice in the YAML) */
  insecure?: boolean;
  /** PEM file with the certificate authority to trust */
  ca?: string;
  /** retries for idempotent requests */
  retries?: number;
  /** which methods may be retried; creates that are not idempotent are left out */
  retryMethods?: Exclude<Options['retry'], number | undefined>['methods'];
  debug?: (line: string) => void;
}

/** answers worth another try (for methods that may be repeated) */
export const RETRIED_STATUSES = [408, 429, 500, 502, 503, 504];

/**
 * The response, whatever its status. Retried statuses are thrown inside ky so that it
 * retries them; once the tries are spent, the last answer comes back here.
 */
export async function answerOf(request: ResponsePromise): Promise<Response> {
  try {
    return await request;
  } catch (err) {
    if (err instanceof HTTPError) return err.response;
    throw err;
  }
}

export function createHttp(s: HttpSettings): KyInstance {
  const tls = s.insecure || s.ca;
  const dispatcher = tls
    ? new Agent({ connect: { rejectUnauthorized: !s.insecure, ...(s.ca ? { ca: readFileSync(s.ca, 'utf8') } : {}) } })
    : undefined;
  return ky.create({
    prefixUrl: s.prefixUrl,
    timeout: (s.timeoutSeconds ?? 30) * 1000,
    throwHttpErrors: (status: number) => RETRIED_STATUSES.includes(status),
    retry: {
      limit: s.retries ?? 3,
      methods: s.retryMethods ?? ['get', 'put', 'head', 'delete'],
      statusCodes: RETRIED_STATUSES,
      backoffLimit: 10_000,
      jitter: true,
    },
    hooks: {
      beforeRequest: [(req) => s.debug?.(`→ ${req.method} ${req.url}`)],
      afterResponse: [(req, _o, res) => s.debug?.(`← ${res.status} ${req.method} ${req.url}`)],
      beforeRetry: [({ request, retryCount, error }) => s.debug?.(`↻ retry ${retryCount} ${request.method} ${request.url}: ${error.message}`)],
    },
    ...(dispatcher ? { dispatcher } : {}),
  } as Options);
}
