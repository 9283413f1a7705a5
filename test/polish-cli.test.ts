// Day-one messages of the CLI: a missing folder for --out, numbers for `call --to`, and
// near-miss names and malformed values in the YAML.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { issabelExample } from './helpers/issabel.ts';
import { cli, workspace } from './helpers/workspace.ts';

test('plan --out and --output into a missing folder: the same one-line message, exit 1', async () => {
  const ws = await workspace(await issabelExample());
  for (const [flag, file] of [['--out', 'nope/plan.json'], ['--output', 'nope/plan.md']]) {
    const r = await cli(['plan', '--sandbox', flag, file], { cwd: ws.dir });
    assert.is(r.code, 1, flag);
    assert.match(r.stderr, new RegExp(`^error: cannot write ${file}: its folder does not exist$`, 'm'), r.stderr);
    assert.not.match(r.stderr, /ENOENT|\n\s+at /, flag);
  }
});

test.run();
