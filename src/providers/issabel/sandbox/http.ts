// One request/response pair with the answer shapes pbxapi uses: the string-valued
// success envelope, the error envelope, empty answers and Fat-Free's HTML error pages.
// Every answer goes through send(), which also writes the request log entry.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAnswer } from '../../../sandbox/held-answer.ts';
import { readText } from '../../../sandbox/request-body.ts';
import type { RequestLogEntry } from '../../../sandbox/emulator.ts';
import { loggedBody } from '../../../sandbox/request-log.ts';

export interface ApiError {
  status: string;
  /** null where the server says so (callerid_lookup) */
  source?: string | null;
  detail: string;
  code?: number | string;
}

const REASONS: Record<number, string> = { 403: 'Unauthorized', 422: 'Unprocessabel Entity' };
const F3_TITLES: Record<number, string> = { 404: 'Not Found', 405: 'Method Not Allowed', 500: 'Internal Server Error' };
export const JSON_TYPE = 'application/json;charset=utf-8';

/** JSON.stringify's replacer for PHP strval() over every scalar leaf: numbers to digits, true to "1", false and null to "". */
const stringLeaf = (_key: string, value: unknown): unknown => (value !== null && typeof value === 'object' ? value : phpString(value));

export function phpString(value: unknown): string {
  if (value === true) return '1';
  if (value === false || value === null || value === undefined) return '';
  return String(value);
}

export class Exchange {
  readonly method: string;
  readonly path: string;
  readonly rawQuery: string;
  readonly query: URLSearchParams;
  body = '';
  /** how many times this request applied the configuration */
  applies = 0;
  private answered = false;

  constructor(
    readonly req: IncomingMessage,
    private readonly res: ServerResponse,
    private readonly log: RequestLogEntry[],
    private readonly now: () => number,
  ) {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    this.path = q < 0 ? url : url.slice(0, q);
    this.rawQuery = q < 0 ? '' : url.slice(q + 1);
    this.query = new URLSearchParams(this.rawQuery);
    const override = req.headers['x-http-method-override'];
    const method = (req.method ?? 'GET').toUpperCase();
    this.method = method === 'POST' && typeof override === 'string' ? override.toUpperCase() : method;
  }

  async readBody(): Promise<void> {
    this.body = await readText(this.req);
  }

  /** What Apache would call REALM: scheme, host and the full request URI. */
  get realm(): string {
    return `http://${this.req.headers.host ?? '127.0.0.1'}${this.req.url ?? ''}`;
  }

  get isAnswered(): boolean {
    return this.answered;
  }

  send(status: number, headers: Record<string, string>, body = ''): void {
    if (this.answered) return;
    this.answered = true;
    const method = this.method;
    const entry = {
      at: new Date(this.now()).toISOString(),
      method,
      path: this.path,
      query: this.rawQuery,
      status,
      write: method !== 'GET' && method !== 'HEAD',
      body: loggedBody(this.body, this.req.headers['content-type']),
      ...(this.applies ? { applies: this.applies } : {}),
    };
    afterAnswer(this.res, () => this.log.push(entry));
    const reason = REASONS[status];
    if (reason) this.res.writeHead(status, reason, headers);
    else this.res.writeHead(status, headers);
    this.res.end(body);
  }

  success(results: unknown[]): void {
    this.send(200, { 'Content-Type': JSON_TYPE }, JSON.stringify({ status: 'success', results }, stringLeaf));
  }

  fail(errors: ApiError[]): void {
    const codes = new Set(errors.map((e) => e.status));
    const status = codes.size === 1 ? Number(errors[0].status) : 400;
    const top = codes.has('500') ? 'error' : 'fail';
    this.send(status, { 'Content-Type': JSON_TYPE }, JSON.stringify({ status: top, errors }));
  }

  empty(status: number, headers: Record<string, string> = {}): void {
    this.send(status, headers);
  }

  /** A body written with echo: no Content-Type header. */
  echo(text: string): void {
    this.send(200, {}, text);
  }

  /** Fat-Free's own error page (unknown route, missing verb, PHP warning or exception). */
  page(status: number, extraHeaders: Record<string, string> = {}): void {
    const title = F3_TITLES[status] ?? 'Error';
    const html =
      `<!DOCTYPE html>\n<html>\n<head>\n<title>${status} ${title}</title>\n</head>\n<body>\n` +
      `<h1>${title}</h1>\n<p>HTTP ${status} (${this.method} ${this.path})</p>\n</body>\n</html>\n`;
    this.send(status, { 'Content-Type': 'text/html; charset=UTF-8', ...extraHeaders }, html);
  }
}

export const decodeError = (): ApiError => ({ status: '400', detail: 'Could not decode JSON', code: 4 });

/** PHP json_decode($body, true): undefined when the body is not valid JSON (an empty body is not). */
export function jsonDecode(body: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(body) };
  } catch {
    return { ok: false };
  }
}

export const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** PHP parse_str: a=1&b[]=2&b[]=3&c[d]=4, bracket keys becoming lists and objects. */
export function parseForm(body: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const m = /^([^[]+)((?:\[[^\]]*\])*)$/.exec(key);
    if (!m) continue;
    const path = [m[1], ...[...m[2].matchAll(/\[([^\]]*)\]/g)].map((x) => x[1])];
    let node = out;
    path.forEach((raw, i) => {
      const part = raw === '' ? String(Object.keys(node).length) : raw;
      if (i === path.length - 1) node[part] = value;
      else {
        if (!isObject(node[part])) node[part] = {};
        node = node[part] as Record<string, unknown>;
      }
    });
  }
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, listify(v)]));
}

/** Objects keyed 0..n-1 become lists, as PHP arrays built from key[] encode to JSON lists. */
function listify(value: unknown): unknown {
  if (!isObject(value)) return value;
  const entries = Object.entries(value).map(([k, v]) => [k, listify(v)] as const);
  const isList = entries.length > 0 && entries.every(([k], i) => k === String(i));
  return isList ? entries.map(([, v]) => v) : Object.fromEntries(entries);
}

/** Text fields of a multipart/form-data body (files are not expected). */
export function parseMultipart(body: string, contentType: string): Record<string, string> {
  const boundary = /boundary="?([^";]+)"?/.exec(contentType)?.[1];
  const out: Record<string, string> = {};
  if (!boundary) return out;
  for (const part of body.split(`--${boundary}`)) {
    const split = part.indexOf('\r\n\r\n');
    const name = /name="([^"]*)"/.exec(part.slice(0, split))?.[1];
    if (split >= 0 && name !== undefined) out[name] = part.slice(split + 4).replace(/\r\n$/, '');
  }
  return out;
}

/**
 * rest::parseInputData: JSON only for a Content-Type of exactly application/json,
 * everything else read as a urlencoded form.
 */
export function restInput(ex: Exchange): { ok: true; value: Record<string, unknown> } | { ok: false } {
  if (ex.req.headers['content-type'] !== 'application/json') return { ok: true, value: parseForm(ex.body) };
  const decoded = jsonDecode(ex.body);
  if (!decoded.ok) return decoded;
  return { ok: true, value: isObject(decoded.value) ? decoded.value : {} };
}
