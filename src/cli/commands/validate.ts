// pbxctl validate: every check that needs no PBX, offline.
import { Command, Option } from 'commander';
import { lazyAction, withCommonOptions } from '../command.ts';

export const validateCommand = () =>
  withCommonOptions(new Command('validate'))
    .description('check the configuration offline: YAML, schema, duplicates, ${VAR}s (no PBX is contacted)')
    .addOption(new Option('--format <format>', 'text, github (errors as annotations) or json').choices(['text', 'github', 'json']).default('text'))
    .option('--json', 'the same as --format json: validity and the providers, for scripts and CI matrices')
    .action(lazyAction(() => import('../actions/validate.ts')));
