// Fault injection in front of any emulator: 5xx answers, slow answers, latency,
// connections reset after a write was committed and writes committed after the client gave
// up (the answer is lost, the change is not); plus the per-provider faults file of
// `pbxctl sandbox serve --faults FILE`.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { LineCounter, parseDocument, isMap, type Node } from 'yaml';
import type { EmulatorFault, GenericFaults, SandboxModule } from './emulator.ts';
import { holdAnswer } from './held-answer.ts';
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

/**
 * The simulated latency is a round trip that overlaps the server's work, as on a server with
 * its own cores: the request is handled when it arrives and its answer (or reset) is held
 * until `latencyMs` after arrival, or leaves when the work is done if that takes longer. A
 * slow answer is a slow server: it starts the work `slowMs` late (not at all when the client
 * went away meanwhile) and its answer leaves `slowMs` later too.
 */
export function withFaults(handler: Handler, faults: FaultSettings, random: () => number = Math.random): Handler {
  const draw = () => (faults.random ?? random)();
  return (req, res) => {
    if (faults.slowCommitRate > 0 && isWrite(req.method) && draw() < faults.slowCommitRate) return commitLate(req, res, handler, faults.slowMs);
    const slow = draw() < faults.slowRate ? faults.slowMs : 0;
    const due = performance.now() + faults.latencyMs + slow;
    const release = (send: () => void) => {
      const wait = due - performance.now();
      if (wait > 0) setTimeout(send, wait);
      else send();
    };
    const run = () => {
      if (res.destroyed) return;
      if (faults.latencyMs + slow > 0) holdAnswer(res, release);
      if (draw() < faults.errorRate) {
        const statuses = faults.errorStatuses.length ? faults.errorStatuses : [500];
        res.writeHead(statuses[Math.floor(draw() * statuses.length)], { 'Content-Type': 'text/html' });
        res.end('<html><body><h1>Service Unavailable</h1></body></html>');
        return;
      }
      if (isWrite(req.method) && draw() < faults.resetAfterWriteRate) {
        // let the emulator commit, then drop the connection (when its answer would leave) instead of answering
        res.writeHead = (() => res) as unknown as ServerResponse['writeHead'];
        res.end = ((..._args: unknown[]) => {
          release(() => req.socket.destroy());
          return res;
        }) as ServerResponse['end'];
      }
      handler(req, res);
    };
    if (slow > 0) setTimeout(run, slow);
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

/** Every fault one provider's sandbox can be given: the generic ones and its emulator's own (by field). */
export interface ProviderFaults extends Partial<GenericFaults> {
  /** seeds the random draws of the generic faults, so a run can be repeated */
  seed?: number;
  /** its emulator's own faults (see its SandboxModule), e.g. tokenTtlSeconds */
  [field: string]: unknown;
}

type Check = EmulatorFault['check'];

export const rate: Check = (v) => (typeof v === 'number' && v >= 0 && v <= 1 ? undefined : 'a number from 0 to 1');
export const count: Check = (v) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? undefined : 'a whole number, 0 or more');
export const positive: Check = (v) => (typeof v === 'number' && v > 0 ? undefined : 'a number above 0');
export const seconds: Check = (v) => (typeof v === 'number' && Number.isFinite(v) ? undefined : 'a number of seconds (may be negative)');
export const flag: Check = (v) => (typeof v === 'boolean' ? undefined : 'true or false');
const statuses: Check = (v) =>
  Array.isArray(v) && v.length && v.every((s) => s === 429 || (Number.isInteger(s) && s >= 500 && s <= 599))
    ? undefined
    : 'a list of HTTP statuses: 429 or 500 to 599';

/** faults more than one emulator has, for their declarations */
export const tokenTtlFault: EmulatorFault = { check: positive };
export const rateLimitFault: EmulatorFault = { check: positive, options: (v) => ({ rateLimit: { requestsPerSecond: v } }) };

/** faults-file keys every sandbox has (the generic wrapper's), with their checks */
const GENERIC_KEYS: Record<string, Check> = {
  error_rate: rate,
  error_statuses: statuses,
  slow_rate: rate,
  slow_ms: count,
  reset_after_write_rate: rate,
  slow_commit_rate: rate,
  latency_ms: count,
  seed: count,
};

/** a faults-file key as its ProviderFaults field: token_ttl_seconds → tokenTtlSeconds */
const fieldOf = (key: string) => key.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());

/** A faults file that cannot be used; the message names the file, line and key. */
export class FaultsFileError extends Error {}

/**
 * Reads a faults file (YAML or JSON): provider name → { error_rate: 0.2, ... }.
 * `providers` maps the configuration's provider names to their types; `sandboxes` holds
 * each type's emulator, whose own faults it declares.
 */
export function parseFaultsFile(text: string, file: string, providers: Map<string, string>, sandboxes: Record<string, SandboxModule>): Map<string, ProviderFaults> {
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
      const check = GENERIC_KEYS[key] ?? sandboxes[type]?.faults[key]?.check;
      if (!check) {
        const having = Object.keys(sandboxes).filter((t) => sandboxes[t].faults[key]);
        if (having.length) throw new FaultsFileError(`${where}: the ${type} sandbox has no such fault (only ${having.join(', ')})`);
        const known = [...Object.keys(GENERIC_KEYS), ...Object.keys(sandboxes[type]?.faults ?? {})];
        throw new FaultsFileError(`${where}: unknown fault; known: ${known.join(', ')}`);
      }
      const value = (item.value as { toJSON?: () => unknown } | null)?.toJSON?.() ?? null;
      const problem = check(value);
      if (problem) throw new FaultsFileError(`${where}: must be ${problem}, not ${JSON.stringify(value)}`);
      faults[fieldOf(key)] = value;
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

/** the emulator options a provider's faults set, as its emulator declares them (token lifetime, rate limit, ...) */
export function emulatorFaultOptions(f: ProviderFaults, own: SandboxModule['faults']): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  for (const [key, fault] of Object.entries(own)) {
    const value = f[fieldOf(key)];
    if (value !== undefined) Object.assign(options, fault.options ? fault.options(value) : { [fieldOf(key)]: value });
  }
  return options;
}
