// The HTTP kit's create policy (createOnce) against a small store on 127.0.0.1 that loses
// answers after writing, refuses duplicates and rate-limits: a create is never made twice,
// whether the provider reads it back by its id (SmartPBX) or writes the same values over a
// duplicate (Issabel), and a 429's Retry-After is waited out.
import { randomUUID } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { answerLost, createHttp, createOnce, jitteredBackoff, LostAnswer, retryAfterMs, type Answer, type CreatePolicy } from '../src/providers/http.ts';
import { hostile, type Hostile } from './helpers/hostile.ts';

/** how the store answers one create: as a server would, its answer lost after (or before) the write, or a 429 */
type Step = 'answer' | 'write-then-drop' | 'drop' | 'rate-limit';

interface Store {
  server: Hostile;
  things: Map<string, Record<string, unknown>>;
}

/** POST /things creates (409 when the id is there), GET and PUT /things/{id}; each create follows the next step */
async function store(steps: Step[]): Promise<Store> {
  const things = new Map<string, Record<string, unknown>>();
  let limitedUntil = 0;
  const server = await hostile((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString()) as Record<string, unknown>) : {};
      const answer = (status: number, data: unknown = {}) => res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(data));
      const id = req.url!.split('/')[2];
      if (req.method === 'GET') return answer(things.has(id) ? 200 : 404, things.get(id));
      if (req.method === 'PUT') return things.has(id) ? answer(200, things.set(id, { ...things.get(id), ...body }).get(id)) : answer(404);
      // a try sent before the Retry-After has passed is refused again
      if (Date.now() < limitedUntil) return answer(429);
      const step = steps.shift() ?? 'answer';
      if (step === 'drop') return res.socket?.destroy();
      if (step === 'rate-limit') {
        limitedUntil = Date.now() + 900;
        return res.writeHead(429, { 'Retry-After': '1' }).end();
      }
      if (things.has(String(body.id))) return answer(409);
      things.set(String(body.id), body);
      if (step === 'write-then-drop') return res.socket?.destroy();
      answer(201, body);
    });
  });
  return { server, things };
}

/** a create of `thing` with the kit: its id chosen here, read back by it (SmartPBX) or written over on a duplicate (Issabel) */
function creating(url: string, thing: Record<string, unknown>, settle: 'read back' | 'write over', tries = 5): CreatePolicy<Answer, Answer | string> {
  const http = createHttp({ url }, { vendor: 'Store' });
  const put = () => http(`things/${String(thing.id)}`, { method: 'put', json: thing });
  const found = async () => ((await http(`things/${String(thing.id)}`)).status === 200 ? String(thing.id) : undefined);
  return {
    tries,
    send: () => http('things', { method: 'post', json: thing }),
    lost: answerLost,
    again: (res) => (res.status === 429 ? { unsure: false, waitMs: retryAfterMs(res.headers) } : res.status >= 500 ? { unsure: true } : undefined),
    backoff: jitteredBackoff,
    duplicate: (res) => res.status === 409,
    ...(settle === 'read back' ? { confirm: found, settle: async (res) => (await found()) ?? res } : { settle: put }),
    done: (res) => res,
  };
}

async function withStore(steps: Step[], run: (s: Store) => Promise<void>) {
  const s = await store(steps);
  try {
    await run(s);
  } finally {
    await s.server.close();
  }
}

test('a create whose answer is lost after the write is read back by its id before another try: found, never sent twice', () =>
  withStore(['write-then-drop'], async ({ server, things }) => {
    const thing = { id: randomUUID(), name: 'Lobby Phone' };
    assert.is(await createOnce(creating(server.url, thing, 'read back')), thing.id);
    assert.equal(server.received, ['POST /things', `GET /things/${thing.id}`]);
    assert.equal([...things.values()], [thing]);
  }));

test('without a read-back, the duplicate refusal that follows a lost answer is settled by writing the same values: one object, holding them', () =>
  withStore(['write-then-drop'], async ({ server, things }) => {
    const thing = { id: randomUUID(), name: 'Sales' };
    const res = (await createOnce(creating(server.url, thing, 'write over'))) as Response;
    assert.is(res.status, 200);
    assert.equal(server.received, ['POST /things', 'POST /things', `PUT /things/${thing.id}`]);
    assert.equal([...things.values()], [thing]);
  }));

test('a duplicate refusal on a first try is a refusal: nothing is read back or written over', () =>
  withStore([], async ({ server, things }) => {
    const thing = { id: randomUUID(), name: 'Sales' };
    things.set(thing.id, { id: thing.id, name: 'Taken' });
    for (const settle of ['read back', 'write over'] as const) {
      const res = (await createOnce(creating(server.url, thing, settle))) as Response;
      assert.is(res.status, 409);
    }
    assert.equal(server.received, ['POST /things', 'POST /things']);
    assert.equal(things.get(thing.id), { id: thing.id, name: 'Taken' });
  }));

test("a 429 is waited out as its Retry-After says (an earlier try would be refused again), and is not taken for a write: no read-back", () =>
  withStore(['rate-limit'], async ({ server, things }) => {
    const thing = { id: randomUUID(), name: 'Budi Desk' };
    assert.is(((await createOnce(creating(server.url, thing, 'read back'))) as Response).status, 201);
    assert.equal(server.received, ['POST /things', 'POST /things']);
    assert.equal([...things.values()], [thing]);
  }));

test('a create whose every answer is lost ends, after its tries, with the lost-answer error, having looked for the object before each further try', () =>
  withStore(['drop', 'drop', 'drop'], async ({ server, things }) => {
    const thing = { id: randomUUID(), name: 'Nina' };
    const err = await createOnce(creating(server.url, thing, 'read back', 3)).catch((e: unknown) => e);
    assert.instance(err, LostAnswer);
    assert.match((err as Error).message, 'cannot reach');
    const get = `GET /things/${thing.id}`;
    assert.equal(server.received, ['POST /things', get, 'POST /things', get, 'POST /things']);
    assert.is(things.size, 0);
  }));

test.run();
