// pbxctl call: start a call from a SIP account to a number (click-to-call).
import { Command } from 'commander';
import { lazyAction, withCommonOptions } from '../command.ts';

export const callCommand = () =>
  withCommonOptions(new Command('call'))
    .description('start a call: ring a SIP account first, then connect it to a number (VoipCenter)')
    .requiredOption('--from <sipaccount>', 'username of the SIP account that is rung first, e.g. 204517_201')
    .requiredOption('--to <number>', 'number to call: E.164 (+3293456789), Belgian (093456789) or international digits (3293456789); checked before anything is sent')
    .action(lazyAction(() => import('../actions/call.ts')));
