// The loader's validators compiled ahead of time. Here (running from the sources) there are
// none and the loader compiles them; the build (scripts/build.js) puts ajv's standalone code
// of them, with the fingerprint of the schemas they were made from, in this module's place.
import type { ValidateFunction } from 'ajv';

export interface Precompiled {
  fingerprint: string;
  top: ValidateFunction;
  providers: Record<string, ValidateFunction>;
}

export const precompiled: Precompiled | undefined = undefined;
