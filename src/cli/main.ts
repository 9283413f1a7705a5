// pbxctl: declarative configuration of phone systems. Each command lives in its own file.
import { Command } from 'commander';
import pkg from '../../package.json' with { type: 'json' };
import { applyCommand } from './commands/apply.ts';
import { planCommand } from './commands/plan.ts';
import { sandboxCommand } from './commands/sandbox.ts';
import { validateCommand } from './commands/validate.ts';

const program = new Command('pbxctl')
  .description('Plan, apply and check the configuration of phone systems from YAML in git')
  .version(pkg.version)
  .showHelpAfterError()
  .addCommand(validateCommand())
  .addCommand(planCommand())
  .addCommand(applyCommand())
  .addCommand(sandboxCommand());

await program.parseAsync(process.argv);
