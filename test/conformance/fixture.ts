// What the conformance scenarios need from one provider type: objects to create, update
// and ignore in one of its kinds, what its sandbox holds there, and a bulk of changes
// for Ctrl-C. One file per registry type under fixtures/; a type without one fails.
import type { Emulator } from '../../src/sandbox/emulator.ts';

/** one object as a YAML flow mapping: `{ number: "650", name: Support }` */
export type YamlObject = string;

export interface KindFixture {
  kind: string;
  /** an object the sandbox does not have (needed when the kind can be created) */
  create?: { key: string; object: YamlObject };
  /** a seeded object with one field changed; `value` reads that field from the emulator's state */
  update: { key: string; object: YamlObject; value(em: Emulator): unknown; after: unknown };
  /** the kind's keys in the sandbox's seed, in the order a plan lists them */
  seeded: string[];
  /** an ignore pattern matching one seeded key (not the update's) */
  ignore: { pattern: string; key: string };
  /** the kind's live keys, straight from the emulator's state (a key twice is a duplicate) */
  liveKeys(em: Emulator): string[];
}

/** a seeded object of a renamable kind (KindSpec.renamable) declared under a new key with renamed_from */
export interface RenameFixture {
  kind: string;
  from: string;
  to: string;
  /** the object under its new key, with `renamed_from: <from>` */
  object: YamlObject;
  /** the PBX's id of the object under a key, straight from the emulator's state */
  idOf(em: Emulator, key: string): string | undefined;
}

/** for a type whose kinds route calls (KindSpec.routing 'entry') */
export interface RoutingFixture {
  /** kinds of a provider block (YAML indented by 4): at least one valid change, and one destination naming nothing */
  body: string;
  /** text of the line holding the dangling destination, where the error must point */
  dangling: string;
}

export interface Fixture {
  /** absent for a provider with no kinds to reconcile */
  kinds?: KindFixture;
  /** needed exactly when one of its kinds is renamable */
  rename?: RenameFixture;
  /** required exactly when the type has routing entry kinds */
  routing?: RoutingFixture;
  /** kinds of a provider block (YAML indented by 4) making at least `changes` changes, enough that Ctrl-C lands mid-run */
  bulk?: { body: string; changes: number };
}
