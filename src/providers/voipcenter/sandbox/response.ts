// The answer envelope (decisions.md): {head: {code, message}, body} as json, as xml under
// a <response> root (list entries become repeated <item> elements), or PHP-serialized.
// HTTP status is 200 whatever the code.
import { XMLBuilder } from 'fast-xml-parser';
import { phpSerialize, type PhpValue } from './php-serialize.ts';

export const FORMATS = ['php', 'json', 'xml'] as const;
export type Format = (typeof FORMATS)[number];
export const isFormat = (f: string | undefined): f is Format => FORMATS.includes(f as Format);

export const MESSAGES = {
  0: 'OK',
  // body errors
  1: 'Could not connect to server',
  2: 'Incorrect ID',
  20: 'Call Auth failed',
  21: 'Call Leg failed',
  // head errors
  10: 'Missing parameters',
  11: 'Timestamp mismatch',
  12: 'Wrong format',
  13: 'Too many attempts',
  14: 'Incorrect hash',
  15: 'User password incorrect',
  16: 'API user not allowed',
  17: 'Param not correct',
} as const;
export type Code = keyof typeof MESSAGES;

export interface Answer {
  code: Code;
  body: PhpValue;
}

export const ok = (body: PhpValue): Answer => ({ code: 0, body });
export const fail = (code: Exclude<Code, 0>): Answer => ({ code, body: [] });

const xml = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_' });

const forXml = (value: PhpValue): unknown => {
  if (Array.isArray(value)) return value.length ? { item: value.map(forXml) } : '';
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, forXml(v)]));
  return value;
};

const CONTENT_TYPES: Record<Format, string> = {
  json: 'application/json; charset=utf-8',
  xml: 'text/xml; charset=utf-8',
  php: 'text/plain; charset=utf-8',
};

export function encode(answer: Answer, format: Format): { contentType: string; text: string } {
  const tree = { head: { code: answer.code, message: MESSAGES[answer.code] }, body: answer.body };
  const text =
    format === 'json'
      ? JSON.stringify(tree)
      : format === 'xml'
        ? xml.build({ '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' }, response: forXml(tree) })
        : phpSerialize(tree);
  return { contentType: CONTENT_TYPES[format], text };
}
