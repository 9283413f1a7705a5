// pbxctl calls: the call history of one provider between two days, with totals per source.
import { Command, Option } from 'commander';
import { CALLS_FORMATS } from '../../report/calls.ts';
import { lazyAction, withCommonOptions } from '../command.ts';

export const callsCommand = () =>
  withCommonOptions(new Command('calls'))
    .description('print the call history of one provider (VoipCenter, TEL4VN) between two days, with totals per source')
    .requiredOption('--from <date>', 'first day, YYYY-MM-DD')
    .requiredOption('--to <date>', 'last day, YYYY-MM-DD (included)')
    .option('--source <number>', 'only calls from this number or extension')
    .addOption(new Option('--format <format>', 'output format').choices(CALLS_FORMATS).default('table'))
    .action(lazyAction(() => import('../actions/calls.ts')));
