// pbxctl call: start a call from a SIP account to a number (click-to-call), e.g. as a
// smoke test after apply.
import { Command } from 'commander';
import { exitWith, loadOrReport, sessionFor, UserError, withCommonOptions, type CommonOptions } from '../context.ts';
import { oneProvider } from './calls.ts';

interface CallOptions extends CommonOptions {
  from: string;
  to: string;
}

export const callCommand = () =>
  withCommonOptions(new Command('call'))
    .description('start a call: ring a SIP account first, then connect it to a number (VoipCenter)')
    .requiredOption('--from <sipaccount>', 'username of the SIP account that is rung first, e.g. 204517_201')
    .requiredOption('--to <number>', 'number to call: E.164 (+3293456789), Belgian (093456789) or international digits (3293456789); checked before anything is sent')
    .action(
      exitWith(async (opts: CallOptions, o) => {
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
      }),
    );
