// The schema of pbx.config.yaml, made from the provider registry: the file's top level and
// each provider type's block schema (schema.json in its folder) inlined under
// definitions/<type>, picked by the block's `type`. The loader validates interpolated values
// against it as it is; editors get it with every constrained string field (pattern, length,
// format, enum) also accepting a lone ${VAR}, whose value only the loader sees:
// schemas/pbx.config.schema.json (`npm run schemas`, beside common.schema.json) and the
// self-contained `pbxctl schema`.
import common from '../../schemas/common.schema.json' with { type: 'json' };
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
export function acceptVariables<T extends object>(schema: T): T {
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

/** a provider's schema moved under definitions/<type>: its own "#/..." references follow it */
function moved(schema: unknown, type: string): unknown {
  if (Array.isArray(schema)) return schema.map((item) => moved(item, type));
  if (!isObject(schema)) return schema;
  return Object.fromEntries(
    Object.entries(schema).map(([key, value]) =>
      key === '$ref' && typeof value === 'string' && value.startsWith('#/') ? [key, `#/definitions/${type}/${value.slice(2)}`] : [key, moved(value, type)],
    ),
  );
}

const LEVEL = { type: 'string', enum: ['error', 'warn', 'off'] };
const POLICIES_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  description: 'Checks run against the desired configuration on every plan, apply and drift: a violation is an error at its line (error) or a warning (warn). Each is off unless named.',
  properties: {
    every_did_answered: { ...LEVEL, description: 'Every DID route reaches a person, a ring group, an external number or a voicemail box at every instant of the coming year: no hang-up and no dead end.' },
    allow_hangup: { type: 'array', items: { type: 'string', minLength: 1 }, description: 'DIDs (route keys as written) that may hang up or end at some times: every_did_answered leaves them out.' },
    ring_groups_can_ring: { ...LEVEL, description: 'Every ring group has at least one member that exists (in the configuration or on the PBX) or is an external number.' },
    emergency_caller_id: { ...LEVEL, description: 'Every extension or device sets an emergency caller ID, where the provider has one (Issabel extensions, SmartPBX devices).' },
  },
};

/** the whole file's schema, strict (what the loader checks values against); refers to common.schema.json */
export function configSchema(registry: ProviderRegistry): Schema {
  const types = Object.keys(registry);
  const blocks = Object.fromEntries(
    types.map((type) => {
      const { $schema: _schema, $id: _id, ...schema } = registry[type].schema as Schema;
      return [type, moved(schema, type)];
    }),
  );
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'pbx.config.schema.json',
    $comment: 'Generated by `npm run schemas` from src/providers/<type>/schema.json: do not edit.',
    title: 'pbxctl configuration (pbx.config.yaml)',
    type: 'object',
    additionalProperties: false,
    required: ['version', 'providers'],
    properties: {
      version: { const: 1, description: "Version of this file's format. Always 1." },
      providers: {
        type: 'object',
        minProperties: 1,
        description: 'The phone systems to manage, by a name of your choice (lowercase letters, digits, _ and -).',
        propertyNames: { pattern: '^[a-z0-9][a-z0-9_-]*$' },
        additionalProperties: { $ref: '#/definitions/provider' },
      },
      policies: POLICIES_SCHEMA,
    },
    definitions: {
      providerBase: {
        type: 'object',
        required: ['type'],
        properties: { type: { $ref: 'common.schema.json#/definitions/type' } },
      },
      provider: {
        type: 'object',
        allOf: [
          { $ref: '#/definitions/providerBase' },
          ...types.map((type) => ({ if: { required: ['type'], properties: { type: { const: type } } }, then: { $ref: `#/definitions/${type}` } })),
        ],
      },
      ...blocks,
    },
  };
}

/** schemas/pbx.config.schema.json as `npm run schemas` writes it */
export const editorSchemaText = (registry: ProviderRegistry) => `${JSON.stringify(acceptVariables(configSchema(registry)), null, 2)}\n`;

/** one self-contained editor schema (common.schema.json inlined), for `pbxctl schema` */
export function standaloneSchema(registry: ProviderRegistry): Schema {
  const whole = inline(configSchema(registry), '');
  (whole.definitions as Schema)['common.schema.json'] = inline(common as Schema, 'common.schema.json');
  return acceptVariables(whole);
}
