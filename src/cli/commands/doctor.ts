// pbxctl doctor: can every provider be reached with these credentials? Changes nothing.
import { Command } from 'commander';
import { lazyAction, withCommonOptions } from '../command.ts';

export const doctorCommand = () =>
  withCommonOptions(new Command('doctor'))
    .description('check connectivity and credentials of every provider and show its account (read-only)')
    .action(lazyAction(() => import('../actions/doctor.ts')));
