// pbxctl validate: every check that needs no PBX, offline.
import { Command } from 'commander';
import { exitWith, loadOrReport, withCommonOptions, type CommonOptions } from '../context.ts';

export const validateCommand = () =>
  withCommonOptions(new Command('validate'))
    .description('check the configuration offline: YAML, schema, duplicates, ${VAR}s (no PBX is contacted)')
    .action(
      exitWith(async (opts: CommonOptions, o) => {
        const config = await loadOrReport(opts, o);
        if (!config) return 1;
        const objects = config.providers.reduce((n, p) => n + Object.values(p.kinds).reduce((m, k) => m + k.objects.length, 0), 0);
        o.out(`${config.file} is valid: ${config.providers.length} provider(s), ${objects} object(s).`);
        return 0;
      }),
    );
