// pbxctl import: write the YAML for what is live on one provider.
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { Command } from 'commander';
import { importYaml } from '../../config/write.ts';
import { readLive } from '../../engine/run.ts';
import { exitWith, loadOrReport, sessionFor, UserError, withCommonOptions, type CommonOptions } from '../context.ts';

interface ImportOptions extends CommonOptions {
  kinds?: string;
  withSecrets?: boolean;
  output?: string;
  force?: boolean;
}

export const importCommand = () =>
  withCommonOptions(new Command('import'))
    .description('write the YAML for what is live on a provider (secret fields left out unless --with-secrets)')
    .option('--kinds <list>', 'comma-separated kinds to import (default: every kind the provider manages)')
    .option('--with-secrets', 'write secret fields as ${VAR} placeholders and list the variable names (never values)')
    .option('-o, --output <file>', 'write the YAML to this file instead of stdout (never over an existing file without --force)')
    .option('--force', 'let --output replace an existing file')
    .action(
      exitWith(async (opts: ImportOptions, o) => {
        if (opts.provider?.length !== 1) throw new UserError('import takes exactly one --provider NAME');
        if (opts.output && existsSync(opts.output) && !opts.force)
          throw new UserError(`${opts.output} exists: import writes a new file; pick another name or pass --force to replace it`);
        const config = await loadOrReport(opts, o, 'connection');
        if (!config) return 1;
        const { pc, module, session, close } = await sessionFor(config, opts.provider[0], opts, o);
        try {
          const managed = Object.entries(module.capabilities.kinds).filter(([, k]) => k.operations.length > 0).map(([kind]) => kind);
          const kinds = opts.kinds ? opts.kinds.split(',').map((k) => k.trim()) : managed;
          const unknown = kinds.filter((k) => !managed.includes(k));
          if (unknown.length) throw new UserError(`${pc.type} has no kind ${unknown.join(', ')}; it manages: ${managed.join(', ')}`);
          // read as plan reads, with what references need, so they come out as names
          const live = await readLive(module, session, kinds);
          for (const kind of Object.keys(live)) if (!kinds.includes(kind)) delete live[kind];
          const result = await importYaml(pc, module, live, { withSecrets: Boolean(opts.withSecrets) });
          if (opts.output) await writeFile(opts.output, result.yaml);
          else o.out(result.yaml);
          const count = kinds.map((k) => `${result.counts[k] ?? 0} ${k}`).join(', ');
          o.err(`Imported ${count} from ${pc.name}${opts.output ? ` into ${opts.output}` : ''}.`);
          for (const d of result.dropped) o.err(o.style('yellow', `left out (not accepted by the schema): ${d}`));
          if (result.variables.length) o.err(`Set these variables before planning: ${result.variables.join(' ')}`);
          return 0;
        } finally {
          await close();
        }
      }),
    );
