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

/** what the handler writes to `res` is kept, and written when `release` calls back (not at all when the client went away); later writes go straight out */
export function holdAnswer(res: ServerResponse, release: (send: () => void) => void): void {
  let held: (() => void)[] | undefined = [];
  const then: (() => void)[] = [];
  heldAnswers.set(res, then);
  for (const name of ['writeHead', 'write', 'end'] as const) {
    const original = res[name] as (...a: unknown[]) => unknown;
    res[name] = ((...args: unknown[]) => {
      if (!held) return original.apply(res, args);
      held.push(() => original.apply(res, args));
      return name === 'write' ? true : res;
    }) as never;
  }
  release(() => {
    const sends = held ?? [];
    held = undefined;
    heldAnswers.delete(res);
    try {
      if (!res.destroyed) for (const send of sends) send();
    } catch {
      // a handler that answered twice (an error after its first writeHead): a live server
      // would have thrown inside the handler; here the timer would crash the emulator
      res.destroy();
    }
    for (const done of then) done();
  });
}
