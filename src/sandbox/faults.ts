// Fault injection in front of any emulator: 5xx answers, slow answers, latency,
// connections reset after a write was committed and writes committed after the client gave
// up (the answer is lost, the change is not); plus the per-provider faults file of
// `pbxctl sandbox serve --faults FILE`.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { LineCounter, parseDocument, isMap, type Node } from 'yaml';
import type { GenericFaults } from './emulator.ts';
import { seededRandom } from './seeded-random.ts';

export const noFaults = (): GenericFaults => ({
  errorRate: 0,
  errorStatuses: [500, 502, 503],
  slowRate: 0,
  slowMs: 0,
  resetAfterWriteRate: 0,
  slowCommitRate: 0,
  latencyMs: 0,
});

/** generic faults; `random`, when set, replaces the one given to withFaults (a seeded one makes a run repeatable) */
export type FaultSettings = GenericFaults & { random?: () => number };

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const isWrite = (method = 'GET') => !['GET', 'HEAD', 'OPTIONS'].includes(method);

export function withFaults(handler: Handler, faults: FaultSettings, random: () => number = Math.random): Handler {
  const draw = () => (faults.random ?? random)();
  return (req, res) => {
    if (faults.slowCommitRate > 0 && isWrite(req.method) && draw() < faults.slowCommitRate) return commitLate(req, res, handler, faults.slowMs);
    const delay = faults.latencyMs + (draw() < faults.slowRate ? faults.slowMs : 0);
    const run = () => {
      if (res.destroyed) return;
      if (draw() < faults.errorRate) {
        const statuses = faults.errorStatuses.length ? faults.errorStatuses : [500];
        res.writeHead(statuses[Math.floor(draw() * statuses.length)], { 'Content-Type': 'text/html' });
        res.end('<html><body><h1>Service Unavailable</h1></body></html>');
        return;
      }
      if (isWrite(req.method) && draw() < faults.resetAfterWriteRate) {
        // let the emulator commit, then drop the connection instead of answering
        res.writeHead = (() => res) as unknown as ServerResponse['writeHead'];
        res.end = ((..._args: unknown[]) => {
          req.socket.destroy();
          return res;
        }) as ServerResponse['end'];
      }
      handler(req, res);
    };
    if (delay > 0) setTimeout(run, delay);
    else run();
  };
}

/**
 * A write carried out after `ms` whether or not the client still waits (a server slower than
 * the client's timeout that commits after the client gave up): its body is kept from the start.
 */
function commitLate(req: IncomingMessage, res: ServerResponse, handler: Handler, ms: number): void {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const replay = Object.assign(Readable.from(chunks), { method: req.method, url: req.url, headers: req.headers, socket: req.socket });
    setTimeout(() => handler(replay as unknown as IncomingMessage, res), ms);
  });
}

/** Every fault one provider's sandbox can be given: the generic ones and its emulator's own. */
export interface ProviderFaults extends Partial<GenericFaults> {
  /** tokens expire after this many seconds (Issabel, SmartPBX, TEL4VN) */
  tokenTtlSeconds?: number;
  /** beyond it: 429 with Retry-After (SmartPBX) or error 13 (VoipCenter) */
  rateLimitPerSecond?: number;
  /** the server's clock is this far off (VoipCenter) */
  clockSkewSeconds?: number;
  /** the "apply configuration" step fails after the write was committed (Issabel) */
  applyFails?: boolean;
  /** share of extension writes that lose a race with a concurrent writer: written, mailbox change lost, 500 (Issabel) */
  raceRate?: number;
  /** every authenticated request answers body error 1, "Could not connect to server" (VoipCenter) */
  backendDown?: boolean;
  /** seeds the random draws of the generic faults, so a run can be repeated */
  seed?: number;
}

type FaultKey = keyof ProviderFaults;
type Check = (v: unknown) => string | undefined;

const rate: Check = (v) => (typeof v === 'number' && v >= 0 && v <= 1 ? undefined : 'a number from 0 to 1');
const count: Check = (v) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? undefined : 'a whole number, 0 or more');
const positive: Check = (v) => (typeof v === 'number' && v > 0 ? undefined : 'a number above 0');
const seconds: Check = (v) => (typeof v === 'number' && Number.isFinite(v) ? undefined : 'a number of seconds (may be negative)');
const flag: Check = (v) => (typeof v === 'boolean' ? undefined : 'true or false');
const statuses: Check = (v) =>
  Array.isArray(v) && v.length && v.every((s) => s === 429 || (Number.isInteger(s) && s >= 500 && s <= 599))
    ? undefined
    : 'a list of HTTP statuses: 429 or 500 to 599';

/** file key → field, check, and the provider types whose emulator has it (all when absent) */
const FILE_KEYS: Record<string, { field: FaultKey; check: Check; types?: string[] }> = {
  error_rate: { field: 'errorRate', check: rate },
  error_statuses: { field: 'errorStatuses', check: statuses },
  slow_rate: { field: 'slowRate', check: rate },
  slow_ms: { field: 'slowMs', check: count },
  reset_after_write_rate: { field: 'resetAfterWriteRate', check: rate },
  slow_commit_rate: { field: 'slowCommitRate', check: rate },
  latency_ms: { field: 'latencyMs', check: count },
  seed: { field: 'seed', check: count },
  token_ttl_seconds: { field: 'tokenTtlSeconds', check: positive, types: ['issabel', 'kazoo', 'tel4vn'] },
  rate_limit_per_second: { field: 'rateLimitPerSecond', check: positive, types: ['kazoo', 'voipcenter'] },
  clock_skew_seconds: { field: 'clockSkewSeconds', check: seconds, types: ['voipcenter'] },
  apply_fails: { field: 'applyFails', check: flag, types: ['issabel'] },
  race_rate: { field: 'raceRate', check: rate, types: ['issabel'] },
  backend_down: { field: 'backendDown', check: flag, types: ['voipcenter'] },
};

/** A faults file that cannot be used; the message names the file, line and key. */
export class FaultsFileError extends Error {}

/**
 * Reads a faults file (YAML or JSON): provider name → { error_rate: 0.2, ... }.
 * `providers` maps the configuration's provider names to their types.
 */
export function parseFaultsFile(text: string, file: string, providers: Map<string, string>): Map<string, ProviderFaults> {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  const at = (node: Node | null | undefined) => {
    const pos = node?.range ? lines.linePos(node.range[0]) : undefined;
    return pos ? `${file}:${pos.line}:${pos.col}` : file;
  };
  if (doc.errors.length) throw new FaultsFileError(`${at(undefined)}: not valid YAML or JSON: ${doc.errors[0].message.split('\n')[0]}`);
  if (!isMap(doc.contents)) throw new FaultsFileError(`${file}: expected provider names, each with its faults (e.g. "hq: { error_rate: 0.2 }")`);
  const out = new Map<string, ProviderFaults>();
  for (const pair of doc.contents.items) {
    const name = String((pair.key as { value?: unknown })?.value ?? pair.key);
    const type = providers.get(name);
    if (!type) throw new FaultsFileError(`${at(pair.key as Node)}: '${name}' is not a provider of the configuration (it has: ${[...providers.keys()].join(', ')})`);
    if (!isMap(pair.value)) throw new FaultsFileError(`${at(pair.key as Node)}: ${name}: expected its faults as keys and values (e.g. error_rate: 0.2)`);
    const faults: ProviderFaults = {};
    for (const item of pair.value.items) {
      const key = String((item.key as { value?: unknown })?.value ?? item.key);
      const where = `${at(item.key as Node)}: ${name}.${key}`;
      const spec = FILE_KEYS[key];
      if (!spec) throw new FaultsFileError(`${where}: unknown fault; known: ${Object.keys(FILE_KEYS).join(', ')}`);
      if (spec.types && !spec.types.includes(type)) throw new FaultsFileError(`${where}: the ${type} sandbox has no such fault (only ${spec.types.join(', ')})`);
      const value = (item.value as { toJSON?: () => unknown } | null)?.toJSON?.() ?? null;
      const problem = spec.check(value);
      if (problem) throw new FaultsFileError(`${where}: must be ${problem}, not ${JSON.stringify(value)}`);
      (faults as Record<string, unknown>)[spec.field] = value;
    }
    out.set(name, faults);
  }
  return out;
}

/** the generic part of a provider's faults, over the defaults */
export function genericFaults(f: ProviderFaults): FaultSettings {
  const base = noFaults();
  const pick = <K extends keyof GenericFaults>(k: K) => (f[k] ?? base[k]) as GenericFaults[K];
  return {
    errorRate: pick('errorRate'),
    errorStatuses: pick('errorStatuses'),
    slowRate: pick('slowRate'),
    slowMs: pick('slowMs'),
    resetAfterWriteRate: pick('resetAfterWriteRate'),
    slowCommitRate: pick('slowCommitRate'),
    latencyMs: pick('latencyMs'),
    ...(f.seed !== undefined ? { random: seededRandom(f.seed) } : {}),
  };
}

/** the emulator options a provider's faults set (token lifetime, rate limit, clock skew) */
export const emulatorFaultOptions = (f: ProviderFaults): Record<string, unknown> => ({
  ...(f.tokenTtlSeconds !== undefined ? { tokenTtlSeconds: f.tokenTtlSeconds } : {}),
  ...(f.rateLimitPerSecond !== undefined ? { rateLimit: { requestsPerSecond: f.rateLimitPerSecond } } : {}),
  ...(f.clockSkewSeconds !== undefined ? { clockSkewSeconds: f.clockSkewSeconds } : {}),
  ...(f.raceRate !== undefined ? { raceRate: f.raceRate } : {}),
  ...(f.backendDown !== undefined ? { backendDown: f.backendDown } : {}),
});
