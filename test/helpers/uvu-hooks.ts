// Preloaded by test/run.js. uvu 0.5 drops an error thrown by a `before` hook (the file's tests
// just do not run, and the file is not marked failed) and ends the whole run at one thrown by an
// `after` hook. Both are printed here as `hook failed: <file> <hook>: <error>`; run.js counts
// the tests a failed `before` kept from running, and each failed `after`, as failures.
import { test, type Callback } from 'uvu';
import { currentTestFile } from './uvu-file.ts';

function reporting(kind: 'before' | 'after', register: (hook: Callback) => void) {
  return (hook: Callback) => {
    const file = currentTestFile();
    register(async (context) => {
      try {
        await hook(context);
      } catch (err) {
        console.log(`\nhook failed: ${file} ${kind}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        if (kind === 'before') throw err;
      }
    });
  };
}

const { before, after } = test;
test.before = Object.assign(reporting('before', before), { each: before.each });
test.after = Object.assign(reporting('after', after), { each: after.each });
