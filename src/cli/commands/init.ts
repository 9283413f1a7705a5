// pbxctl init: a configuration repository in a folder.
import { Command, Option } from 'commander';
import { PIPELINES } from '../init/pipelines.ts';
import { collect, lazyAction } from '../command.ts';

export const initCommand = () =>
  new Command('init')
    .description('make a configuration repository in a folder: package.json, .gitignore, pbx.config.yaml and a CI pipeline')
    .argument('[dir]', 'the folder (made if missing)', '.')
    .option('--import <name=type>', 'fill the configuration from what is live on a provider of this type, named name (repeatable); its connection settings come from the variables the file names', collect)
    .option('--with-secrets', 'with --import: write secret fields as ${VAR} placeholders')
    .addOption(new Option('--ci <system>', 'also write a pipeline for this CI').choices(Object.keys(PIPELINES)))
    .option('--sandbox', 'with --import: read the built-in sandbox instead of the real PBXs')
    .option('--force', 'replace pbx.config.yaml and the pipeline if they exist; add to package.json and .gitignore')
    .option('--no-color', 'plain output without colours (also NO_COLOR)')
    .option('--debug', 'log every HTTP request (secrets redacted)')
    .action(lazyAction(() => import('../actions/init.ts')));
