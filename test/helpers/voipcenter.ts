// VoipCenter and TEL4VN test rigs: a YAML planned and applied in-process against the
// sandbox, and sessions connected straight to an emulator with settings of our choice.
import { join } from 'node:path';
import { applyPlans } from '../../src/engine/apply.ts';
import type { Config } from '../../src/engine/model.ts';
import type { Session } from '../../src/engine/provider.ts';
import { connect, readAndPlan } from '../../src/engine/run.ts';
import { registry } from '../../src/providers/index.ts';
import { listen, type Listening } from '../../src/sandbox/server.ts';
import { startSandbox, type Sandbox } from '../../src/sandbox/start.ts';
import { createTel4vnEmulator, type Tel4vnEmulator, type Tel4vnEmulatorOptions } from '../../src/providers/tel4vn/sandbox/index.ts';
import { createVoipcenterEmulator, type VoipcenterEmulator, type VoipcenterEmulatorOptions } from '../../src/providers/voipcenter/sandbox/index.ts';
import { load, workspace, type Workspace } from './workspace.ts';

/** a VoipCenter block matching the seed in part, and a TEL4VN one */
export const YAML = `version: 1
providers:
  gent:
    type: voipcenter
    api_id: pi204517gnt
    customer: "204517"
    password: \${VOIPCENTER_PASSWORD}
    key: \${VOIPCENTER_KEY}
    did_routes:
      - number: "+3292451010"
        holidays: Feestdagen België 2026
        office_hours: Kantooruren Gent
        route: Iedereen tegelijk
        backup_route: GSM Jan Claes
      - number: "+3292451012"
        vacations: Zomersluiting 2026
    indicators:
      - name: Dag/Nacht
        active: true
    hot_desks:
      - name: Flexplek vergaderzaal
        sip_account: Vergaderzaal
        template: Architect
  billing:
    type: tel4vn
    url: https://api.tel4vn.example
    username: admin@saigonlogistics.tel4vn.com
    password: \${TEL4VN_PASSWORD}
`;

export interface Rig {
  ws: Workspace;
  config: Config;
  sandbox: Sandbox;
  vc: VoipcenterEmulator;
  tel: Tel4vnEmulator;
  plan(): ReturnType<typeof readAndPlan>;
  apply(): Promise<Awaited<ReturnType<typeof applyPlans>>>;
  close(): Promise<void>;
}

export async function rig(yaml = YAML): Promise<Rig> {
  const ws = await workspace(yaml);
  const config = await load(ws);
  const sandbox = await startSandbox(config, { stateDir: join(ws.dir, '.pbxctl', 'sandbox') });
  const plan = () => readAndPlan(config, { registry, overrides: sandbox.overrides });
  return {
    ws,
    config,
    sandbox,
    vc: sandbox.servers.get('gent')?.emulator as VoipcenterEmulator,
    tel: sandbox.servers.get('billing')?.emulator as Tel4vnEmulator,
    plan,
    async apply() {
      const { plan: p, connected } = await plan();
      return applyPlans(p.providers, connected);
    },
    close: () => sandbox.close(),
  };
}

export interface Direct<E> {
  srv: Listening;
  emulator: E;
  session: Session;
  debug: string[];
  close(): Promise<void>;
}

async function direct<E extends VoipcenterEmulator | Tel4vnEmulator>(type: string, emulator: E, settings: Record<string, unknown>): Promise<Direct<E>> {
  const srv = await listen(emulator);
  const debug: string[] = [];
  const session = connect(registry[type], { ...emulator.settings(srv.url), ...settings }, { name: type, debug: (l) => debug.push(l) });
  return { srv, emulator, session, debug, close: () => srv.close() };
}

/** a VoipCenter session on its own emulator; settings override the emulator's */
export const voipcenter = (settings: Record<string, unknown> = {}, opts: VoipcenterEmulatorOptions = {}) =>
  direct('voipcenter', createVoipcenterEmulator(opts), settings);

export const tel4vn = (settings: Record<string, unknown> = {}, opts: Tel4vnEmulatorOptions = {}) =>
  direct('tel4vn', createTel4vnEmulator(opts), settings);

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
