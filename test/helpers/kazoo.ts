// A SmartPBX provider block planned and applied in-process against a Kazoo emulator on
// loopback, with the emulator's options (default set, page size, rate limit) and
// connection settings (which way to authenticate) chosen by the test.
import { applyPlans } from '../../src/engine/apply.ts';
import type { Config } from '../../src/engine/model.ts';
import { readAndPlan } from '../../src/engine/run.ts';
import { registry } from '../../src/providers/index.ts';
import { createKazooEmulator, SANDBOX_ACCOUNT_ID, SANDBOX_AUTH_TOKEN, type KazooEmulator, type KazooEmulatorOptions } from '../../src/providers/kazoo/sandbox/index.ts';
import { listen, type Listening } from '../../src/sandbox/server.ts';
import { load, workspace, type Workspace } from './workspace.ts';

/** the example's SmartPBX block, signing in with a username as `--sandbox` serves it, indented by 2 (kinds follow, indented by 4) */
export const SMARTPBX_BLOCK = `  smartpbx:
    type: kazoo
    url: https://api.ofon.io:8443/v2
    account_id: 3f1c2b9a8d7e46f0a1b2c3d4e5f60718
    username: budi.santoso@ofon-demo.example
    password: \${SMARTPBX_PASSWORD}
    account_name: Ofon Demo
`;

/** a configuration with one SmartPBX block named smartpbx; `body` is its kinds, indented by 4 */
export const kazooYaml = (body: string, settings = '') => `version: 1
providers:
  smartpbx:
    type: kazoo
    url: https://api.ofon.io:8443/v2
    account_id: ${SANDBOX_ACCOUNT_ID}
${settings}${body}`;

export interface KazooRig {
  ws: Workspace;
  config: Config;
  server: Listening;
  emulator: KazooEmulator;
  /** debug lines of every run so far */
  debug: string[];
  plan(): ReturnType<typeof readAndPlan>;
  apply(): Promise<Awaited<ReturnType<typeof applyPlans>>>;
  /** a request to the emulator as the account admin (fixed token) */
  api(method: string, path: string, data?: unknown): Promise<{ status: number; body: Record<string, any> }>;
  close(): Promise<void>;
}

export interface RigOptions {
  emulator?: KazooEmulatorOptions;
  /** connection settings; default: user_auth with the sandbox's credentials */
  settings?: (url: string) => Record<string, unknown>;
  env?: Record<string, string>;
}

export async function kazooRig(yaml: string, opts: RigOptions = {}): Promise<KazooRig> {
  const ws = await workspace(yaml);
  const config = await load(ws, opts.env ?? {});
  const emulator = createKazooEmulator(opts.emulator);
  const server = await listen(emulator);
  const settings = opts.settings?.(`${server.url}/v2`) ?? emulator.settings(server.url);
  const overrides = new Map([['smartpbx', settings]]);
  const debug: string[] = [];
  const plan = () => readAndPlan(config, { registry, overrides, debug: (line) => debug.push(line) });
  return {
    ws,
    config,
    server,
    emulator,
    debug,
    plan,
    async apply() {
      const { plan: p, connected } = await plan();
      if (p.issues.length || p.providers.some((x) => x.error)) throw new Error(`plan failed: ${JSON.stringify([p.issues, p.providers.map((x) => x.error)])}`);
      return applyPlans(p.providers, connected);
    },
    async api(method, path, data) {
      const res = await fetch(`${server.url}/v2/accounts/${SANDBOX_ACCOUNT_ID}/${path}`, {
        method,
        headers: { 'X-Auth-Token': SANDBOX_AUTH_TOKEN, 'Content-Type': 'application/json' },
        body: data === undefined ? undefined : JSON.stringify({ data }),
      });
      return { status: res.status, body: (await res.json()) as Record<string, any> };
    },
    close: () => server.close(),
  };
}

/** the live documents of one kind in the sandbox account */
export const liveDocs = (em: KazooEmulator, kind: 'users' | 'devices' | 'callflows') =>
  Object.values(em.state[kind]).filter((d) => d.pvt_account_id === SANDBOX_ACCOUNT_ID && !d.pvt_deleted);
