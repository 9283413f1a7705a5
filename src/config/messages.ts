// Turns one ajv error into a message for people, placed at the YAML node it is about.
// Values of secret fields are never repeated back.
import { isScalar } from 'yaml';
import type { ErrorObject } from 'ajv';
import type { ProviderRegistry } from '../engine/provider.ts';
import type { ConfigIssue } from './issue.ts';
import { locate, locationOf, type DataPath, type Parsed } from './locate.ts';
import { container, label, subjectOf, type Subject } from './subject.ts';
import { didYouMean } from './suggest.ts';

export interface Context {
  parsed: Parsed;
  data: unknown;
  registry: ProviderRegistry;
}

type Schema = Record<string, unknown>;

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  object: 'a mapping',
  array: 'a list',
  null: 'empty',
};

const PATTERN_HINTS: Record<string, string> = {
  '^[0-9]+$': 'must be a string of digits',
  '^[0-9]+#?$': 'must be digits, optionally followed by #',
  '^[a-z0-9][a-z0-9_-]*$': 'must be lowercase letters, digits, _ and - (starting with a letter or digit)',
  '^\\+[1-9][0-9]{6,14}$': 'must be in E.164: + then the country code and the number, without spaces (e.g. +622150001000, not 021-5000-1000)',
  '^([0-9A-Fa-f]{2}[:.-]?){5}[0-9A-Fa-f]{2}$': 'must be a MAC address like 00:11:22:33:44:55 (six pairs of hex digits)',
};

const FORMAT_HINTS: Record<string, string> = {
  email: 'must be an email address',
  uri: 'must be a full URL such as https://pbx.example.com/pbxapi',
};

function shown(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return JSON.stringify(value);
}

/** " (got ...)", or nothing for a secret */
const got = (value: unknown, s: Subject): string => (s.secret ? '' : ` (got ${shown(value)})`);

const sourceText = (ctx: Context, path: DataPath): string => {
  const node = locate(ctx.parsed.doc, path).node;
  return isScalar(node) && node.range ? ctx.parsed.text.slice(node.range[0], node.range[1]) : String(node);
};

function typeMessage(ctx: Context, e: ErrorObject, path: DataPath, s: Subject): string {
  const expected = String(e.params.type);
  const pattern = (e.parentSchema as Schema | undefined)?.pattern;
  if (expected === 'string' && typeof e.data === 'number' && typeof pattern === 'string' && pattern.startsWith('^[0-9]+')) {
    const quoted = s.secret ? 'it' : `"${sourceText(ctx, path)}"`;
    return `${label(s)} must be a string of digits: write ${quoted} in quotes`;
  }
  // YAML reads +622150001030 as a number and drops the +: the text as written shows it
  if (expected === 'string' && typeof e.data === 'number' && !s.secret) {
    return `${label(s)} must be a string: write "${sourceText(ctx, path)}" in quotes`;
  }
  const names = expected.split(',').map((t) => TYPE_NAMES[t] ?? t);
  return `${label(s)} must be ${names.join(' or ')}${got(e.data, s)}`;
}

function rangeMessage(e: ErrorObject, s: Subject): string {
  const { minimum, maximum } = (e.parentSchema ?? {}) as Schema;
  const bounds =
    minimum !== undefined && maximum !== undefined
      ? `between ${minimum} and ${maximum}`
      : minimum !== undefined
        ? `at least ${minimum}`
        : `at most ${maximum}`;
  return `${label(s)} must be ${bounds}${got(e.data, s)}`;
}

function lengthMessage(e: ErrorObject, s: Subject): string {
  const limit = Number(e.params.limit);
  const length = typeof e.data === 'string' ? [...e.data].length : 0;
  if (e.keyword === 'minLength' && limit === 1) return `${label(s)} must not be empty`;
  const bound = e.keyword === 'maxLength' ? 'at most' : 'at least';
  return `${label(s)} is ${bound} ${limit} characters (got ${length})`;
}

function enumMessage(e: ErrorObject, s: Subject): string {
  const allowed = (e.params.allowedValues as unknown[]).map(String);
  const hint = !s.secret && typeof e.data === 'string' ? didYouMean(e.data, allowed) : '';
  return `${label(s)} must be one of: ${allowed.join(', ')}${got(e.data, s)}${hint}`;
}

function unknownKeyMessage(e: ErrorObject, s: Subject): string {
  const key = String(e.params.additionalProperty);
  const allowed = Object.keys(((e.parentSchema as Schema | undefined)?.properties ?? {}) as Schema);
  const hint = didYouMean(key, allowed) || `; allowed keys: ${allowed.join(', ')}`;
  return `unknown key '${key}' ${container(s)}${hint}`;
}

function requiredMessage(ctx: Context, e: ErrorObject, path: DataPath): string {
  const missing = String(e.params.missingProperty);
  const s = subjectOf([...path, missing], ctx.data, ctx.registry);
  const types = s.role === 'common' && missing === 'type' ? ` (known types: ${Object.keys(ctx.registry).join(', ')})` : '';
  return `${label(s)} is required${types}`;
}

function message(ctx: Context, e: ErrorObject, path: DataPath): string {
  const s = subjectOf(path, ctx.data, ctx.registry);
  switch (e.keyword) {
    case 'additionalProperties':
      return unknownKeyMessage(e, s);
    case 'required':
      return requiredMessage(ctx, e, path);
    case 'type':
      return typeMessage(ctx, e, path, s);
    case 'enum':
      return enumMessage(e, s);
    case 'const':
      return `${label(s)} must be ${JSON.stringify(e.params.allowedValue)}${got(e.data, s)}`;
    case 'minimum':
    case 'maximum':
      return rangeMessage(e, s);
    case 'minLength':
    case 'maxLength':
      return lengthMessage(e, s);
    case 'pattern':
      return `${label(s)} ${PATTERN_HINTS[String(e.params.pattern)] ?? `must match ${e.params.pattern}`}${got(e.data, s)}`;
    case 'format':
      return `${label(s)} ${FORMAT_HINTS[String(e.params.format)] ?? `must be a valid ${e.params.format}`}${got(e.data, s)}`;
    case 'minProperties':
      return `${label(s)} must not be empty`;
    default:
      return `${label(s)} ${e.message ?? 'is not valid'}`;
  }
}

/** the path the message is placed at and whether to point at its key */
function anchor(e: ErrorObject, path: DataPath): [DataPath, 'key' | 'value'] {
  if (e.propertyName !== undefined) return [[...path, e.propertyName], 'key'];
  if (e.keyword === 'additionalProperties') return [[...path, String(e.params.additionalProperty)], 'key'];
  if (e.keyword === 'uniqueItems') return [[...path, Math.max(Number(e.params.i), Number(e.params.j))], 'value'];
  return [path, e.keyword === 'required' ? 'key' : 'value'];
}

function propertyNameMessage(ctx: Context, e: ErrorObject, path: DataPath): string {
  const s = subjectOf(path, ctx.data, ctx.registry);
  const what = s.role === 'top' && s.field === 'providers' ? 'provider name' : `key in ${label(s)}`;
  return `${what} '${e.propertyName}' ${PATTERN_HINTS[String(e.params.pattern)] ?? 'is not allowed'}`;
}

function uniqueMessage(ctx: Context, e: ErrorObject, path: DataPath): string {
  const [at] = anchor(e, path);
  const s = subjectOf(path, ctx.data, ctx.registry);
  const items = Array.isArray(e.data) ? e.data : [];
  const value = s.secret ? '' : ` ${JSON.stringify(items[Number(at[at.length - 1])])}`;
  return `${label(s)} lists${value} twice`;
}

/** wrappers whose inner errors already say what is wrong */
const NOISE = new Set(['if', 'anyOf', 'oneOf', 'allOf', 'propertyNames']);

export function toIssue(ctx: Context, e: ErrorObject, path: DataPath): ConfigIssue | undefined {
  if (NOISE.has(e.keyword)) return undefined;
  const [at, prefer] = anchor(e, path);
  const text =
    e.propertyName !== undefined
      ? propertyNameMessage(ctx, e, path)
      : e.keyword === 'uniqueItems'
        ? uniqueMessage(ctx, e, path)
        : message(ctx, e, path);
  return { ...locationOf(ctx.parsed, at, prefer), message: text };
}
