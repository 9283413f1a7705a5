// pbxctl validate: every check that needs no PBX, offline.
import { loadOrReport } from '../load.ts';
import { type CommonOptions } from '../command.ts';
import type { Output } from '../output.ts';

interface ValidateOptions extends CommonOptions {
  format: 'text' | 'github' | 'json';
  json?: boolean;
}

export async function run(opts: ValidateOptions, o: Output): Promise<number> {
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
}
