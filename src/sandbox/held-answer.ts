// An answer held back for the simulated latency (faults.ts), and what waits for it to leave.
import type { ServerResponse } from 'node:http';

/** the answers being held for the simulated latency, with what is to happen once each has left */
const heldAnswers = new WeakMap<ServerResponse, (() => void)[]>();

/**
 * Runs `then` once the answer on `res` has left: at once, or when its held answer is sent. An
 * emulator logs a request with it, so its request log holds what was answered (not what is
 * still on its way back) and a test that waits for a log entry sees what the client can see.
 */
export function afterAnswer(res: ServerResponse, then: () => void): void {
  const waiting = heldAnswers.get(res);
  if (waiting) waiting.push(then);
  else then();
}

/** what the handler writes to `res` is kept, and written when `release` calls back (not at all when the client went away) */
export function holdAnswer(res: ServerResponse, release: (send: () => void) => void): void {
  const held: (() => void)[] = [];
  const then: (() => void)[] = [];
  heldAnswers.set(res, then);
  const methods = ['writeHead', 'write', 'end'] as const;
  const originals = methods.map((name) => res[name]);
  for (const [i, name] of methods.entries()) {
    res[name] = ((...args: unknown[]) => {
      held.push(() => (originals[i] as (...a: unknown[]) => unknown).apply(res, args));
      return name === 'write' ? true : res;
    }) as never;
  }
  release(() => {
    for (const [i, name] of methods.entries()) res[name] = originals[i] as never;
    heldAnswers.delete(res);
    if (!res.destroyed) for (const send of held) send();
    for (const done of then) done();
  });
}
