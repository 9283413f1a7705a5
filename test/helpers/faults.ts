// A large office across every configurable provider (Issabel, SmartPBX, VoipCenter),
// planned and applied in-process against sandboxes that inject faults, run after run
// until a plan is empty.
import { join } from 'node:path';
import { applyPlans, type Ledger } from '../../src/engine/apply.ts';
import type { Config } from '../../src/engine/model.ts';
import { readAndPlan } from '../../src/engine/run.ts';
import { registry } from '../../src/providers/index.ts';
import type { ProviderFaults } from '../../src/sandbox/faults.ts';
import type { IssabelEmulator } from '../../src/providers/issabel/sandbox/index.ts';
import { SANDBOX_ACCOUNT_ID, type KazooEmulator } from '../../src/providers/kazoo/sandbox/index.ts';
import { startSandbox, type Sandbox } from '../../src/sandbox/start.ts';
import type { VoipcenterEmulator } from '../../src/providers/voipcenter/sandbox/index.ts';
import { load, workspace } from './workspace.ts';

export const SIZES = { extensions: 150, ringGroups: 20, users: 40, devices: 40, dids: 20, vcDids: 30, indicators: 15, desks: 15 };

const pad = (n: number, width = 3) => String(n).padStart(width, '0');
export const extNumber = (i: number) => String(3000 + i);
export const rgNumber = (i: number) => String(620 + i);
export const userName = (i: number) => `user${pad(i)}@fault.example`;
export const deviceName = (i: number) => `Desk ${pad(i)}`;
export const kazooDid = (i: number) => `+6221500020${pad(i, 2)}`;
export const vcDid = (i: number) => `+3292452${pad(i)}`;
const ROUTES = ['Onthaal eerst', 'Iedereen tegelijk', 'Direct naar toestel'];

const TIMEOUT = '    timeout_seconds: 1';
const LIMITS = '{ max_deletes: 100, max_delete_percent: 100, max_updates_percent: 100 }';
const policy = (kinds: string[]) => `    policy: { ${kinds.map((k) => `${k}: ${LIMITS}`).join(', ')} }`;

/** the desired YAML: creates, updates and deletes on Issabel and SmartPBX, updates on VoipCenter */
export function officeYaml(): string {
  const s = SIZES;
  const lines: string[] = ['version: 1', 'providers:'];
  lines.push('  hq:', '    type: issabel', '    url: https://pbx.example.com/pbxapi', '    username: admin', '    password: ${ISSABEL_PASSWORD}');
  lines.push('    prune: true', '    ignore: ["9*"]', TIMEOUT, policy(['extensions', 'ring_groups']), '    extensions:');
  // the seed's 1000-1003 are renamed, 1050 is pruned
  for (const n of ['1000', '1001', '1002', '1003']) lines.push(`      - { number: "${n}", name: Renamed ${n} }`);
  for (let i = 0; i < s.extensions; i++) lines.push(`      - { number: "${extNumber(i)}", name: Fault ${pad(i)}, ring_time: ${15 + (i % 30)} }`);
  lines.push('    ring_groups:', '      - { number: "600", name: Sales, strategy: hunt, ring_time: 25, members: ["1000", "1001"] }');
  for (let i = 0; i < s.ringGroups; i++)
    lines.push(`      - { number: "${rgNumber(i)}", name: Group ${pad(i)}, strategy: ringall, ring_time: 20, members: ["${extNumber(i)}", "${extNumber(i + 50)}"] }`);

  lines.push('  smartpbx:', '    type: kazoo', '    url: https://api.ofon.io:8443/v2', `    account_id: ${SANDBOX_ACCOUNT_ID}`, TIMEOUT, '    users:');
  for (let i = 0; i < s.users; i++) lines.push(`      - { username: ${userName(i)}, first_name: User, last_name: N${pad(i)}, presence_id: "${5000 + i}" }`);
  lines.push('    devices:');
  for (let i = 0; i < s.devices; i++) lines.push(`      - { name: ${deviceName(i)}, owner: ${userName(i)} }`);
  lines.push('    did_routes:');
  for (let i = 0; i < s.dids; i++) lines.push(`      - { number: "${kazooDid(i)}", user: ${userName(i)} }`);

  lines.push('  gent:', '    type: voipcenter', '    api_id: pi204517gnt', '    customer: "204517"', '    password: ${VOIPCENTER_PASSWORD}', '    key: ${VOIPCENTER_KEY}', TIMEOUT);
  lines.push(policy(['did_routes', 'indicators', 'hot_desks']));
  lines.push('    did_routes:');
  for (let i = 0; i < s.vcDids; i++) lines.push(`      - { number: "${vcDid(i)}", route: ${ROUTES[i % 3]}, office_hours: ~ }`);
  lines.push('    indicators:');
  for (let i = 0; i < s.indicators; i++) lines.push(`      - { name: Indicator ${pad(i)}, active: true }`);
  lines.push('    hot_desks:');
  for (let i = 0; i < s.desks; i++) lines.push(`      - { name: Flex ${pad(i)}, sip_account: Vergaderzaal, template: Architect }`);
  return `${lines.join('\n')}\n`;
}

/** VoipCenter cannot create: the DIDs, indicators and desks the YAML updates exist, set otherwise */
function seedVoipcenter(em: VoipcenterEmulator) {
  const s = SIZES;
  for (let i = 0; i < s.vcDids; i++)
    em.state.dids.push({ id: 9000 + i, number: vcDid(i), name: `Fault DID ${i}`, holiday_id: 10, vacation_id: 0, office_hours_id: 30, route_id: 140 + ((i + 1) % 3), backup_route_id: 150 });
  for (let i = 0; i < s.indicators; i++) em.state.indicators.push({ id: 900 + i, name: `Indicator ${pad(i)}`, active: 0 });
  for (let i = 0; i < s.desks; i++) em.state.desks.push({ id: 9500 + i, name: `Flex ${pad(i)}`, sipacc_id: 102, template_id: 0 });
}

export const ENV = { ISSABEL_PASSWORD: 'x', VOIPCENTER_PASSWORD: 'x', VOIPCENTER_KEY: 'x' };

export interface Office {
  config: Config;
  box: Sandbox;
  issabel: IssabelEmulator;
  kazoo: KazooEmulator;
  voipcenter: VoipcenterEmulator;
  plan(): ReturnType<typeof readAndPlan>;
  close(): Promise<void>;
}

export async function office(faults: Map<string, ProviderFaults>): Promise<Office> {
  const ws = await workspace(officeYaml());
  const config = await load(ws, ENV);
  const inMemory = new Map(config.providers.map((p) => [p.name, { statePath: undefined }]));
  const box = await startSandbox(config, { stateDir: join(ws.dir, '.pbxctl', 'sandbox'), faults, emulators: inMemory });
  const em = <E>(name: string) => box.servers.get(name)!.emulator as E;
  seedVoipcenter(em<VoipcenterEmulator>('gent'));
  return {
    config,
    box,
    issabel: em('hq'),
    kazoo: em('smartpbx'),
    voipcenter: em('gent'),
    plan: () => readAndPlan(config, { registry, overrides: box.overrides }),
    close: () => box.close(),
  };
}

export interface RunFigures {
  changes: number;
  applied: number;
  failed: number;
  skipped: number;
  readErrors: string[];
  /** configuration applies on the Issabel server during this run */
  issabelApplies: number;
  ledger: Ledger;
}

/** one `pbxctl apply`: plan, then apply what it found */
export async function applyRun(o: Office): Promise<RunFigures> {
  const before = o.issabel.applyCount;
  const { plan, connected } = await o.plan();
  if (plan.issues.length) throw new Error(`plan issues: ${plan.issues.map((i) => i.message).join('; ')}`);
  const blocked = plan.providers.flatMap((p) => p.blocked);
  if (blocked.length) throw new Error(`plan blocked: ${JSON.stringify(blocked)}`);
  const ledger = await applyPlans(plan.providers, connected);
  const count = (outcome: string) => ledger.entries.filter((e) => e.outcome === outcome).length;
  return {
    changes: plan.providers.reduce((n, p) => n + p.changes.length, 0),
    applied: count('applied'),
    failed: count('failed'),
    skipped: count('skipped'),
    readErrors: plan.providers.flatMap((p) => (p.error ? [p.error] : [])),
    issabelApplies: o.issabel.applyCount - before,
    ledger,
  };
}
