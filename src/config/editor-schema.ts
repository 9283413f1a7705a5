// The schema editors check pbx.config.yaml with, as written: a constrained string field
// (pattern, length, format, enum) also accepts a lone ${VAR}, whose value only the loader
// sees. The loader itself validates the interpolated values against the strict schemas.
import common from '../../schemas/common.schema.json' with { type: 'json' };
import top from '../../schemas/pbx.config.schema.json' with { type: 'json' };
import type { ProviderRegistry } from '../engine/provider.ts';

type Schema = Record<string, unknown>;

export const VARIABLE_PATTERN = '^\\$\\{[A-Za-z_][A-Za-z0-9_]*(:-[^}]*)?\\}$';

const CONSTRAINTS = ['pattern', 'minLength', 'maxLength', 'format', 'enum'];
const ANNOTATIONS = ['title', 'description', 'markdownDescription', 'default', 'examples', 'deprecated'];
/** keywords whose value is a map of subschemas, or a subschema or list of subschemas */
const SCHEMA_MAPS = ['properties', 'patternProperties', 'definitions', '$defs', 'dependencies'];
const SUBSCHEMAS = ['items', 'additionalItems', 'additionalProperties', 'contains', 'not', 'if', 'then', 'else', 'propertyNames', 'allOf', 'anyOf', 'oneOf'];

const isObject = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);

function takesStrings(s: Schema): boolean {
  const { type } = s;
  if (type === 'string' || (Array.isArray(type) && type.includes('string'))) return true;
  return type === undefined && Array.isArray(s.enum) && s.enum.every((v) => typeof v === 'string');
}

/** maps every subschema of s (not s itself) through f */
function mapSubschemas(s: Schema, f: (sub: Schema) => Schema): Schema {
  const out: Schema = {};
  for (const [key, value] of Object.entries(s)) {
    if (SCHEMA_MAPS.includes(key) && isObject(value)) out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, isObject(v) ? f(v) : v]));
    else if (SUBSCHEMAS.includes(key) && isObject(value)) out[key] = f(value);
    else if (SUBSCHEMAS.includes(key) && Array.isArray(value)) out[key] = value.map((v) => (isObject(v) ? f(v) : v));
    else out[key] = value;
  }
  return out;
}

/** the schema with every constrained string field also accepting a ${VAR} */
export function editorSchema<T extends object>(schema: T): T {
  const visit = (s: Schema): Schema => {
    const inner = mapSubschemas(s, visit);
    if (!takesStrings(inner) || !CONSTRAINTS.some((k) => k in inner)) return inner;
    const annotations = Object.fromEntries(Object.entries(inner).filter(([k]) => ANNOTATIONS.includes(k)));
    const checks = Object.fromEntries(Object.entries(inner).filter(([k]) => !ANNOTATIONS.includes(k)));
    return { ...annotations, anyOf: [checks, { type: 'string', pattern: VARIABLE_PATTERN, description: 'an environment variable giving the value' }] };
  };
  return visit(schema as Schema) as T;
}

/** $refs between the schema files, pointed into one file's definitions (keyed by file name) */
function inline(s: Schema, file: string): Schema {
  const visit = (node: Schema): Schema => {
    const out = mapSubschemas(node, visit);
    delete out.$id;
    delete out.$schema;
    const ref = node.$ref;
    if (typeof ref !== 'string') return out;
    const [target, pointer = ''] = ref.split('#');
    if (!target && !file) return out;
    out.$ref = `#/definitions/${(target || file).replace(/~/g, '~0').replace(/\//g, '~1')}${pointer}`;
    return out;
  };
  return visit(s);
}

/** one self-contained editor schema for the registry's provider types, for `pbxctl schema` */
export function standaloneSchema(registry: ProviderRegistry): Schema {
  const files: Record<string, object> = { 'common.schema.json': common };
  for (const [type, module] of Object.entries(registry)) files[`${type}.schema.json`] = module.schema;
  const provider = {
    type: 'object',
    allOf: [
      { $ref: '#/definitions/providerBase' },
      ...Object.keys(registry).map((type) => ({
        if: { required: ['type'], properties: { type: { const: type } } },
        then: { $ref: `${type}.schema.json` },
      })),
    ],
  };
  const whole = inline({ ...top, definitions: { providerBase: top.definitions.providerBase, provider } }, '');
  for (const [file, schema] of Object.entries(files)) (whole.definitions as Schema)[file] = inline(schema as Schema, file);
  return { $schema: top.$schema, ...editorSchema(whole) };
}
