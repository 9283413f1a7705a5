// pbxctl schema: the JSON Schema of pbx.config.yaml for editors, in one file.
import { writeFile } from 'node:fs/promises';
import { Command } from 'commander';
import { standaloneSchema } from '../../config/editor-schema.ts';
import { registry } from '../../providers/index.ts';
import { exitWith, type CommonOptions } from '../context.ts';
import { refuseOverwrite } from '../overwrite.ts';

interface SchemaOptions extends CommonOptions {
  output?: string;
  force?: boolean;
}

export const schemaCommand = () =>
  new Command('schema')
    .description('write the JSON Schema of the configuration file, for editors (a ${VAR} is accepted in every string field)')
    .option('-o, --output <file>', 'write it to this file instead of stdout (never over an existing file without --force)')
    .option('--force', 'let --output replace an existing file')
    .option('--no-color', 'plain output without colours (also NO_COLOR)')
    .action(
      exitWith(async (opts: SchemaOptions, o) => {
        refuseOverwrite(opts.output ? [opts.output] : [], opts.force);
        const text = `${JSON.stringify(standaloneSchema(registry), null, 2)}\n`;
        if (!opts.output) o.out(text.trimEnd());
        else {
          await writeFile(opts.output, text);
          o.err(`Wrote the schema to ${opts.output}; point the file at it: # yaml-language-server: $schema=<path to ${opts.output}>`);
        }
        return 0;
      }),
    );
