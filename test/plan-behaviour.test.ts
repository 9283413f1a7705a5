// The plan's behaviour diff (issue #14 point 3) through the CLI and the sandboxes, with
// PBXCTL_NOW pinning "now" to Mon 21 December 2026: once the example is applied, a YAML
// that changes business hours or moves a holiday shows, per DID, the usual-week and dated
// lines before → after in the text, Markdown and HTML plans; a DID reached only through a
// changed ring group is listed; a plan with no routing change has no such section.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFile } from 'node:fs/promises';
import { exampleYaml } from './helpers/issabel.ts';
import { cli, workspace, type Workspace } from './helpers/workspace.ts';

const env = { PBXCTL_NOW: '2026-12-21T10:00:00Z' };
let ws: Workspace;
const run = (args: string[]) => cli([...args, '--sandbox', '--no-color'], { cwd: ws.dir, env });
const plan = async (provider: string, format = 'text') => {
  const r = await run(['plan', '--provider', provider, '--format', format]);
  assert.is(r.code, 0, r.stdout + r.stderr);
  return r.stdout;
};
/** the YAML with each [from, to] replaced once */
async function edit(...pairs: [string, string][]) {
  let yaml = await exampleYaml();
  for (const [from, to] of pairs) {
    assert.ok(yaml.includes(from), from);
    yaml = yaml.replace(from, to);
  }
  await writeFile(ws.file, yaml);
}
const section = (text: string) => text.slice(text.indexOf('Call routing changes'), text.lastIndexOf('\n\nPlan:'));

const SALES = 'ring group 600: "Sales" ringall 20 s: 1000 30 s, 1001 20 s';
const VM = 'voicemail box 1000: "Antonio" unavailable greeting';

test.before(async () => {
  ws = await workspace(await exampleYaml());
  for (const provider of ['hq', 'smartpbx', 'gent']) {
    const r = await run(['apply', '--yes', '--provider', provider]);
    assert.is(r.code, 0, r.stdout + r.stderr);
  }
});

test('no routing change, no section', async () => {
  for (const provider of ['hq', 'smartpbx', 'gent']) assert.not.match(await plan(provider), /Call routing changes/);
  assert.not.match(await plan('hq', 'markdown'), /Call routing changes/);
});

test('Issabel: business hours to 18:00 show Mon–Fri 17:31–18:01 voicemail → Sales, in text, Markdown and HTML', async () => {
  await edit(['hours: "08:30-17:30"', 'hours: "08:30-18:00"']);
  const text = await plan('hq');
  assert.equal(section(text).split('\n'), [
    'Call routing changes (Europe/Brussels; the usual week, then the dated days of the 366 days from 2026-12-21 that depart from it):',
    '    3292451010',
    `      Mon–Fri 17:31–18:01: ${VM} → ${SALES}, then hang up`,
    // the holidays keep voicemail all day: the line above does not hold on them
    '      Fri 2026-12-25 (all day): unchanged (the usual lines above do not hold that day)',
    '      Fri 2027-01-01 (all day): unchanged (the usual lines above do not hold that day)',
  ]);
  const md = await plan('hq', 'markdown');
  assert.match(md, '#### Call routing changes: hq (Issabel)');
  assert.match(md, `| <code>3292451010</code> | Mon–Fri 17:31–18:01 | ${VM} | ${SALES}, then hang up |`);
  const html = await plan('hq', 'html');
  assert.match(html, /<td>Mon–Fri 17:31–18:01<\/td><td><del>voicemail box 1000: &quot;Antonio&quot; unavailable greeting<\/del> → <ins>ring group 600/);
});

test('Issabel: Christmas moved to 24 December shows both dated days; the ring group changed alone lists the DIDs that reach it', async () => {
  await edit(['{ date: "12-25" }', '{ date: "12-24" }']);
  const lines = section(await plan('hq')).split('\n');
  assert.equal(lines.slice(1), [
    '    3292451010',
    `      Thu 2026-12-24 08:30–17:31: ${SALES}, then hang up → ${VM}`,
    `      Fri 2026-12-25 08:30–17:31: ${VM} → ${SALES}, then hang up`,
  ]);
  const md = await plan('hq', 'markdown');
  assert.match(md, `| <code>3292451010</code> | Thu 2026-12-24 08:30–17:31 | ${SALES}, then hang up | ${VM} |`);
  await edit(['members: ["1000", "1001"]', 'members: ["1001"]']);
  assert.equal(section(await plan('hq')).split('\n').slice(1), [
    '    3292451010',
    `      Mon–Fri 08:30–17:31: ${SALES}, then hang up → ring group 600: "Sales" ringall 20 s: 1001 20 s, then hang up`,
    '      Fri 2026-12-25 (all day): unchanged (the usual lines above do not hold that day)',
    '      Fri 2027-01-01 (all day): unchanged (the usual lines above do not hold that day)',
  ]);
});

const FRONT_DESK = 'ring group "Front Desk": simultaneous 20 s: user putri.anggraini@ofon-demo.example 20 s, device Reception Phone 20 s, user eka.putra@ofon-demo.example 20 s';

test('SmartPBX: Saturday to 13:00 and Christmas moved to 24 December', async () => {
  await edit(['hours: "09:00-12:00"', 'hours: "09:00-13:00"'], ['{ name: Christmas, date: "12-25" }', '{ name: Christmas, date: "12-24" }']);
  const lines = section(await plan('smartpbx')).split('\n');
  assert.match(lines[0], /^Call routing changes \(Asia\/Jakarta;/);
  assert.equal(lines.slice(1), [
    '    +622150001000',
    `      Sat 12:01–13:01: voicemail box 1000: "Front Desk" → ${FRONT_DESK}`,
    `      Thu 2026-12-24 08:30–17:31: ${FRONT_DESK} → voicemail box 1000: "Front Desk"`,
    `      Fri 2026-12-25 08:30–17:31: voicemail box 1000: "Front Desk" → ${FRONT_DESK}`,
  ]);
  assert.match(await plan('smartpbx', 'markdown'), `| <code>+622150001000</code> | Sat 12:01–13:01 | voicemail box 1000: "Front Desk" |`);
});

test('VoipCenter: other office hours and another holiday set on the main number', async () => {
  await edit(['office_hours: Kantooruren Gent', 'office_hours: Kantooruren Brussel'], ['holidays: Feestdagen België 2026', 'holidays: Brugdagen 2026']);
  const text = section(await plan('gent'));
  assert.match(text, /\n {6}Fri 15:00–17:30: route "Iedereen tegelijk".* → backup route "GSM Jan Claes"/);
  assert.match(text, /\n {6}Fri 2026-12-25 09:00–15:00: backup route "GSM Jan Claes".* → route "Iedereen tegelijk"/);
});

test.run();
