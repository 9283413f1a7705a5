// Schema validation: the top level (version, providers), then each provider block against
// the JSON Schema its module brings. Every problem is reported, each once.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Ajv, ErrorObject, ValidateFunction } from 'ajv';
import type AddFormats from 'ajv-formats';
import common from '../../schemas/common.schema.json' with { type: 'json' };
import type { ProviderRegistry } from '../engine/provider.ts';
import { configSchema } from './editor-schema.ts';
import { precompiled } from './precompiled.ts';
import type { ConfigIssue } from './issue.ts';
import { locationOf, type DataPath } from './locate.ts';
import { toIssue, type Context } from './messages.ts';
import { providerBlock } from './subject.ts';
import { closest, didYouMean } from './suggest.ts';

interface Validators {
  top: ValidateFunction;
  providers: Map<string, ValidateFunction>;
}

const cache = new WeakMap<ProviderRegistry, Validators>();

// The file's schema picks each provider's block schema by type; the loader takes them from
// the registry instead, so its top level only checks that each block names a type.
export function topSchema(registry: ProviderRegistry) {
  const whole = configSchema(registry);
  const definitions = whole.definitions as Record<string, unknown>;
  return { ...whole, $id: 'pbxctl-loader-top', definitions: { providerBase: definitions.providerBase, provider: definitions.providerBase } };
}

// The schema files let digit fields hold a ${VAR} so editors do not flag them; the loader
// checks values after interpolation, which must be digits.
const resolvedCommon = {
  ...common,
  definitions: { ...common.definitions, digits: { ...common.definitions.digits, pattern: '^[0-9]+$' } },
};

// ajv's compiler takes ~40 ms to load, and a run of the bundle compiles nothing (its
// validators are precompiled): it is required when an Ajv is made, not when this loads
const load = createRequire(import.meta.url);

/**
 * an Ajv with the shared definitions; `asWritten` checks files before interpolation (editors' view);
 * `source` keeps the code of what it compiles, for ajv's standalone code (the build's precompiled validators)
 */
export function newAjv(asWritten = false, source = false): Ajv {
  const { Ajv } = load('ajv') as typeof import('ajv');
  const addFormats = load('ajv-formats') as typeof AddFormats;
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, strictRequired: false, useDefaults: true, code: { source, esm: true } });
  addFormats.default(ajv, ['uri']);
  // no stricter than the servers: Kazoo checks an email as anything@anything (kazoo.md §10), Issabel not at all
  ajv.addFormat('email', /^[^@]+@[^@]+$/);
  ajv.addSchema(asWritten ? common : resolvedCommon);
  return ajv;
}

/** what the validators are compiled from; the precompiled ones are used only for exactly these schemas */
export function schemaFingerprint(registry: ProviderRegistry): string {
  const schemas = { top: topSchema(registry), common: resolvedCommon, providers: Object.entries(registry).map(([type, m]) => [type, m.schema]) };
  return createHash('sha256').update(JSON.stringify(schemas)).digest('hex');
}

function compile(registry: ProviderRegistry): Validators {
  const ajv = newAjv();
  const providers = new Map(Object.entries(registry).map(([type, m]) => [type, ajv.compile(m.schema)]));
  return { top: ajv.compile(topSchema(registry)), providers };
}

// compiling takes ajv ~60 ms per run; the bundle carries the same validators compiled at build time
function validators(registry: ProviderRegistry): Validators {
  let v = cache.get(registry);
  if (!v) {
    const built = precompiled?.fingerprint === schemaFingerprint(registry) ? precompiled : undefined;
    v = built ? { top: built.top, providers: new Map(Object.entries(built.providers)) } : compile(registry);
    cache.set(registry, v);
  }
  return v;
}

/** JSON pointer of an ajv error, as a data path (array indexes as numbers) */
function pathOf(base: DataPath, pointer: string, root: unknown): DataPath {
  const path = [...base];
  let cur = root;
  for (const raw of pointer.split('/').slice(1)) {
    const step = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const index = Array.isArray(cur) ? Number(step) : undefined;
    path.push(index ?? step);
    cur = (cur as Record<string, unknown> | undefined)?.[index ?? step];
  }
  return path;
}

/** drops the inner errors of an anyOf/oneOf: the wrapper gets one message */
function collapse(errors: ErrorObject[]): ErrorObject[] {
  const wrappers = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf').map((e) => `${e.schemaPath}/`);
  return errors
    .filter((e) => !wrappers.some((w) => e.schemaPath.startsWith(w)))
    .map((e) => (e.keyword === 'anyOf' || e.keyword === 'oneOf' ? { ...e, keyword: 'alternatives', message: 'does not match any allowed form' } : e));
}

/** a misspelt key also makes the key it was meant to be "required": report the misspelling only */
function misspeltRequired(errors: ErrorObject[]): (e: ErrorObject) => boolean {
  const meant = new Set(
    errors
      .filter((e) => e.keyword === 'additionalProperties')
      .map((e) => {
        const allowed = Object.keys((e.parentSchema?.properties ?? {}) as object);
        return `${e.instancePath}/${closest(String(e.params.additionalProperty), allowed)}`;
      }),
  );
  return (e) => e.keyword === 'required' && meant.has(`${e.instancePath}/${e.params.missingProperty}`);
}

function run(ctx: Context, validate: ValidateFunction, value: unknown, base: DataPath, skip: (p: DataPath) => boolean): ConfigIssue[] {
  if (validate(value)) return [];
  const issues: ConfigIssue[] = [];
  const errors = collapse(validate.errors ?? []);
  const misspelt = misspeltRequired(errors);
  for (const e of errors.filter((e) => !misspelt(e))) {
    const path = pathOf(base, e.instancePath, value);
    const target = e.keyword === 'required' ? [...path, String(e.params.missingProperty)] : path;
    if (skip(target)) continue;
    const issue = toIssue(ctx, e, path);
    if (issue) issues.push(issue);
  }
  return issues;
}

function unknownType(ctx: Context, name: string, type: string): ConfigIssue {
  const known = Object.keys(ctx.registry);
  const message = `provider ${name}: unknown type '${type}'${didYouMean(type, known)} (known types: ${known.join(', ')})`;
  return { ...locationOf(ctx.parsed, ['providers', name, 'type']), message };
}

/** schema problems of the whole file; skip(path) hides problems of values already reported or left out */
export function validateSchema(ctx: Context, skip: (p: DataPath) => boolean): ConfigIssue[] {
  const v = validators(ctx.registry);
  const issues = run(ctx, v.top, ctx.data, [], skip);
  const providers = (ctx.data as { providers?: unknown } | null)?.providers;
  if (typeof providers !== 'object' || providers === null) return issues;
  for (const name of Object.keys(providers)) {
    const block = providerBlock(ctx.data, name);
    if (typeof block?.type !== 'string') continue;
    const validate = v.providers.get(block.type);
    if (validate) issues.push(...run(ctx, validate, block, ['providers', name], skip));
    else issues.push(unknownType(ctx, name, block.type));
  }
  return issues;
}
