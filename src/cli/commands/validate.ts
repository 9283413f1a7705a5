// pbxctl validate: every check that needs no PBX, offline.
import { Command, Option } from 'commander';
import { exitWith, loadOrReport, withCommonOptions, type CommonOptions } from '../context.ts';

interface ValidateOptions extends CommonOptions {
  format: 'text' | 'github' | 'json';
  json?: boolean;
}

export const validateCommand = () =>
  withCommonOptions(new Command('validate'))
    .description('check the configuration offline: YAML, schema, duplicates, ${VAR}s (no PBX is contacted)')
    .addOption(new Option('--format <format>', 'text, github (errors as annotations) or json').choices(['text', 'github', 'json']).default('text'))
    .option('--json', 'the same as --format json: validity and the providers, for scripts and CI matrices')
    .action(
      exitWith(async (opts: ValidateOptions, o) => {
        const config = await loadOrReport(opts, o);
        const providers = config?.providers.map((p) => ({
          name: p.name,
          type: p.type,
          objects: Object.values(p.kinds).reduce((n, k) => n + k.objects.length, 0),
        }));
        if (opts.json || opts.format === 'json') o.out(JSON.stringify({ valid: Boolean(config), providers: providers ?? [] }, null, 2));
        else if (config && providers)
          o.out(`${config.file} is valid: ${providers.length} provider(s), ${providers.reduce((n, p) => n + p.objects, 0)} object(s).`);
        return config ? 0 : 1;
      }),
    );
