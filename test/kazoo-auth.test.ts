import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { applyPlans } from '../src/engine/apply.ts';
import { SANDBOX_ACCOUNT_ID, SANDBOX_ACCOUNT_NAME, SANDBOX_API_KEY, SANDBOX_AUTH_TOKEN, SANDBOX_PASSWORD, SANDBOX_USERNAME } from '../src/providers/kazoo/sandbox/index.ts';
import { kazooRig, kazooYaml, type RigOptions } from './helpers/kazoo.ts';

const YAML = kazooYaml(`    users:
      - username: budi.santoso@ofon-demo.example
        first_name: Budi
        last_name: Santoso
        presence_id: "1101"
`);

const logins = (log: { method: string; path: string; status: number }[]) => log.filter((e) => e.path === '/v2/user_auth' || e.path === '/v2/api_auth');

/** plan, expire every token, apply with the same session: the 401 must lead to one fresh login */
async function planExpireApply(opts: RigOptions) {
  const rig = await kazooRig(YAML, opts);
  const { plan, connected } = await rig.plan();
  assert.is(plan.providers[0].error, undefined);
  assert.is(plan.providers[0].changes.length, 1);
  rig.emulator.expireTokens();
  const ledger = await applyPlans(plan.providers, connected);
  return { rig, ledger, session: connected.get('smartpbx')!.session };
}

test('user_auth: md5 credentials with the account name; a 401 logs in again once and retries', async () => {
  const { rig, ledger, session } = await planExpireApply({});
  try {
    assert.equal(ledger.entries.map((e) => e.outcome), ['applied']);
    const log = rig.emulator.log;
    assert.equal(logins(log).map((e) => [e.method, e.path, e.status]), [['PUT', '/v2/user_auth', 201], ['PUT', '/v2/user_auth', 201]]);
    assert.ok(log.some((e) => e.method === 'PATCH' && e.status === 401), 'the expired token was refused first');
    assert.ok(log.some((e) => e.method === 'PATCH' && e.status === 200));
    assert.equal(await session.account!(), { name: SANDBOX_ACCOUNT_NAME, realm: 'ofon-demo.sip.ofon.example', timezone: 'Asia/Jakarta' });
    // the token never reaches a debug line (only methods and URLs do)
    assert.ok(rig.debug.length > 0);
    assert.not.ok(rig.debug.some((l) => l.includes('eyJ') || l.includes(SANDBOX_AUTH_TOKEN)));
  } finally {
    await rig.close();
  }
});

test('api_auth: the API key gives a token; a 401 logs in again with it', async () => {
  const { rig, ledger } = await planExpireApply({ settings: (url) => ({ url, account_id: SANDBOX_ACCOUNT_ID, api_key: SANDBOX_API_KEY }) });
  try {
    assert.equal(ledger.entries.map((e) => e.outcome), ['applied']);
    assert.equal(logins(rig.emulator.log).map((e) => [e.path, e.status]), [['/v2/api_auth', 201], ['/v2/api_auth', 201]]);
  } finally {
    await rig.close();
  }
});

test('auth_token: used as given, no login; once refused, the error says so and shows no token', async () => {
  const { rig, ledger } = await planExpireApply({ settings: (url) => ({ url, account_id: SANDBOX_ACCOUNT_ID, auth_token: SANDBOX_AUTH_TOKEN }) });
  try {
    assert.equal(logins(rig.emulator.log), []);
    assert.is(ledger.entries[0].outcome, 'failed');
    assert.match(ledger.entries[0].reason!, /refused the auth_token/);
    assert.not.ok(ledger.entries[0].reason!.includes(SANDBOX_AUTH_TOKEN));
  } finally {
    await rig.close();
  }
});

test('a token plus credentials: the credentials take over when the token is refused', async () => {
  const { rig, ledger } = await planExpireApply({
    settings: (url) => ({ url, account_id: SANDBOX_ACCOUNT_ID, auth_token: SANDBOX_AUTH_TOKEN, username: SANDBOX_USERNAME, password: SANDBOX_PASSWORD, account_name: SANDBOX_ACCOUNT_NAME }),
  });
  try {
    assert.equal(ledger.entries.map((e) => e.outcome), ['applied']);
    assert.equal(logins(rig.emulator.log).map((e) => e.path), ['/v2/user_auth']);
  } finally {
    await rig.close();
  }
});

test('refused logins are clear errors, and the password is not repeated', async () => {
  const wrong = await kazooRig(YAML, {
    settings: (url) => ({ url, account_id: SANDBOX_ACCOUNT_ID, username: SANDBOX_USERNAME, password: 'not-the-password', account_name: SANDBOX_ACCOUNT_NAME }),
  });
  const badKey = await kazooRig(YAML, { settings: (url) => ({ url, account_id: SANDBOX_ACCOUNT_ID, api_key: 'f'.repeat(64) }) });
  const none = await kazooRig(YAML, { settings: (url) => ({ url, account_id: SANDBOX_ACCOUNT_ID, username: SANDBOX_USERNAME }) });
  try {
    const error = async (rig: typeof wrong) => (await rig.plan()).plan.providers[0].error ?? '';
    const refused = await error(wrong);
    assert.match(refused, `refused the login of '${SANDBOX_USERNAME}' to account '${SANDBOX_ACCOUNT_NAME}'`);
    assert.not.match(refused, 'not-the-password');
    assert.match(await error(badKey), 'does not know this api_key');
    assert.match(await error(none), 'username, password and account_name go together');
    assert.equal(none.emulator.log, [], 'nothing is sent without usable credentials');
  } finally {
    await Promise.all([wrong.close(), badKey.close(), none.close()]);
  }
});

test.run();
