// Loading the configuration for a command: every error printed as file:line:col (or as
// GitHub annotations), secrets redacted from then on, --provider applied.
import { resolve, relative } from 'node:path';
import { formatIssue, loadConfig, type Needs } from '../config/load.ts';
import type { Config } from '../engine/model.ts';
import { makeRedactor } from '../engine/redact.ts';
import { registry } from '../providers/index.ts';
import { UserError, type CommonOptions } from './command.ts';
import type { Output } from './output.ts';

/** the configuration, or undefined after printing every error in it */
export async function loadOrReport(opts: CommonOptions, o: Output, needs: Needs = 'all'): Promise<Config | undefined> {
  const file = relative(process.cwd(), resolve(opts.config)) || opts.config;
  const result = await loadConfig(file, {
    env: process.env,
    registry,
    sandbox: opts.sandbox,
    allowInlineSecrets: opts.allowInlineSecrets,
    only: opts.provider,
    needs,
  });
  o.redact = makeRedactor(result.secretValues);
  for (const w of result.warnings) o.err(o.style('yellow', `warning: ${formatIssue(w)}`));
  // in GitHub Actions each error becomes an annotation on its line of the file (the report code loads only then)
  if ((opts as { format?: string }).format === 'github') o.out((await import('../report/github.ts')).githubAnnotations(result.errors));
  else for (const e of result.errors) o.err(o.style('red', formatIssue(e)));
  if (result.errors.length || !result.config) {
    o.err(`${result.errors.length} error(s) in ${file}; nothing was sent to any PBX.`);
    if (!opts.sandbox && result.errors.some((e) => e.unsetVariable))
      o.err('To try the file without its secrets, against the built-in sandbox, add --sandbox.');
    return undefined;
  }
  return selectProviders(result.config, opts.provider);
}

function selectProviders(config: Config, names?: string[]): Config {
  if (!names?.length) return config;
  const known = config.providers.map((p) => p.name);
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length) throw new UserError(`unknown provider ${unknown.map((n) => `'${n}'`).join(', ')}; ${config.file} has: ${known.join(', ')}`);
  return { ...config, providers: config.providers.filter((p) => names.includes(p.name)) };
}
