// pbxctl sandbox serve | reset: the emulators on loopback ports for curl and other
// tools, and back to the seeded state.
import { join } from 'node:path';
import { Command } from 'commander';
import { emulators } from '../../sandbox/registry.ts';
import { startSandbox, stateDirFor } from '../../sandbox/start.ts';
import { exitWith, loadOrReport, withCommonOptions, type CommonOptions } from '../context.ts';

interface ServeOptions extends CommonOptions {
  port?: string;
}

export const sandboxCommand = () => {
  const sandbox = new Command('sandbox').description('the built-in emulators of every provider type');
  sandbox.addCommand(
    withCommonOptions(new Command('serve'), { sandbox: false })
      .description('serve an emulator per provider of the configuration on 127.0.0.1 until Ctrl-C')
      .option('--port <n>', 'first port to use (one per provider, counting up); random when absent')
      .action(
        exitWith(async (opts: ServeOptions, o) => {
          const config = await loadOrReport({ ...opts, sandbox: true }, o);
          if (!config) return 1;
          const base = opts.port ? Number(opts.port) : undefined;
          const ports = base ? new Map(config.providers.map((p, i) => [p.name, base + i])) : undefined;
          const box = await startSandbox(config, { ports });
          for (const p of config.providers) {
            const server = box.servers.get(p.name)!;
            o.out(o.style('bold', `${p.name} (${p.type})`));
            for (const line of server.emulator.describe(server.url)) o.out(`  ${line}`);
            o.out();
          }
          o.out(`State is kept in ${stateDirFor(config.file)}. Ctrl-C stops the sandbox.`);
          await new Promise<void>((resolve) => {
            process.once('SIGINT', resolve);
            process.once('SIGTERM', resolve);
          });
          await box.close();
          return 0;
        }),
      ),
  );
  sandbox.addCommand(
    withCommonOptions(new Command('reset'), { sandbox: false })
      .description('put every emulator of the configuration back to its seeded state')
      .action(
        exitWith(async (opts: CommonOptions, o) => {
          const config = await loadOrReport({ ...opts, sandbox: true }, o);
          if (!config) return 1;
          const dir = stateDirFor(config.file);
          for (const p of config.providers) {
            const create = emulators[p.type];
            if (!create) continue;
            const emulator = create({ statePath: join(dir, `${p.name}.json`) });
            emulator.reset();
            await emulator.save();
            o.out(`${p.name} (${p.type}): back to the seed`);
          }
          return 0;
        }),
      ),
  );
  return sandbox;
};
