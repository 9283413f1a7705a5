// The example Issabel configuration planned and applied in-process against its sandbox.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { applyPlans } from '../../src/engine/apply.ts';
import type { Config } from '../../src/engine/model.ts';
import { readAndPlan } from '../../src/engine/run.ts';
import { registry } from '../../src/providers/index.ts';
import type { IssabelEmulator } from '../../src/providers/issabel/sandbox/index.ts';
import { startSandbox, type Sandbox } from '../../src/sandbox/start.ts';
import { load, workspace, type Workspace } from './workspace.ts';

export const EXAMPLE = new URL('../../pbx.config.yaml', import.meta.url);

/** the example's Issabel block (hq), indented by 2 (kinds follow, indented by 4) */
export const HQ_BLOCK = `  hq:
    type: issabel
    url: https://pbx.example.com/pbxapi
    password: \${ISSABEL_PASSWORD}
`;

export async function exampleYaml(): Promise<string> {
  return readFile(EXAMPLE, 'utf8');
}

/** the example cut to its first provider, the Issabel one */
export async function issabelExample(): Promise<string> {
  const yaml = await exampleYaml();
  const next = yaml.search(/\n  [a-z0-9_-]+:\n    type: (?!issabel)/);
  return next < 0 ? yaml : `${yaml.slice(0, next)}\n`;
}

/** the example's hq block with its extensions and ring groups only (no DID routing) */
export async function issabelDesksExample(): Promise<string> {
  const yaml = await issabelExample();
  const routing = yaml.indexOf('\n    time_groups:');
  return routing < 0 ? yaml : `${yaml.slice(0, routing)}\n`;
}

export interface Rig {
  ws: Workspace;
  config: Config;
  sandbox: Sandbox;
  emulator: IssabelEmulator;
  plan(): ReturnType<typeof readAndPlan>;
  apply(): Promise<Awaited<ReturnType<typeof applyPlans>>>;
  close(): Promise<void>;
}

/** a workspace with the given YAML (the example by default) and its sandbox running */
export async function rig(yaml?: string, env: Record<string, string> = {}): Promise<Rig> {
  const ws = await workspace(yaml ?? (await issabelExample()));
  const config = await load(ws, env);
  const sandbox = await startSandbox(config, { stateDir: join(ws.dir, '.pbxctl', 'sandbox') });
  const emulator = sandbox.servers.get(config.providers[0].name)!.emulator as IssabelEmulator;
  const plan = () => readAndPlan(config, { registry, overrides: sandbox.overrides });
  return {
    ws,
    config,
    sandbox,
    emulator,
    plan,
    async apply() {
      const { plan: p, connected } = await plan();
      return applyPlans(p.providers, connected);
    },
    close: () => sandbox.close(),
  };
}
