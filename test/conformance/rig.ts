// One provider type's sandbox on loopback, reached as a real server: the provider block's
// every connection setting is ${PBX_<SETTING>}, filled from the emulator's settings, so the
// same YAML runs in-process (load + readAndPlan + applyPlans) and through the CLI without
// --sandbox. A front handler can stand between client and emulator (garbage, lost answers).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { applyPlans, type Ledger } from '../../src/engine/apply.ts';
import type { Config } from '../../src/engine/model.ts';
import type { Session } from '../../src/engine/provider.ts';
import { connect, readAndPlan } from '../../src/engine/run.ts';
import { registry } from '../../src/providers/index.ts';
import type { Emulator, EmulatorOptions, GenericFaults } from '../../src/sandbox/emulator.ts';
import { createEmulator } from '../../src/sandbox/registry.ts';
import { listen } from '../../src/sandbox/server.ts';
import { LOGIN } from '../helpers/live-servers.ts';
import { cli, load, workspace, type CliResult, type Workspace } from '../helpers/workspace.ts';
import type { Fixture, YamlObject } from './fixture.ts';

export const NAME = 'pbx';
const LIMITS = '    max_deletes: 100\n    max_delete_percent: 100\n    max_updates_percent: 100\n';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
/** stands in front of the emulator: answers itself, or passes the request on */
export type Front = (em: Emulator, pass: Handler) => Handler;

export interface Target {
  type: string;
  fixture: Fixture;
  emulator: Emulator;
  faults: GenericFaults;
  /** the connection settings pointing at this server */
  settings: Record<string, unknown>;
  /** a session of the provider on this server, as a plan opens one */
  session(extra?: Record<string, unknown>): Session;
  /** PBX_* variables pointing the provider block at this server */
  env: Record<string, string>;
  /** a configuration with the one provider block: its settings, then `body` (indented by 4) */
  yaml(body?: string): string;
  /** the kinds body declaring `objects` in the fixture's kind, with prune and ignore when asked */
  kindYaml(objects: YamlObject[], opts?: { prune?: boolean; ignore?: string }): string;
  workspace(body?: string): Promise<Workspace>;
  /** a plan in-process, as `pbxctl plan` makes it */
  plan(ws: Workspace): ReturnType<typeof readAndPlan>;
  /** plan then apply in-process; throws on a plan error */
  apply(ws: Workspace): Promise<Ledger>;
  /** the CLI in the workspace, with the PBX_* variables (`env` over them) */
  cli(ws: Workspace, args: string[], env?: Record<string, string>): Promise<CliResult>;
  /** logins the server answered so far */
  logins(): number;
  close(): Promise<void>;
}

const envName = (setting: string) => `${NAME}_${setting}`.toUpperCase();

export async function target(type: string, fixture: Fixture, opts: { emulator?: EmulatorOptions & Record<string, unknown>; front?: Front } = {}): Promise<Target> {
  const emulator = await createEmulator(type, { seed: 'default', ...opts.emulator });
  const pass: Handler = (req, res) => emulator.handle(req, res);
  // the emulator as it is, but for its handler when a front stands before it
  const served: Emulator = opts.front ? Object.assign(Object.create(emulator) as Emulator, { handle: opts.front(emulator, pass) }) : emulator;
  const server = await listen(served);
  const settings = emulator.settings(server.url);
  const env = Object.fromEntries(Object.entries(settings).map(([k, v]) => [envName(k), String(v)]));
  const head = [`  ${NAME}:`, `    type: ${type}`, ...Object.keys(settings).map((k) => `    ${k}: \${${envName(k)}}`)].join('\n');
  const yaml = (body = '') => `version: 1\nproviders:\n${head}\n${body}`;
  const configs = new Map<Workspace, Config>();
  const config = async (ws: Workspace) => configs.get(ws) ?? configs.set(ws, await load(ws, env, false)).get(ws)!;
  const plan = async (ws: Workspace) => readAndPlan(await config(ws), { registry });
  return {
    type,
    fixture,
    emulator,
    faults: server.faults,
    settings,
    session: (extra = {}) => connect(registry[type], { ...settings, ...extra }, { name: NAME }),
    env,
    yaml,
    kindYaml: (objects, o = {}) =>
      `${o.prune ? `    prune: true\n${LIMITS}` : ''}${o.ignore ? `    ignore: ["${o.ignore}"]\n` : ''}    ${fixture.kinds!.kind}:${objects.length ? objects.map((x) => `\n      - ${x}`).join('') : ' []'}\n`,
    workspace: (body) => workspace(yaml(body)),
    plan,
    async apply(ws) {
      const { plan: p, connected } = await plan(ws);
      const problems = [...p.issues.map((i) => i.message), ...p.providers.flatMap((x) => [...(x.error ? [x.error] : []), ...x.blocked.map((b) => JSON.stringify(b))])];
      if (problems.length) throw new Error(`the plan failed: ${problems.join('; ')}`);
      return applyPlans(p.providers, connected);
    },
    cli: (ws, args, extra = {}) => cli(args, { cwd: ws.dir, env: { ...env, NO_COLOR: '1', ...extra } }),
    logins: () => emulator.log.filter((e) => LOGIN.test(e.path) && e.status < 300).length,
    close: () => server.close(),
  };
}

/** runs `fn` with a started target, closing it whatever happens */
export async function using<T>(t: Promise<Target>, fn: (t: Target) => Promise<T>): Promise<T> {
  const started = await t;
  try {
    return await fn(started);
  } finally {
    await started.close();
  }
}
