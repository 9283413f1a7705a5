// Information (values the PBX sets at run time on declared objects: here Issabel's time
// condition overrides, one forced by *272, one the answer does not make out) in every plan
// format from the real CLI against the sandbox: shown, never counted as a change or a
// failure, and an unreadable value reads "not readable".
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { exampleYaml } from './helpers/issabel.ts';
import { cli, editSandboxState, workspace } from './helpers/workspace.ts';

const plan = async (dir: string, format: string) => {
  const r = await cli(['plan', '--sandbox', '--provider', 'hq', '--no-color', '--format', format], { cwd: dir });
  assert.is(r.code, 0, r.stdout + r.stderr);
  return r.stdout;
};

const failures = (junit: string) => /<testsuite name="hq" tests="\d+" failures="(\d+)"/.exec(junit)?.[1];

test('information in text, Markdown, HTML, JUnit and GitHub; an unreadable override reads "not readable"', async () => {
  const ws = await workspace(await exampleYaml());
  const before = await plan(ws.dir, 'junit');
  assert.not.match(before, /information/);
  await editSandboxState(ws, 'hq', (s) => {
    s.routing.overrides['2'] = 'false_sticky';
    // a value the API has no name for: the client cannot say what the condition is forced to
    s.routing.overrides['1'] = 'maybe';
  });

  const text = await plan(ws.dir, 'text');
  assert.match(text, /\n {4}i time condition Open\?: override_state "false_sticky"\n/);
  assert.match(text, /\n {4}i time condition Holiday\?: override_state not readable\n/);
  assert.not.match(text, /null|\(none\)/);

  const md = await plan(ws.dir, 'markdown');
  assert.ok(md.includes('<details><summary>Information: 2 value(s) set on the PBX at run time; compared only when the YAML declares it</summary>'), md);
  assert.ok(md.includes('| hq | time condition <code>Open?</code> | <code>override\\_state</code> | <code>"false\\_sticky"</code> |'), md);
  assert.ok(md.includes('| hq | time condition <code>Holiday?</code> | <code>override\\_state</code> | *not readable* |'), md);

  const html = await plan(ws.dir, 'html');
  assert.match(html, /<details class="information" open><summary>2 information: set on the PBX at run time; compared only when the YAML declares it<\/summary>/);
  assert.ok(html.includes('<li>time condition <code>Open?</code>: <code class="path">override_state</code> <code>&quot;false_sticky&quot;</code></li>'), html);
  assert.ok(html.includes('<li>time condition <code>Holiday?</code>: <code class="path">override_state</code> <em>not readable</em></li>'), html);

  const junit = await plan(ws.dir, 'junit');
  assert.match(junit, /<system-out>information: time condition Holiday\?: override_state not readable\ninformation: time condition Open\?: override_state &quot;false_sticky&quot;<\/system-out>/);
  assert.is(failures(junit), failures(before), 'information is no failure');
  assert.not.match(junit, /<testcase[^>]*override_state/);

  const github = await plan(ws.dir, 'github');
  const notices = github.split('\n').filter((l) => l.startsWith('::notice'));
  assert.equal(notices, [
    '::notice file=pbx.config.yaml,line=58,col=9,title=pbxctl information%3A hq::time condition Holiday?: override_state not readable (set on the PBX at run time; compared only when the YAML declares it)',
    '::notice file=pbx.config.yaml,line=62,col=9,title=pbxctl information%3A hq::time condition Open?: override_state "false_sticky" (set on the PBX at run time; compared only when the YAML declares it)',
  ]);
  assert.ok(github.includes('| hq | time condition <code>Open?</code> |'), 'and in the job summary');
});

test.run();
