// The one door between the engine and a vendor. A provider module maps its wire format
// to the model; the engine never sees a URL, header, status code or wire field name.
import type { SandboxModule } from '../sandbox/emulator.ts';
import type { Action, Change, LiveState, ModelObject, ProviderConfig } from './model.ts';
import type { CallPath, CallPathContext } from './route-path.ts';

export interface KindSpec {
  /** the model field holding the object's key (`number`, `name`, ...) */
  key: string;
  /** singular noun for messages: "extension", "ring group" */
  noun: string;
  /** what the API allows on this kind */
  operations: Action[];
  /** dotted model paths holding secrets: never printed */
  secrets: string[];
  /** secrets the server never gives back: set on create, never compared afterwards */
  writeOnly: string[];
  /** what the user should do when an object must be created but the API cannot (VoipCenter: the portal) */
  createHint?: string;
  /** the API can change the key field of an existing object: `renamed_from:` renames it in place */
  renamable?: boolean;
  /** fields the API cannot change on an existing object */
  immutable?: string[];
  /**
   * kinds this kind's objects may refer to (see ProviderModule.references). They are
   * read along with it so every reference can be checked, even when the YAML does not
   * declare them. A kind with no operations is a catalog: read-only names to refer to.
   */
  refersTo?: string[];
  /**
   * its part in call routing (src/engine/routing.ts): 'entry' for the kinds a call enters
   * by (inbound routes, DID routes), 'node' for what a call reaches only through them (time
   * switches, schedules, voicemail boxes): a declared node no route reaches is reported
   */
  routing?: 'entry' | 'node';
  /**
   * values the PBX refuses to hold twice, by namespace (a noun: "MAC address"), each with
   * the dotted model paths that hold one (each item of a list counts). Kinds that name the
   * same namespace share it: Issabel's extension and ring group numbers.
   */
  unique?: Record<string, string[]>;
  /**
   * values the PBX itself changes at run time (a box's set-up flag, hot-desk logins, a
   * feature code's override): compared only where the YAML declares them, left out of
   * import, and listed as information when they differ from `usual`. `*` in a path stands
   * for every item of a list (`rules.*.enabled`).
   */
  observed?: { path: string; usual?: unknown }[];
  /** dotted path of the emergency caller ID, where the provider has one (policy emergency_caller_id) */
  emergencyCallerId?: string;
  /** dotted paths of the ring-group member lists an object holds (policy ring_groups_can_ring); a member without a reference is an external number */
  ringGroupMembers?: string[];
}

export interface Capabilities {
  kinds: Record<string, KindSpec>;
  /** connection settings that are secrets (password, api_key, ...) */
  settingsSecrets: string[];
  /** deletes are carried out by finish(), after every other change (Issabel): a value one frees cannot be taken in the same run */
  deletesLast?: boolean;
  readConcurrency: number;
  writeConcurrency: number;
  /**
   * kinds whose live objects the YAML does not declare read() answers from their listing
   * row alone (key, label, unique values: no references) unless `follow` names the kind,
   * because only a document per object holds the rest (SmartPBX: a DID route's flow)
   */
  rowsUnlessFollowed?: string[];
  /**
   * writes take effect only once finish() has run (Issabel: the configuration apply); an
   * apply stopped before it is recorded, so plan and drift report it and the next apply finishes it
   */
  activatesAtEnd?: boolean;
}

/** What one object points at, e.g. a ring group's members. */
export interface Reference {
  kind: string;
  key: string;
  /** dotted model path of the referring field (`members.1`), for error locations */
  path: string;
}

/** runs one read; at most the provider's readConcurrency run at once */
/** A routing-graph edge no reference makes: to an object, or to a destination no kind holds (hang up). */
export type ExtraEdge = { label: string } & ({ to: { kind: string; key: string } } | { destination: unknown });

export type ReadLimit = <T>(read: () => Promise<T>) => Promise<T>;

export interface ProviderContext {
  /** the provider's name in the YAML */
  name: string;
  /** aborts the requests in flight and stops new ones (Ctrl-C while reading): the session hands it to the HTTP kit */
  signal?: AbortSignal;
  /** the engine's limit on concurrent reads (capabilities.readConcurrency): every read the session runs alongside others goes through it */
  limitRead: ReadLimit;
  /** --debug lines; the caller redacts them */
  debug?: (line: string) => void;
}

export interface FinishReport {
  /** outcome of changes that apply() deferred to the end of the batch */
  deferred: { id: string; error?: Error }[];
  /** human notes, e.g. "configuration applied once" */
  notes: string[];
  /** set when the batch could not be finished (e.g. the configuration was written but not applied) */
  error?: string;
}

export interface Session {
  /**
   * live state of the named kinds, in model shape; throws rather than return a partial
   * read. `declared` (per kind: each declared key and the field paths it declares) lets
   * a provider fetch details only where its listing cannot answer for a declared field.
   * `follow` (with `declared`): the kinds of capabilities.rowsUnlessFollowed whose
   * undeclared objects the plan follows the references of (run.ts followedKinds), read whole.
   */
  read(kinds: string[], declared?: Record<string, Map<string, string[]>>, follow?: string[]): Promise<LiveState>;
  /**
   * carry out one change; 'deferred' means finish() will carry it out and report it.
   * `last`: no other apply() of this batch follows this one (every other change was started or skipped)
   */
  apply(change: Change, opts?: { last?: boolean }): Promise<'done' | 'deferred'>;
  /**
   * once per run, also after failures (Issabel: the one configuration apply).
   * `unfinished`: an earlier run was stopped before its batch was finished, so finish it
   * even if this run wrote nothing.
   */
  finish(opts?: { unfinished?: boolean }): Promise<FinishReport>;
  /** the account behind the credentials, for `pbxctl doctor` */
  account?(): Promise<Record<string, string>>;
  /** call history in [from, to), for `pbxctl calls` */
  calls?(range: { from: Date; to: Date }, opts: { source?: string; progress?: (p: CallsProgress) => void }): AsyncIterable<CallRecord>;
  /** start a call from one of the account's SIP accounts, for `pbxctl call`; answers a human confirmation */
  call?(from: string, to: string): Promise<string>;
}

/** One call, the same for every provider that keeps call history. */
export interface CallRecord {
  provider: string;
  /** ISO 8601 */
  start: string;
  end?: string;
  /** seconds */
  duration: number;
  source: string;
  destination: string;
  /** cost in the provider's currency, where known */
  amount?: number;
  direction?: 'in' | 'out';
  status?: string;
}

export interface CallsProgress {
  windows: number;
  windowsDone: number;
  pages: number;
}

/** Raised by a provider for an error the user can act on, tied to a field when known. */
export class ProviderError extends Error {
  constructor(
    message: string,
    readonly field?: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}

export interface ProviderModule {
  type: string;
  /** product name for humans: "Issabel" */
  title: string;
  capabilities: Capabilities;
  /** JSON Schema of this provider's YAML block (settings and kinds) */
  schema: object;
  connect(settings: Record<string, unknown>, ctx: ProviderContext): Session;
  /** the other objects this one points at, so the engine can order and check them */
  references(kind: string, obj: ModelObject): Reference[];
  /** provider-specific normalisation applied to both desired and live objects before diffing */
  normalise?(kind: string, obj: ModelObject): ModelObject;
  /** a unique value as the PBX compares it (Issabel: "0100" is "100"); the value itself by default */
  uniqueKey?(kind: string, path: string, value: string): string;
  /** lines the plan shows in advance about its changes and settings (Issabel: deletes after which the server applies its configuration by itself) */
  planWarnings?(changes: Change[], pc: ProviderConfig): string[];
  /** a short label for an object in listings (its name) */
  label?(kind: string, obj: ModelObject): string | undefined;
  /** notes `import` writes as comments beside an object's fields, by field (VoipCenter: what a named time filter holds); `live` is every kind read */
  importNotes?(kind: string, obj: ModelObject, live: LiveState): Record<string, string>;
  /** the call-path simulator (`pbxctl route`): the path a call to `number` takes at `at` through `state` (desired or live); undefined when no route of this provider takes that number */
  callPath?(state: LiveState, number: string, at: Date, ctx: CallPathContext): CallPath | undefined;
  /** the words on a routing-graph edge for the reference at `path` of a `kind` object (`otherwise`, `member`; '' for none); undefined when it is no call-routing edge (a device's owner). Default: the path in words */
  routeEdge?(kind: string, path: string): string | undefined;
  /** call-routing edges that are no references (Issabel: a ring group's no-answer destination, kept as the server's string; an extension's fall-through to its voicemail) */
  routeExtraEdges?(kind: string, key: string, obj: ModelObject): ExtraEdge[];
  /** the number and caller ID a call must have to take the routing entry `key` (Issabel: `DID/CID`); default: the key itself, any caller */
  entryCall?(key: string): { number: string; caller?: string };
  /** callPath reads ctx.account (SmartPBX: the account's timezone), so plan asks the session for it */
  callPathUsesAccount?: boolean;
  /** what the registry cannot tell from the kinds: facts the conformance suite gates on */
  features?: ProviderFeatures;
  /** its emulator (sandbox/ in its folder), imported only when a sandbox is started */
  sandbox?: () => Promise<SandboxModule>;
}

export interface ProviderFeatures {
  /** the session holds a token that the server expires and the client renews */
  tokenExpiry?: boolean;
}

export type ProviderRegistry = Record<string, ProviderModule>;
