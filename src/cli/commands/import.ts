// pbxctl import: write the YAML for what is live on one provider.
import { Command } from 'commander';
import { lazyAction, withCommonOptions } from '../command.ts';

export const importCommand = () =>
  withCommonOptions(new Command('import'))
    .description('write the YAML for what is live on a provider (secret fields left out unless --with-secrets)')
    .option('--kinds <list>', 'comma-separated kinds to import (default: every kind the provider manages)')
    .option('--with-secrets', 'write secret fields as ${VAR} placeholders and list the variable names (never values)')
    .option('-o, --output <file>', 'write the YAML to this file instead of stdout (never over an existing file without --force)')
    .option('--force', 'let --output replace an existing file')
    .action(lazyAction(() => import('../actions/import.ts')));
