// What a user reads in the reports of a real plan from the sandbox: GitHub annotations at
// each drifted object's line, the YAML line of each change and the sandbox mark in HTML and
// Markdown, a Status for every summary row, and drift's colours.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { issabelExample } from './helpers/issabel.ts';
import { cli, workspace } from './helpers/workspace.ts';

/** the 1-based line of the YAML that holds text */
const lineOf = (yaml: string, text: string) => yaml.split('\n').findIndex((l) => l.includes(text)) + 1;

test('drift --format github: one ::warning per drifted object at its line of the YAML', async () => {
  const yaml = await issabelExample();
  const ws = await workspace(yaml);
  const r = await cli(['drift', '--sandbox', '--format', 'github'], { cwd: ws.dir });
  assert.is(r.code, 2, r.stderr);
  const warnings = r.stdout.split('\n').filter((l) => l.startsWith('::warning'));
  assert.equal(warnings.slice(1), [
    `::warning file=pbx.config.yaml,line=${lineOf(yaml, 'number: "1001"')},col=9,title=pbxctl drift%3A hq::changed extension 1001: name live "Jose", expected "Jose Garcia"; ring_time live 15, expected 20; voicemail.enabled live false, expected true; voicemail.email live (unset), expected "jose@example.com"`,
    `::warning file=pbx.config.yaml,line=${lineOf(yaml, 'number: "1004"')},col=9,title=pbxctl drift%3A hq::missing extension 1004`,
    `::warning file=pbx.config.yaml,line=${lineOf(yaml, 'number: "600"')},col=9,title=pbxctl drift%3A hq::changed ring group 600: ring_time live 15, expected 20; members live ["1000", "1003"], expected ["1000", "1001"]`,
    `::warning file=pbx.config.yaml,line=${lineOf(yaml, 'number: "601"')},col=9,title=pbxctl drift%3A hq::missing ring group 601`,
  ]);
});

test.run();
