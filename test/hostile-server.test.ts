// Servers that misbehave on purpose, for all four providers (plan for Issabel, SmartPBX and
// VoipCenter, calls for TEL4VN): a redirect to another host, a body that never ends, a body
// past the size cap. Each run ends with exit 1 and a message naming the provider and request.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { endlessBody, hostile, hugeBody, redirectTo, runAgainst, type HostileRuns } from './helpers/hostile.ts';

const SECRET = 'not-a-real-secret';

/** every provider's failure, as the user sees it */
function failures(runs: HostileRuns): Record<string, string> {
  const all = (r: { stdout: string; stderr: string }) => r.stdout + r.stderr;
  assert.is(runs.plan.code, 1, all(runs.plan));
  assert.is(runs.calls.code, 1, all(runs.calls));
  const plan = all(runs.plan);
  const calls = all(runs.calls);
  for (const out of [plan, calls]) assert.not.match(out, SECRET);
  return { Issabel: plan, SmartPBX: plan, VoipCenter: plan, TEL4VN: calls };
}

test('a redirect to another host is not followed: nothing reaches it, the Location is named', async () => {
  const elsewhere = await hostile((_req, res) => res.writeHead(200).end('{}'));
  const server = await hostile(redirectTo(elsewhere.url));
  try {
    const out = failures(await runAgainst(server.url));
    assert.equal(elsewhere.received, [], 'the other host received nothing');
    const first: Record<string, string> = { Issabel: 'POST /pbxapi/authenticate', SmartPBX: 'PUT /v2/user_auth', VoipCenter: 'POST /api/get.php', TEL4VN: 'POST /v1/auth' };
    for (const [vendor, text] of Object.entries(out)) {
      const request = first[vendor];
      assert.match(text, `${vendor} answered ${request} with HTTP 307 to ${elsewhere.url}${request.split(' ')[1]}`, vendor);
      assert.match(text, 'pbxctl does not follow redirects: set url: to the final address');
    }
    // the login was asked once per provider: a redirect is not retried
    assert.is(server.received.filter((r) => r.startsWith('PUT /v2/user_auth')).length, 1, server.received.join('\n'));
  } finally {
    await Promise.all([server.close(), elsewhere.close()]);
  }
});

test('a body that never ends: the timeout bounds the whole answer, each provider fails naming the request', async () => {
  const server = await hostile(endlessBody);
  try {
    const out = failures(await runAgainst(server.url, 'timeout_seconds: 1\n'));
    const first: Record<string, string> = { Issabel: 'POST /pbxapi/authenticate', SmartPBX: 'PUT /v2/user_auth', VoipCenter: 'POST /api/get.php', TEL4VN: 'POST /v1/auth' };
    for (const [vendor, text] of Object.entries(out)) assert.match(text, `${vendor} did not answer ${first[vendor]} in full within 1 s (timeout_seconds)`, vendor);
  } finally {
    await server.close();
  }
});

for (const [what, declared] of [['counted while reading', undefined], ['Content-Length 419430400 bytes', 400 * 2 ** 20]] as const) {
  test(`an answer past max_answer_mb (${what}) is refused while it streams, naming provider and request`, async () => {
    const server = await hostile(hugeBody(declared));
    try {
      const out = failures(await runAgainst(server.url, 'max_answer_mb: 1\n'));
      for (const [vendor, text] of Object.entries(out)) {
        assert.match(text, new RegExp(`${vendor}'s answer to (POST|PUT) /\\S+ is larger than 1 MB \\(${what}\\); pbxctl stopped reading it`), vendor);
      }
    } finally {
      await server.close();
    }
  });
}

test.run();
