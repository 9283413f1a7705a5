// Every pbxctl command, each in its own file; tests walk this to check the examples.
import { Command } from 'commander';
import pkg from '../../package.json' with { type: 'json' };
import { applyCommand } from './commands/apply.ts';
import { callCommand } from './commands/call.ts';
import { callsCommand } from './commands/calls.ts';
import { commentCommand } from './commands/comment.ts';
import { doctorCommand } from './commands/doctor.ts';
import { driftCommand } from './commands/drift.ts';
import { importCommand } from './commands/import.ts';
import { initCommand } from './commands/init.ts';
import { planCommand } from './commands/plan.ts';
import { routeCommand } from './commands/route.ts';
import { sandboxCommand } from './commands/sandbox.ts';
import { schemaCommand } from './commands/schema.ts';
import { validateCommand } from './commands/validate.ts';

export const buildProgram = () =>
  new Command('pbxctl')
    .description('Plan, apply and check the configuration of phone systems from YAML in git')
    .version(pkg.version)
    .showHelpAfterError()
    .addCommand(initCommand())
    .addCommand(validateCommand())
    .addCommand(planCommand())
    .addCommand(applyCommand())
    .addCommand(driftCommand())
    .addCommand(importCommand())
    .addCommand(doctorCommand())
    .addCommand(callsCommand())
    .addCommand(callCommand())
    .addCommand(routeCommand())
    .addCommand(commentCommand())
    .addCommand(sandboxCommand())
    .addCommand(schemaCommand());
