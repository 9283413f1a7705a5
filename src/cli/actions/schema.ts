// pbxctl schema: the JSON Schema of pbx.config.yaml for editors, in one file.
import { writeFile } from 'node:fs/promises';
import { standaloneSchema } from '../../config/editor-schema.ts';
import { registry } from '../../providers/index.ts';

import { refuseOverwrite } from '../overwrite.ts';
import { type CommonOptions } from '../command.ts';
import type { Output } from '../output.ts';

interface SchemaOptions extends CommonOptions {
  output?: string;
  force?: boolean;
}

export async function run(opts: SchemaOptions, o: Output): Promise<number> {
  refuseOverwrite(opts.output ? [opts.output] : [], opts.force);
  const text = `${JSON.stringify(standaloneSchema(registry), null, 2)}\n`;
  if (!opts.output) o.out(text.trimEnd());
  else {
    await writeFile(opts.output, text);
    o.err(`Wrote the schema to ${opts.output}; point the file at it: # yaml-language-server: $schema=<path to ${opts.output}>`);
  }
  return 0;
}
