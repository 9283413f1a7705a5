// pbxctl call: start a call from a SIP account to a number (click-to-call), e.g. as a
// smoke test after apply.
import { sessionFor } from '../context.ts';
import { readingOnly } from '../interrupt.ts';
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
  const started = await readingOnly(o, 'interrupted before the PBX answered: the call may or may not have been started', async (signal) => {
    const { module, session, close } = await sessionFor(config, name, opts, o, signal);
    try {
      if (!session.call) throw new UserError(`${name} (${module.title}) cannot start calls`);
      return await session.call(opts.from, opts.to);
    } finally {
      await close();
    }
  });
  o.out(started);
  return 0;
}
