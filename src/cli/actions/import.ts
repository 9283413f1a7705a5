// pbxctl import: write the YAML for what is live on one provider.
import { writeFile } from 'node:fs/promises';
import { configYaml, importBlock, type ImportedBlock } from '../../config/write.ts';
import type { Config } from '../../engine/model.ts';
import type { ProviderModule } from '../../engine/provider.ts';
import { readLive } from '../../engine/run.ts';
import { sessionFor } from '../context.ts';
import { readingOnly } from '../interrupt.ts';
import { loadOrReport } from '../load.ts';
import { modeline } from '../installation.ts';
import { refuseOverwrite } from '../overwrite.ts';
import type { Output } from '../output.ts';
import { UserError, type CommonOptions } from '../command.ts';

interface ImportOptions extends CommonOptions {
  kinds?: string;
  withSecrets?: boolean;
  output?: string;
  force?: boolean;
}

/** the kinds a provider manages (the others are read-only catalogs) */
export const managedKinds = (module: ProviderModule): string[] =>
  Object.entries(module.capabilities.kinds).filter(([, k]) => k.operations.length > 0).map(([kind]) => kind);

/** what is live on one provider of the configuration, as its YAML block */
export async function importProvider(config: Config, name: string, opts: ImportOptions, o: Output, signal: AbortSignal): Promise<ImportedBlock & { kinds: string[] }> {
  const { pc, module, session, close } = await sessionFor(config, name, opts, o, signal);
  try {
    const managed = managedKinds(module);
    const kinds = opts.kinds ? opts.kinds.split(',').map((k) => k.trim()) : managed;
    const unknown = kinds.filter((k) => !managed.includes(k));
    if (unknown.length) throw new UserError(`${pc.type} has no kind ${unknown.join(', ')}; it manages: ${managed.join(', ')}`);
    // read as plan reads, with what references need, so they come out as names
    const read = await readLive(module, session, kinds);
    const live = Object.fromEntries(kinds.map((kind) => [kind, read[kind] ?? []]));
    return { ...(await importBlock(pc, module, live, { withSecrets: Boolean(opts.withSecrets), read })), kinds };
  } finally {
    await close();
  }
}

/** what import took from a provider, and what the user must do about it */
export function reportImport(o: Output, name: string, result: ImportedBlock & { kinds: string[] }, into?: string) {
  const count = result.kinds.map((k) => `${result.counts[k] ?? 0} ${k}`).join(', ');
  o.err(`Imported ${count} from ${name}${into ? ` into ${into}` : ''}.`);
  for (const d of result.dropped) o.err(o.style('yellow', `left out (not accepted by the schema): ${d}`));
  if (result.variables.length) o.err(`Set these variables before planning: ${result.variables.join(' ')}`);
}

export async function run(opts: ImportOptions, o: Output): Promise<number> {
  if (opts.provider?.length !== 1) throw new UserError('import takes exactly one --provider NAME');
  refuseOverwrite(opts.output ? [opts.output] : [], opts.force);
  const config = await loadOrReport(opts, o, 'connection');
  if (!config) return 1;
  const name = opts.provider[0];
  const result = await readingOnly(o, `interrupted while reading ${name}; nothing was written`, (signal) => importProvider(config, name, opts, o, signal));
  // the schema is found from the folder of the file written (stdout: the current folder)
  const yaml = configYaml({ [name]: result.block }, modeline(opts.output ?? 'pbx.config.yaml'), '', { [name]: result.notes });
  if (opts.output) await writeFile(opts.output, yaml);
  else o.out(yaml);
  reportImport(o, name, result, opts.output);
  return 0;
}
