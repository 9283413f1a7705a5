// pbxctl route: the path a call to a DID takes at one instant, desired and live. Changes nothing.
import { Command } from 'commander';
import { lazyAction, withCommonOptions } from '../command.ts';

export const routeCommand = () =>
  withCommonOptions(new Command('route'))
    .description('show the path a call to NUMBER takes at an instant (time rules, targets, fall-through), desired and live (read-only)')
    .argument('<number>', 'the DID called, e.g. +3292451010')
    .option('--at <time>', 'the instant: ISO 8601 (2026-12-25T19:00, in the provider\'s timezone without an offset) or "friday 19:00" (the next one); default now')
    .option('--week', 'the schedule of who answers when over a week (the week of --at, else this week): usual times by weekday and the dated exceptions')
    .option('--from <date>', 'start of the schedule (ISO 8601, in the provider\'s timezone); implies --week')
    .option('--to <date>', 'end of the schedule, exclusive; default --from + 7 days')
    .option('--live', 'only the live PBX')
    .option('--desired', 'only the configuration')
    .option('--json', 'the path as JSON')
    .option('--graph', 'the routing graph of NUMBER as Mermaid source, objects the configuration changes marked (the live PBX\'s with --live)')
    .action(lazyAction(() => import('../actions/route.ts')));
