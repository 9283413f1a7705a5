// Schema validation the way Crossbar does it: Kazoo's draft-04 schemas, defaults written
// into the document (only where the property schema has both `default` and `type`, as
// jesse does), every error collected, one lenient retry after string->integer/boolean
// coercion, and errors reported as flat dotted keys with Kazoo's codes and messages.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import formatsModule from 'ajv-formats';
import { applyDefaultSet, MASTER_ONLY_SCHEMAS, type DefaultSet } from './defaults.ts';

type Json = Record<string, unknown>;
/** `{"sip.username": {"unique": {"message": ...}}}` */
export type ValidationErrors = Record<string, Record<string, Json>>;

/** Kazoo's schemas (MPL-2.0, unchanged copies) beside this file; the build copies them beside the bundle's chunks. */
export const SCHEMA_DIR = fileURLToPath(new URL(/\/dist\/chunks\/[^/]+$/.test(import.meta.url) ? './kazoo-schemas/' : './schemas/', import.meta.url));

// ajv-formats is CommonJS: under NodeNext its default import is the module object
const addFormats = ((formatsModule as unknown as { default?: unknown }).default ?? formatsModule) as (ajv: Ajv) => Ajv;

function readSchemas(dir: string): Map<string, Json> {
  const schemas = new Map<string, Json>();
  const load = (folder: string) => {
    if (!existsSync(folder)) return;
    for (const file of readdirSync(folder)) {
      if (file.endsWith('.json')) schemas.set(file.slice(0, -5), JSON.parse(readFileSync(join(folder, file), 'utf8')));
    }
  };
  if (!existsSync(dir)) throw new Error(`Kazoo's schemas are missing from ${dir}`);
  load(dir);
  load(join(dir, 'kazoo-4.3'));
  for (const id of MASTER_ONLY_SCHEMAS) schemas.delete(id);
  return schemas;
}

/** jesse inserts a default only when the property's own schema also names a type */
function dropUntypedDefaults(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(dropUntypedDefaults);
  if (!node || typeof node !== 'object') return;
  const obj = node as Json;
  const props = obj.properties as Record<string, Json> | undefined;
  if (props && typeof props === 'object') {
    for (const sub of Object.values(props)) if (sub && 'default' in sub && !('type' in sub)) delete sub.default;
  }
  for (const value of Object.values(obj)) dropUntypedDefaults(value);
}

const POSIX_CLASSES: Record<string, string> = { alnum: 'a-zA-Z0-9', alpha: 'a-zA-Z', digit: '0-9', space: '\\s' };

/** Kazoo's patterns are PCRE (Erlang `re`): translate the POSIX classes JS lacks */
export function pcreRegExp(source: string, flags: string): RegExp {
  return new RegExp(source.replace(/\[:(\w+):\]/g, (m, name: string) => POSIX_CLASSES[name] ?? m), flags);
}
pcreRegExp.code = 'pcreRegExp';

function buildAjv(set: DefaultSet, dir: string): Ajv {
  const schemas = readSchemas(dir);
  applyDefaultSet(set, schemas);
  const ajv = new Ajv({
    strict: false,
    allErrors: true,
    useDefaults: true,
    validateSchema: false,
    verbose: true,
    code: { regExp: pcreRegExp },
  });
  addFormats(ajv);
  // jesse's own checks (kazoo.md §10): email is anything@anything, uri is not checked
  ajv.addFormat('email', /^[^@]+@[^@]+$/);
  ajv.addFormat('uri', true);
  for (const [id, schema] of schemas) {
    delete schema.$schema;
    dropUntypedDefaults(schema);
    ajv.addSchema({ ...schema, $id: id });
  }
  return ajv;
}

export interface SchemaSet {
  /** validates and fills defaults in place; {} when valid */
  validate(schemaId: string, doc: Json, prefix?: string[]): ValidationErrors;
  has(schemaId: string): boolean;
}

const cache = new Map<string, SchemaSet>();

export function schemaSet(set: DefaultSet, dir = SCHEMA_DIR): SchemaSet {
  const key = `${set}\0${dir}`;
  let found = cache.get(key);
  if (!found) {
    const ajv = buildAjv(set, dir);
    const compiled = new Map<string, ValidateFunction>();
    const get = (id: string) => {
      let fn = compiled.get(id);
      if (!fn) {
        fn = ajv.getSchema(id);
        if (!fn) throw new Error(`no Kazoo schema ${id}`);
        compiled.set(id, fn);
      }
      return fn;
    };
    found = {
      has: (id) => ajv.getSchema(id) !== undefined,
      validate(id, doc, prefix = []) {
        const fn = get(id);
        if (fn(doc)) return {};
        // Crossbar retries once after fixing JS-ish types ("20" -> 20, "true" -> true)
        if (coerceTypes(doc, fn.errors ?? []) && fn(doc)) return {};
        return toKazooErrors(fn.errors ?? [], prefix);
      },
    };
    cache.set(key, found);
  }
  return found;
}

function coerceTypes(doc: Json, errors: ErrorObject[]): boolean {
  let changed = false;
  for (const err of errors) {
    if (err.keyword !== 'type' || typeof err.data !== 'string') continue;
    const types = ([] as string[]).concat(err.params.type as string | string[]);
    const value = err.data.trim();
    let fixed: unknown;
    if ((types.includes('integer') || types.includes('number')) && /^-?\d+$/.test(value)) fixed = Number(value);
    else if (types.includes('boolean') && (value === 'true' || value === 'false')) fixed = value === 'true';
    else continue;
    const path = pointer(err.instancePath);
    const parent = path.slice(0, -1).reduce<unknown>((node, key) => (node as Json)?.[key], doc) as Json | undefined;
    if (parent && typeof parent === 'object') {
      parent[path[path.length - 1]] = fixed;
      changed = true;
    }
  }
  return changed;
}

const pointer = (instancePath: string): string[] =>
  instancePath === '' ? [] : instancePath.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));

/** Kazoo joins the key path with dots, escaping dots inside a segment */
export const dottedKey = (path: string[]): string => path.map((s) => s.replace(/\./g, '%2E')).join('.');

export function addError(errors: ValidationErrors, key: string, code: string, detail: Json): void {
  (errors[key] ??= {})[code] = detail;
}

const RECORDING_URL = /^(https?|ftp):\/\//i;

/** Kazoo's own check of call_recording.<direction>.<network>.url: http(s) or ftp only */
export function checkRecordingUrls(doc: Json, errors: ValidationErrors): void {
  const recording = doc.call_recording;
  if (!recording || typeof recording !== 'object') return;
  for (const [direction, networks] of Object.entries(recording as Json)) {
    for (const [network, settings] of Object.entries((networks ?? {}) as Json)) {
      const url = (settings as Json | null)?.url;
      if (typeof url === 'string' && !RECORDING_URL.test(url)) {
        addError(errors, dottedKey(['call_recording', direction, network, 'url']), 'wrong_format', { message: 'Field is not in the correct format', value: url, format: 'url' });
      }
    }
  }
}

function toKazooErrors(errors: ErrorObject[], prefix: string[]): ValidationErrors {
  const out: ValidationErrors = {};
  // like jesse, a failed oneOf/anyOf is one error, not one per branch
  const combinators = errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf').map((e) => e.schemaPath);
  for (const err of errors) {
    if (combinators.some((p) => err.schemaPath !== p && err.schemaPath.startsWith(p + '/'))) continue;
    const path = [...prefix, ...pointer(err.instancePath)];
    const p = err.params as Record<string, unknown>;
    // every error but `required` carries the offending value
    const put = (code: string, detail: Json, at = path) => addError(out, dottedKey(at), code, code === 'required' ? detail : { ...detail, value: err.data });
    switch (err.keyword) {
      case 'required':
        put('required', { message: 'Field is required but missing' }, [...path, String(p.missingProperty)]);
        break;
      case 'type':
        put('type', { message: `Value did not match type(s): ${[p.type].flat().join(', ')}`, target: p.type });
        break;
      case 'minLength':
        put('minLength', { message: `String must be at least ${p.limit} characters`, target: p.limit, cause: err.data });
        break;
      case 'maxLength':
        put('maxLength', { message: `String must not be more than ${p.limit} characters`, target: p.limit, cause: err.data });
        break;
      case 'enum':
        put('enum', { message: 'Value not found in enumerated list of values', target: p.allowedValues });
        break;
      case 'pattern':
        put('pattern', { message: `Failed to match pattern '${p.pattern}'`, target: p.pattern });
        break;
      case 'minimum':
        put('minimum', { message: `Value must be at least ${p.limit}`, target: p.limit });
        break;
      case 'maximum':
        put('maximum', { message: `Value must be at most ${p.limit}`, target: p.limit });
        break;
      case 'minItems':
        put('minItems', { message: `The list must have at least ${p.limit} items`, target: p.limit });
        break;
      case 'maxItems':
        put('maxItems', { message: `The list is more than ${p.limit} items`, target: p.limit });
        break;
      case 'format':
        put('wrong_format', { message: 'Field is not in the correct format', format: p.format });
        break;
      case 'uniqueItems':
        put('uniqueItems', { message: 'List of items is not unique' });
        break;
      case 'oneOf':
        put('not_one_schema_valid', { message: 'failed to validate' });
        break;
      case 'anyOf':
        put('any_schemas_not_valid', { message: 'failed to validate' });
        break;
      default:
        put(err.keyword, { message: 'failed to validate' });
    }
  }
  return out;
}
