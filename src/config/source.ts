// What the loader needs of a read file: its values, in place for ${VAR}s, and where they are.
// yaml's Document is the source that places every issue; quick-source.ts the fast one.
import type { ProviderRegistry } from '../engine/provider.ts';
import { documentPlacement, type Placement } from './build.ts';
import { characterIssues, type CharacterCheck } from './characters.ts';
import { interpolate, type Interpolated } from './interpolate.ts';
import type { DataPath, Parsed } from './locate.ts';

export interface Source {
  /** what issues are placed with */
  parsed: Parsed;
  /** resolves ${VAR}s in place */
  interpolate(env: Record<string, string | undefined>): Interpolated[];
  values(): unknown;
  /** leaves a value out */
  drop(path: DataPath): void;
  characters(data: unknown, registry: ProviderRegistry, found: Interpolated[]): CharacterCheck;
  placement: Placement;
}

export const documentSource = (parsed: Parsed): Source => ({
  parsed,
  interpolate: (env) => interpolate(parsed, env),
  values: () => parsed.doc.toJS(),
  drop: (path) => parsed.doc.deleteIn(path),
  characters: (data, registry, found) => characterIssues(parsed, data, registry, found),
  placement: documentPlacement(parsed),
});
