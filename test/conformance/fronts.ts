// What may stand between a client and its sandbox: a server that logs the client in and
// then answers garbage, and one that loses the answer of the first write it committed.
import type { ServerResponse } from 'node:http';
import { LOGIN } from '../helpers/live-servers.ts';
import type { Front } from './rig.ts';

export const GARBAGE: Record<string, (res: ServerResponse) => void> = {
  'not JSON': (res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"status":"success","data":[{"name":"10'),
  // a 5xx page is retried first (see faults.test.ts); a 404 page is final at once
  'an HTML error page': (res) => res.writeHead(404, { 'Content-Type': 'text/html' }).end('<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>'),
};

/** logins reach the emulator; every other request gets the garbage */
export const garbage =
  (answer: (res: ServerResponse) => void): Front =>
  (_em, pass) =>
  (req, res) => {
    if (LOGIN.test(new URL(req.url ?? '/', 'http://x').pathname)) return pass(req, res);
    req.resume();
    answer(res);
  };

/** the first write the emulator commits (not a login) loses its answer: the connection drops instead; `lost` says it happened */
export const loseFirstWriteAnswer = (): Front & { lost: boolean } => {
  let lost = false;
  const front: Front = (em, pass) => (req, res) => {
    const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
    res.end = ((...args: unknown[]) => {
      // an emulator logs the request as it answers (just before or just after end)
      queueMicrotask(() => {
        const entry = em.log.at(-1);
        if (!lost && entry?.write && entry.status < 300 && !LOGIN.test(entry.path) && req.url?.startsWith(entry.path)) {
          lost = true;
          req.socket.destroy();
        } else end(...args);
      });
      return res;
    }) as ServerResponse['end'];
    pass(req, res);
  };
  return Object.defineProperty(front, 'lost', { get: () => lost }) as Front & { lost: boolean };
};
