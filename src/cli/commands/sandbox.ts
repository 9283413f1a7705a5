// pbxctl sandbox serve | reset: the emulators on loopback ports, and back to the seeded state.
import { Command } from 'commander';
import { lazyAction, withCommonOptions } from '../command.ts';

/** the server default sets the SmartPBX sandbox can fill documents with */
export const KAZOO_DEFAULT_SETS = ['4.0', '4.3'];

export const sandboxCommand = () => {
  const sandbox = new Command('sandbox').description('the built-in emulators of every provider type');
  sandbox.addCommand(
    withCommonOptions(new Command('serve'), { sandbox: false })
      .description('serve an emulator per provider of the configuration on 127.0.0.1 until Ctrl-C')
      .option('--port <n>', 'first port to use (one per provider, counting up); random when absent')
      .option('--faults <file>', 'inject faults per provider (YAML or JSON; see docs/sandbox.md)')
      .option('--kazoo-defaults <version>', `the Kazoo defaults SmartPBX sandboxes fill documents with: ${KAZOO_DEFAULT_SETS.join(' or ')} (default 4.0, the seed document's)`)
      .action(lazyAction(async () => ({ run: (await import('../actions/sandbox.ts')).serve }))),
  );
  sandbox.addCommand(
    withCommonOptions(new Command('reset'), { sandbox: false })
      .description('put every emulator of the configuration back to its seeded state')
      .action(lazyAction(async () => ({ run: (await import('../actions/sandbox.ts')).reset }))),
  );
  return sandbox;
};
