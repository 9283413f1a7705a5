// Reads the configuration file into a YAML document that keeps every node's position.
import { readFile, stat } from 'node:fs/promises';
import { isMap, isSeq, LineCounter, parseDocument, type Document, type YAMLError } from 'yaml';
import { aliasProblem } from './aliases.ts';
import { decodeUtf8 } from './encoding.ts';
import type { ConfigIssue } from './issue.ts';
import type { Parsed } from './locate.ts';

export const MAX_CONFIG_BYTES = 5 * 1024 * 1024;

export interface ParseResult {
  parsed?: Parsed;
  errors: ConfigIssue[];
  warnings: ConfigIssue[];
}

const fail = (file: string, message: string): ParseResult => ({
  errors: [{ file, line: 1, col: 1, message }],
  warnings: [],
});

// yaml appends the offending source line to its messages; that line may hold a secret.
// It also places indentation errors at the start of the line: point past the indentation.
function yamlIssue(file: string, text: string, lines: LineCounter, e: YAMLError): ConfigIssue {
  let offset = e.pos[0];
  while (text[offset] === ' ' || text[offset] === '\t') offset++;
  const { line, col } = lines.linePos(Math.min(offset, text.length));
  return { file, line, col, message: `YAML: ${e.message.split(/ at line \d+, column \d+/)[0]}` };
}

export async function readText(file: string): Promise<string | ParseResult> {
  try {
    const info = await stat(file);
    if (!info.isFile()) return fail(file, 'not a file');
    if (info.size > MAX_CONFIG_BYTES) {
      return fail(file, `the file is ${(info.size / 1024 / 1024).toFixed(1)} MB; configuration files are limited to 5 MB`);
    }
    const text = decodeUtf8(await readFile(file));
    return typeof text === 'string' ? text : { errors: [{ file, ...text }], warnings: [] };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return fail(file, code === 'ENOENT' ? 'file not found' : `cannot read the file (${code ?? String(err)})`);
  }
}

function shapeError(parsed: Parsed): string | undefined {
  const top = parsed.doc.contents;
  if (top === null || (top && 'value' in top && top.value === null)) return 'the file is empty: expected version: 1 and providers';
  if (isMap(top)) return undefined;
  const found = isSeq(top) ? 'a list' : 'a single value';
  return `the file must be a mapping with version and providers (found ${found})`;
}

function aliasIssue(file: string, doc: Document, lines: LineCounter): ConfigIssue | undefined {
  const problem = aliasProblem(doc);
  if (!problem) return undefined;
  const { alias, kind } = problem;
  const message =
    kind === 'unresolved'
      ? `YAML: the alias *${alias.source} has no anchor &${alias.source} before it`
      : `YAML: the alias *${alias.source} expands to too many values (an alias count this high is how a file exhausts a reader's memory)`;
  return { file, ...lines.linePos(alias.range?.[0] ?? 0), message };
}

export function parseText(file: string, text: string): ParseResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, merge: true });
  const issue = (e: YAMLError) => yamlIssue(file, text, lines, e);
  const warnings = doc.warnings.map(issue);
  if (doc.errors.length) return { errors: doc.errors.map(issue), warnings };
  const alias = aliasIssue(file, doc, lines);
  if (alias) return { errors: [alias], warnings };
  const parsed: Parsed = { file, text, doc, lines };
  const shape = shapeError(parsed);
  return shape ? { ...fail(file, shape), warnings } : { parsed, errors: [], warnings };
}
