// pbxctl call: start a call from a SIP account to a number (click-to-call), e.g. as a
// smoke test after apply.
import { sessionFor } from '../context.ts';
import { loadOrReport } from '../load.ts';
import { oneProvider } from './calls.ts';
import { UserError, type CommonOptions } from '../command.ts';
import type { Output } from '../output.ts';

interface CallOptions extends CommonOptions {
  from: string;
  to: string;
}

export async function run(opts: CallOptions, o: Output): Promise<number> {
  const name = oneProvider(opts);
  const config = await loadOrReport(opts, o, 'connection');
  if (!config) return 1;
  const { module, session, close } = await sessionFor(config, name, opts, o);
  try {
    if (!session.call) throw new UserError(`${name} (${module.title}) cannot start calls`);
    o.out(await session.call(opts.from, opts.to));
    return 0;
  } finally {
    await close();
  }
}
