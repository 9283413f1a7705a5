// policy.<kind>.ignore_fields through the CLI against the SmartPBX sandbox: a field changed
// on the PBX is neither planned nor reported as drift, apply does not write it (not even a
// declared value, which is warned about), and the other fields are reconciled as usual.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SEED_IDS } from '../src/providers/kazoo/sandbox/index.ts';
import { cli, editSandboxState, sandboxState, workspace, type Workspace } from './helpers/workspace.ts';
import { SMARTPBX_BLOCK } from './helpers/kazoo.ts';

const YAML = (ringtones: string) => `version: 1
providers:
${SMARTPBX_BLOCK}    policy:
      devices: { ignore_fields: ["caller_id.*", "ringtones.external"] }
    devices:
      - name: Reception Phone
        caller_id: { internal: { name: Reception } }
        ringtones: ${ringtones}
`;

const run = (ws: Workspace, ...args: string[]) => cli([...args, '--sandbox', '--no-color'], { cwd: ws.dir });
type Device = { caller_id?: { internal?: { name?: string } }; ringtones?: Record<string, string> };
const reception = async (ws: Workspace) =>
  (await sandboxState<{ devices: Record<string, Device> }>(ws, 'smartpbx')).devices[SEED_IDS.devices.reception];

test('ignored fields changed on the PBX are not planned nor drift; a declared ignored value is warned about and not written', async () => {
  // live: ringtones internal Ring4, external Ring1
  const ws = await workspace(YAML('{ internal: Ring4, external: Ring2 }'));
  const plan = await run(ws, 'plan', '--detailed-exitcode');
  assert.is(plan.code, 0, plan.stdout + plan.stderr);
  assert.match(plan.stdout, 'No changes.');
  assert.match(plan.stdout, '! devices: caller_id.internal.name is declared but ignored (policy.devices.ignore_fields): never compared or written (first on device Reception Phone, pbx.config.yaml:14:40)');
  assert.match(plan.stdout, '! devices: ringtones.external is declared but ignored');

  await editSandboxState(ws, 'smartpbx', (state) => {
    state.devices[SEED_IDS.devices.reception].caller_id = { internal: { name: 'Set at the phone' } };
  });
  const drift = await run(ws, 'drift');
  assert.is(drift.code, 0, drift.stdout + drift.stderr);
  assert.match(drift.stdout, 'No drift.');
});

test('apply writes the other fields and leaves the ignored ones as the PBX has them', async () => {
  const ws = await workspace(YAML('{ internal: Ring5, external: Ring2 }'));
  const plan = await run(ws, 'plan');
  assert.match(plan.stdout, /~ update device Reception Phone[^\n]*\n\s+ringtones\.internal: "Ring4" → "Ring5"\n\s+unmanaged/);
  const apply = await run(ws, 'apply', '--yes');
  assert.is(apply.code, 0, apply.stdout + apply.stderr);
  const after = await reception(ws);
  assert.equal(after.ringtones, { internal: 'Ring5', external: 'Ring1' });
  assert.is.not(after.caller_id?.internal?.name, 'Reception');
  assert.match((await run(ws, 'plan')).stdout, 'No changes.');
});

test.run();
