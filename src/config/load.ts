// Loads pbx.config.yaml: parse, resolve ${VAR}s, validate against the schemas, run the
// semantic checks, and build the engine's Config. Every problem of the file is reported in
// one run, in file order. js-yaml reads the file first (quick-source.ts); when anything is
// to be reported, yaml's Document reads it again and places every message.
import type { Config } from '../engine/model.ts';
import type { ProviderRegistry } from '../engine/provider.ts';
import { buildConfig } from './build.ts';
import { tidy, type ConfigIssue } from './issue.ts';
import type { DataPath } from './locate.ts';
import { parseText, readText } from './parse.ts';
import { NeedsPlacing, quickSource } from './quick-source.ts';
import { checkSecrets } from './secrets.ts';
import { semanticIssues } from './semantic.ts';
import { validateSchema } from './validate.ts';
import { documentSource, type Source } from './source.ts';
import { judgeVariables } from './variables.ts';

export { formatIssue, type ConfigIssue } from './issue.ts';

export interface LoadOptions {
  env: Record<string, string | undefined>;
  registry: ProviderRegistry;
  /** the sandbox supplies the connection settings; unset secrets of objects are left unmanaged */
  sandbox?: boolean;
  allowInlineSecrets?: boolean;
  /** the providers this run uses (--provider); the others are still checked, but their unset variables are no error */
  only?: string[];
  /**
   * what the command uses: 'connection' (doctor, import, calls, call) signs in and reads,
   * so unset secrets of objects are left out; 'all' (default) needs every secret
   */
  needs?: Needs;
}

export type Needs = 'all' | 'connection';

export interface LoadResult {
  /** present when there are no errors */
  config?: Config;
  errors: ConfigIssue[];
  warnings: ConfigIssue[];
  /** every resolved secret value, for redacting output */
  secretValues: string[];
}

/** true when path is one of roots or lies below one of them */
const under = (roots: DataPath[]) => (path: DataPath) =>
  roots.some((r) => r.length <= path.length && r.every((step, i) => String(step) === String(path[i])));

function check(source: Source, opts: LoadOptions, parseWarnings: ConfigIssue[]): LoadResult {
  const { parsed, placement } = source;
  const { registry } = opts;

  const found = source.interpolate(opts.env);
  const resolved: unknown = source.values();
  const all = Object.keys((resolved as { providers?: object } | null)?.providers ?? {});
  const aside = new Set(opts.only?.length ? all.filter((name) => !opts.only!.includes(name)) : []);
  const vars = judgeVariables(found, resolved, registry, { sandbox: opts.sandbox ?? false, connectionOnly: opts.needs === 'connection' }, aside);
  for (const path of vars.drop) source.drop(path);
  // the document as JS once more only when values were dropped from it
  const data: unknown = vars.drop.length ? source.values() : resolved;

  const ctx = { parsed, data, registry };
  const secrets = checkSecrets(parsed, data, registry, found, opts.allowInlineSecrets ?? false);
  const characters = source.characters(data, registry, found);
  const schemaErrors = validateSchema(ctx, under([...vars.drop, ...vars.broken, ...secrets.broken, ...characters.broken]));
  const errors = tidy([...vars.errors, ...schemaErrors, ...semanticIssues(parsed, data, registry), ...secrets.errors, ...characters.errors]);
  const warnings = tidy([...parseWarnings, ...vars.warnings]);
  const config = errors.length ? undefined : buildConfig(placement, data, registry);
  return { config, errors, warnings, secretValues: secrets.values };
}

/** the quick reading's result when it has nothing to place, else undefined */
export function loadQuickly(file: string, text: string, opts: LoadOptions): LoadResult | undefined {
  const source = quickSource(file, text);
  if (!source) return undefined;
  try {
    const result = check(source, opts, []);
    return result.errors.length || result.warnings.length ? undefined : result;
  } catch (err) {
    if (err instanceof NeedsPlacing) return undefined;
    throw err;
  }
}

/** the file's text loaded; `quick: false` reads it with yaml only (the tests compare both) */
export function loadText(file: string, text: string, opts: LoadOptions, quick = true): LoadResult {
  const fast = quick ? loadQuickly(file, text, opts) : undefined;
  if (fast) return fast;
  const { parsed, errors: parseErrors, warnings: parseWarnings } = parseText(file, text);
  if (!parsed) return { errors: tidy(parseErrors), warnings: tidy(parseWarnings), secretValues: [] };
  return check(documentSource(parsed), opts, parseWarnings);
}

export async function loadConfig(file: string, opts: LoadOptions): Promise<LoadResult> {
  const text = await readText(file);
  return typeof text === 'string' ? loadText(file, text, opts) : { errors: tidy(text.errors), warnings: tidy(text.warnings), secretValues: [] };
}
