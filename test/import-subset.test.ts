// `import --kinds` with a subset of kinds reads what their references need, so the file
// names users and devices (never their ids) and plans to no change, on every provider
// whose kinds refer to others.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { cli, workspace, type Workspace } from './helpers/workspace.ts';
import { SMARTPBX_BLOCK } from './helpers/kazoo.ts';
import { HQ_BLOCK } from './helpers/issabel.ts';

type Block = Record<string, Record<string, unknown>[]>;

/** the example's providers without their kinds: the imported file holds only what was imported */
const SETTINGS = `version: 1
providers:
${HQ_BLOCK}  gent:
    type: voipcenter
    api_id: pi204517gnt
    customer: "204517"
    password: \${VOIPCENTER_PASSWORD}
    key: \${VOIPCENTER_KEY}
${SMARTPBX_BLOCK}`;

async function importSubset(ws: Workspace, provider: string, kinds: string): Promise<Block> {
  const file = `${provider}-subset.yaml`;
  const imported = await cli(['import', '--sandbox', '--provider', provider, '--kinds', kinds, '-o', file], { cwd: ws.dir });
  assert.is(imported.code, 0, imported.stderr);
  const plan = await cli(['plan', '--sandbox', '--no-color', '-c', file, '--detailed-exitcode'], { cwd: ws.dir });
  assert.is(plan.code, 0, `${provider} --kinds ${kinds}:\n${plan.stdout}${plan.stderr}`);
  const yaml = parse(await readFile(join(ws.dir, file), 'utf8')) as { providers: Record<string, Block> };
  const block = yaml.providers[provider];
  for (const kind of Object.keys(block)) if (Array.isArray(block[kind])) assert.ok(kinds.split(',').includes(kind), `${kind} was not asked for`);
  return block;
}

const HEX_ID = /^[0-9a-f]{32}$/;

test('SmartPBX devices,did_routes: owners and route targets are names, and the file plans to 0 changes', async () => {
  const ws = await workspace(SETTINGS);
  const block = await importSubset(ws, 'smartpbx', 'devices,did_routes');
  const owners = block.devices.map((d) => d.owner).filter((o) => o !== undefined);
  assert.ok(owners.length > 0);
  for (const owner of owners) assert.match(String(owner), /@ofon-demo\.example$/);
  const targets = block.did_routes.flatMap((r) => [
    r.user,
    r.device,
    ...(((r.ring_group as { endpoints?: Record<string, unknown>[] } | undefined)?.endpoints ?? []).flatMap((e) => [e.user, e.device])),
  ]).filter((t) => t !== undefined);
  assert.ok(targets.length > 0);
  for (const target of targets) assert.not.match(String(target), HEX_ID);
  assert.ok(targets.includes('Budi Desk') || targets.some((t) => String(t).endsWith('@ofon-demo.example')), targets.join(', '));
});

test('SmartPBX did_routes alone, Issabel ring_groups alone and VoipCenter did_routes alone each plan to 0 changes', async () => {
  const ws = await workspace(SETTINGS);
  const kazoo = await importSubset(ws, 'smartpbx', 'did_routes');
  assert.ok(kazoo.did_routes.length > 0);
  const issabel = await importSubset(ws, 'hq', 'ring_groups');
  assert.equal(issabel.ring_groups.map((g) => g.members), [['1000', '1003'], ['1002']]);
  const voipcenter = await importSubset(ws, 'gent', 'did_routes');
  for (const route of voipcenter.did_routes) if (route.route !== undefined) assert.not.match(String(route.route), /^\d+$/);
});

test.run();
