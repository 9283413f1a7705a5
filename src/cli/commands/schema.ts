// pbxctl schema: the JSON Schema of pbx.config.yaml for editors, in one file.
import { Command } from 'commander';
import { lazyAction } from '../command.ts';

export const schemaCommand = () =>
  new Command('schema')
    .description('write the JSON Schema of the configuration file, for editors (a ${VAR} is accepted in every string field)')
    .option('-o, --output <file>', 'write it to this file instead of stdout (never over an existing file without --force)')
    .option('--force', 'let --output replace an existing file')
    .option('--no-color', 'plain output without colours (also NO_COLOR)')
    .action(lazyAction(() => import('../actions/schema.ts')));
