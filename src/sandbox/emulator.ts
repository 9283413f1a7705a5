// The shape every provider emulator has, so the sandbox server, the CLI and the tests
// can start, inspect and fault any of them the same way.
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface RequestLogEntry {
  at: string; // ISO time
  method: string;
  path: string; // path without query string
  query: string; // raw query string, '' when none
  status: number;
  /** true for requests that change state (or would have, had they succeeded) */
  write: boolean;
  /** the request body (JSON or form fields), secrets replaced by "***" */
  body?: unknown;
  /** how many times the request applied the PBX's configuration (Issabel), when it did */
  applies?: number;
}

/** Faults every emulator honours through the generic wrapper in faults.ts. */
export interface GenericFaults {
  /** share (0..1) of requests answered with a 5xx before reaching the emulator */
  errorRate: number;
  errorStatuses: number[];
  /** share of requests delayed by slowMs */
  slowRate: number;
  slowMs: number;
  /** share of write requests whose connection is reset after the write was committed */
  resetAfterWriteRate: number;
  /** share of write requests carried out (and answered) only after slowMs, even when the client gave up */
  slowCommitRate: number;
  /** every answer leaves this long after its request arrived, the emulator's work inside it (a round trip; see withFaults) */
  latencyMs: number;
}

export interface EmulatorOptions {
  /** JSON file holding the state; loaded when present, seeded otherwise. In memory only when absent. */
  statePath?: string;
  /** start from the realistic seed (default) or from an empty server */
  seed?: 'default' | 'empty';
  /** current time in ms; tests move it to expire tokens */
  now?: () => number;
  /** JSONL file every answered request is appended to, as it is answered */
  requestLogPath?: string;
}

/** A fault of one emulator's own, beyond the generic ones; its field in ProviderFaults is its faults-file key in camelCase. */
export interface EmulatorFault {
  /** what a value must be ('a number above 0'), or undefined when it will do */
  check(value: unknown): string | undefined;
  /** the emulator options the value sets; { field: value } when absent */
  options?(value: unknown): Record<string, unknown>;
}

/** One provider type's emulator, as the sandbox registry finds it in the provider's folder. */
export interface SandboxModule {
  create(opts: EmulatorOptions & Record<string, unknown>): Emulator;
  /** its own faults by faults-file key (token_ttl_seconds) */
  faults: Record<string, EmulatorFault>;
}

export interface Emulator {
  readonly type: string;
  /** node:http request handler; must never throw */
  handle(req: IncomingMessage, res: ServerResponse): void;
  readonly log: RequestLogEntry[];
  /** the provider settings a client needs to reach this emulator at baseUrl (e.g. http://127.0.0.1:4567) */
  settings(baseUrl: string): Record<string, unknown>;
  /** human lines for `pbxctl sandbox serve`: URLs, credentials, example curl */
  describe(baseUrl: string): string[];
  /** back to the seed (and saved, when a statePath is set) */
  reset(): void;
  /** write state to statePath now (no-op without one) */
  save(): Promise<void>;
  /** write what changed to statePath, synchronously; the server calls it before every answer */
  persist(): void;
}
