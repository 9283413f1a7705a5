// pbxctl drift: what was changed behind git's back (read-only).
import { Command } from 'commander';
import { lazyAction, withCommonOptions, withReportOptions, withTargetOptions } from '../command.ts';

export const driftCommand = () =>
  withReportOptions(withTargetOptions(withCommonOptions(new Command('drift'))))
    .description('report what differs from the YAML on the PBXs (read-only; exit 2 when drift is found or an earlier apply is unfinished)')
    .action(lazyAction(() => import('../actions/drift.ts')));
