// A run's cancel signal is listened to by every request in flight: SmartPBX alone reads 32 at
// a time, Issabel 11, across providers at once. Node warns on stderr ("possible memory leak")
// past 10 listeners on one signal; a plan must not print that.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { interruptible, whileReading } from '../src/cli/interrupt.ts';
import { Output } from '../src/cli/output.ts';

async function warningsWhile(run: (listen: (signal: AbortSignal) => void) => Promise<unknown>): Promise<string[]> {
  const seen: string[] = [];
  const onWarning = (w: Error) => seen.push(w.name);
  process.on('warning', onWarning);
  try {
    await run((signal) => {
      for (let i = 0; i < 40; i++) signal.addEventListener('abort', () => {}, { once: true });
    });
    // warnings are emitted on the next tick
    await new Promise((resolve) => setImmediate(resolve));
    return seen;
  } finally {
    process.off('warning', onWarning);
  }
}

test('40 requests in flight on a run\'s signal, reading or applying: no leak warning', async () => {
  const o = new Output(false);
  assert.equal(await warningsWhile((listen) => whileReading(o, async (signal) => listen(signal))), []);
  assert.equal(await warningsWhile((listen) => interruptible(o, {}, async (signal) => listen(signal))), []);
});

test.run();
