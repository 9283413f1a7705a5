// pbxctl route: the path a call to a DID takes at one instant, desired and live. Changes nothing.
import { Command } from 'commander';
import { lazyAction, withCommonOptions } from '../command.ts';

export const routeCommand = () =>
  withCommonOptions(new Command('route'))
    .description('show the path a call to NUMBER takes at an instant (time rules, targets, fall-through), desired and live (read-only)')
    .argument('<number>', 'the DID called, e.g. +3292451010')
    .option('--at <time>', 'the instant: ISO 8601 (2026-12-25T19:00, in the provider\'s timezone without an offset) or "friday 19:00" (the next one); default now')
    .option('--live', 'only the live PBX')
    .option('--desired', 'only the configuration')
    .option('--json', 'the path as JSON')
    .action(lazyAction(() => import('../actions/route.ts')));
