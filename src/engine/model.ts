// The vendor-blind model the engine works on: desired state from the YAML, live state
// from a provider (already mapped from the wire), and the changes between them.

export type Action = 'create' | 'update' | 'delete';

/** An object in model shape: YAML field names, booleans as booleans, numbers as numbers. */
export type ModelObject = Record<string, unknown>;

export interface SourceLocation {
  file: string;
  line: number; // 1-based
  col: number; // 1-based
}

export interface DesiredObject {
  key: string;
  data: ModelObject;
  loc: SourceLocation;
  /** position of each field, by dotted path (`voicemail.pin`, `members.1`) */
  fieldLocs: Record<string, SourceLocation>;
  /** `renamed_from:` the key this object had on the PBX (kinds with KindSpec.renamable) */
  renamedFrom?: string;
}

export interface KindPolicy {
  /** delete live objects the YAML does not declare */
  prune: boolean;
  /** globs on keys: matching objects are out of scope altogether */
  ignore: string[];
  /** safety limits: a plan beyond them is blocked until the user allows it */
  maxDeletes: number;
  maxDeletePercent: number;
  maxUpdatesPercent: number;
  /** globs on dotted field paths (`caller_id.*`): read, never compared or written */
  ignoreFields?: string[];
}

export interface DesiredKind {
  kind: string;
  objects: DesiredObject[];
  policy: KindPolicy;
  loc: SourceLocation;
}

export interface ProviderConfig {
  name: string;
  type: string;
  /** connection settings (url, credentials, insecure, ...), secrets already resolved */
  settings: Record<string, unknown>;
  /** only the kinds the YAML names; a kind left out is not read or touched */
  kinds: Record<string, DesiredKind>;
  loc: SourceLocation;
}

export interface Config {
  file: string;
  providers: ProviderConfig[];
  /** `policies:`, absent when the file has none */
  policies?: Policies;
}

export type PolicyLevel = 'error' | 'warn' | 'off';
export type PolicyName = 'every_did_answered' | 'ring_groups_can_ring' | 'emergency_caller_id';

/** each check's level (off when not named) and the DIDs allowed to hang up */
export type Policies = Record<PolicyName, PolicyLevel> & { allow_hangup: string[] };

export interface LiveObject {
  key: string;
  data: ModelObject;
}

/** live objects per kind */
export type LiveState = Record<string, LiveObject[]>;

export interface FieldChange {
  path: string;
  before: unknown;
  after: unknown;
  /** a secret: renderers print "(sensitive)" and never the values */
  sensitive: boolean;
}

export interface Change {
  /** provider/kind/key */
  id: string;
  provider: string;
  kind: string;
  key: string;
  action: Action;
  /** an update that renames the live object of this key to `key`, keeping it (its id, what points at it) */
  renamedFrom?: string;
  /** create and update: the whole desired object (may hold secret values; never rendered) */
  desired?: ModelObject;
  /** update and delete: the live object */
  live?: ModelObject;
  /** create: every declared field; update: the changed ones; delete: none */
  fields: FieldChange[];
  /** ids of changes that must succeed first */
  dependsOn: string[];
  loc?: SourceLocation;
  /** positions of the desired object's fields, to place a provider's field error */
  fieldLocs?: Record<string, SourceLocation>;
}

export interface Unmanaged {
  kind: string;
  key: string;
  /** a short human description, e.g. the object's name */
  label?: string;
}

/** A problem found while planning, placed in the YAML when it can be. */
export interface Issue {
  loc?: SourceLocation;
  message: string;
}
