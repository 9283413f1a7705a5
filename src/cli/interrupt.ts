// Ctrl-C / SIGTERM during apply: the first stops new changes from starting while the
// ones in flight finish (and the batch is still finished, e.g. Issabel's configuration
// apply); the second stops at once and says what may be left half-applied.
import { setMaxListeners } from 'node:events';
import type { ApplyHooks } from '../engine/apply.ts';
import type { Change } from '../engine/model.ts';
import { Interrupted } from './command.ts';
import type { Output } from './output.ts';

/** a run's cancel signal: every request in flight listens to it, more of them than Node's default warning level of 10 */
function runController(): AbortController {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  return controller;
}

export async function interruptible<T>(o: Output, hooks: ApplyHooks, work: (signal: AbortSignal, hooks: ApplyHooks) => Promise<T>): Promise<T> {
  const controller = runController();
  const inFlight = new Map<string, Change>();
  /** per provider, changes written so far: their end-of-run step (Issabel's configuration apply) may not have run */
  const written = new Map<string, number>();
  const tracked: ApplyHooks = {
    started: (c) => {
      inFlight.set(c.id, c);
      hooks.started?.(c);
    },
    ended: (e) => {
      inFlight.delete(e.id);
      if (e.outcome === 'applied') written.set(e.provider, (written.get(e.provider) ?? 0) + 1);
      hooks.ended?.(e);
    },
  };
  const onSignal = () => {
    if (!controller.signal.aborted) {
      controller.abort();
      o.err(o.style('yellow', '\nStopping: no new change starts; changes in flight finish. Press Ctrl-C again to stop at once.'));
      return;
    }
    const open = [...inFlight.keys()];
    const unfinished = [...written].map(([provider, n]) => `${provider} (${n} change(s))`);
    o.err(o.style('red', [
      '\nStopped at once.',
      open.length ? ` These changes may be half-applied: ${open.join(', ')}.` : '',
      unfinished.length ? ` Written but maybe not yet activated (the end-of-run step, e.g. Issabel's configuration apply, may not have run): ${unfinished.join(', ')}.` : '',
      ' Run `pbxctl plan` to see what is left.',
    ].join('')));
    process.exit(1);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await work(controller.signal, tracked);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** runs the reads with a signal that Ctrl-C or SIGTERM fires; `interrupted` says whether one came */
export async function whileReading<T>(o: Output, work: (signal: AbortSignal) => Promise<T>): Promise<{ result: T; interrupted: boolean }> {
  const controller = runController();
  const onSignal = () => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort();
    o.err(o.style('yellow', '\nInterrupted: stopping the reads in flight. Press Ctrl-C again to stop at once.'));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const result = await work(controller.signal);
    return { result, interrupted: controller.signal.aborted };
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/**
 * `work` under whileReading for the commands that only read (or start one call): Ctrl-C or
 * SIGTERM aborts the requests in flight and the command ends with `message` and exit 130,
 * whether the aborted work failed or came back with what it had
 */
export async function readingOnly<T>(o: Output, message: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const { result, interrupted } = await whileReading(o, async (signal) => {
    try {
      return await work(signal);
    } catch (err) {
      if (signal.aborted) throw new Interrupted(message);
      throw err;
    }
  });
  if (interrupted) throw new Interrupted(message);
  return result;
}
