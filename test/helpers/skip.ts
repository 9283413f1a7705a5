// A test that cannot run here is registered as skipped with its reason, printed as
// `skipped: <file> › <test>: <reason>` for test/run.js to list above its summary line.
import { test, type Callback } from 'uvu';
import { currentTestFile } from './uvu-file.ts';

export type TestFn = (name: string, fn: Callback) => void;

export function skipUnless(condition: unknown, reason: string): TestFn {
  if (condition) return test;
  const file = currentTestFile();
  return (name) => {
    console.log(`skipped: ${file} › ${name}: ${reason}`);
    test.skip(name);
  };
}
