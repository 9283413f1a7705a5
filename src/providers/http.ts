// One HTTP client setup for every provider: timeouts, retries with backoff and jitter
// (honouring Retry-After), TLS verified unless the YAML says otherwise, --debug lines.
import { readFileSync } from 'node:fs';
import ky, { type KyInstance, type Options } from 'ky';
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

export function createHttp(s: HttpSettings): KyInstance {
  const tls = s.insecure || s.ca;
  const dispatcher = tls
    ? new Agent({ connect: { rejectUnauthorized: !s.insecure, ...(s.ca ? { ca: readFileSync(s.ca, 'utf8') } : {}) } })
    : undefined;
  return ky.create({
    prefixUrl: s.prefixUrl,
    timeout: (s.timeoutSeconds ?? 30) * 1000,
    throwHttpErrors: false,
    retry: {
      limit: s.retries ?? 3,
      methods: s.retryMethods ?? ['get', 'put', 'head', 'delete'],
      statusCodes: [408, 429, 500, 502, 503, 504],
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
