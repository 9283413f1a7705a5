// An answer is taken whole inside the request's deadline: the fetch given to ky refuses
// redirects (the credentials would go to the Location) and reads the body to its end, up to
// a size cap, so ky's timeout bounds headers and body alike and no answer can fill memory.
import { LostAnswer, networkError, RefusedAnswer, requestName, type Named } from './errors.ts';
import { redactUrl } from './redact.ts';

export const NULL_BODY = new Set([101, 204, 205, 304]);

/** what a client reads of an answer: a fetch Response (ky's path) or a HeldAnswer (the light path) */
export type Answer = Pick<Response, 'status' | 'ok' | 'headers' | 'text'>;

// as fetch decodes text(): UTF-8, a leading BOM dropped, bad bytes replaced
const utf8 = new TextDecoder();

type RawHeaders = Record<string, string | string[] | undefined>;

/** an answer read whole, its text decoded as fetch's: no web stream built and read back per answer, its Headers built when asked for */
export class HeldAnswer implements Answer {
  private built?: Headers;
  constructor(
    readonly status: number,
    private readonly raw: RawHeaders,
    private readonly body: Buffer | null,
  ) {}
  get headers(): Headers {
    if (!this.built) {
      this.built = new Headers();
      for (const [name, value] of Object.entries(this.raw)) {
        if (Array.isArray(value)) for (const v of value) this.built.append(name, v);
        else if (value !== undefined) this.built.append(name, value);
      }
    }
    return this.built;
  }
  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }
  text(): Promise<string> {
    return Promise.resolve(this.body ? utf8.decode(this.body) : '');
  }
}

export interface AnswerLimits {
  /** product name for messages: "SmartPBX" */
  vendor: string;
  maxMb: number;
}

/** an answer over the size cap */
export const tooLarge = ({ vendor, maxMb }: AnswerLimits, request: Named, how: string) =>
  new RefusedAnswer(`${vendor}'s answer to ${requestName(request)} is larger than ${maxMb} MB (${how}); pbxctl stopped reading it: raise max_answer_mb: if such answers are expected`);

/** a redirect, never followed: the credentials would go to the Location */
export function redirected({ vendor }: AnswerLimits, request: Named, status: number, location: string): RefusedAnswer {
  const to = redactUrl(new URL(location, request.url).toString());
  return new RefusedAnswer(`${vendor} answered ${requestName(request)} with HTTP ${status} to ${to}; pbxctl does not follow redirects: set url: to the final address`, undefined, status);
}

/** an answer cut off before its end */
export const cutOff = ({ vendor }: AnswerLimits, request: Named, status: number, err: unknown) =>
  new LostAnswer(`${vendor}'s answer to ${requestName(request)} (HTTP ${status}) was cut off before its end (${err instanceof Error ? err.message : String(err)})`);

/** a fetch for ky: the answer with its body already read, or an error naming vendor and request */
export function readingFetch(limits: AnswerLimits) {
  const maxBytes = limits.maxMb * 2 ** 20;

  return async (request: Request, init?: RequestInit): Promise<Response> => {
    let res: Response;
    try {
      res = await fetch(request, { ...init, redirect: 'manual' });
    } catch (err) {
      throw networkError(request, err);
    }
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      void res.body?.cancel().catch(() => undefined);
      throw redirected(limits, request, res.status, location);
    }
    const declared = Number(res.headers.get('content-length') ?? 0);
    if (declared > maxBytes) {
      void res.body?.cancel().catch(() => undefined);
      throw tooLarge(limits, request, `Content-Length ${declared} bytes`);
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    if (res.body) {
      const reader = res.body.getReader();
      try {
        for (let part = await reader.read(); !part.done; part = await reader.read()) {
          size += part.value.byteLength;
          if (size > maxBytes) {
            void reader.cancel().catch(() => undefined);
            throw tooLarge(limits, request, 'counted while reading');
          }
          chunks.push(part.value);
        }
      } catch (err) {
        // an abort is ky's timeout, which has already answered for this request
        if (err instanceof RefusedAnswer || request.signal.aborted) throw err;
        throw cutOff(limits, request, res.status, err);
      }
    }
    return new Response(NULL_BODY.has(res.status) ? null : Buffer.concat(chunks), { status: res.status, statusText: res.statusText, headers: res.headers });
  };
}
