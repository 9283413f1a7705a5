// The routing graph as a picture, through the CLI and the sandboxes on the example
// configuration: `route NUMBER --graph` prints a Mermaid flowchart of the DID on each routing
// provider, objects the YAML changes marked (none with --live); the plan's Markdown has a
// mermaid block and its HTML an inline SVG for the DIDs whose routing it changes (the moved
// holiday marked); a hostile name cannot break the flowchart or the page.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { exampleYaml } from './helpers/issabel.ts';
import { cli, requestLog, workspace, type Workspace } from './helpers/workspace.ts';

let ws: Workspace;
const run = (args: string[], dir = ws.dir) => cli([...args, '--sandbox', '--no-color'], { cwd: dir });

/** a flowchart as `label -word-> label` lines and node labels (entities read back), so tests read like the picture */
function flowchart(source: string) {
  const lines = source.trim().split('\n');
  const unescape = (s: string) => s.replace(/#quot;/g, '"').replace(/#35;/g, '#').replace(/#lt;/g, '<').replace(/#gt;/g, '>').replace(/#amp;/g, '&').replace(/#96;/g, '`');
  const labels = new Map<string, string>();
  for (const l of lines) {
    const m = /^ {2}(n\d+)\["(.*)"\](?::::(\w+))?$/.exec(l);
    if (m) labels.set(m[1], unescape(m[2]) + (m[3] ? ` :::${m[3]}` : ''));
  }
  const edges = lines.flatMap((l) => {
    const m = /^ {2}(n\d+) (-->|-\.->)(?:\|"(.*)"\|)? (n\d+)$/.exec(l);
    return m ? [`${labels.get(m[1])!.replace(/ :::\w+$/, '')} ${m[2] === '-->' ? '-' : '~'}${unescape(m[3] ?? '')}-> ${labels.get(m[4])!.replace(/ :::\w+$/, '')}`] : [];
  });
  return { first: lines[0], nodes: [...labels.values()], edges };
}

test.before(async () => {
  ws = await workspace(await exampleYaml());
});

test('route --graph on Issabel hq: the main number through both time conditions to group 600 and voicemail 1000, the moved holiday and the group changed, the dropped member dashed', async () => {
  const r = await run(['route', '3292451010', '--graph', '--provider', 'hq']);
  assert.is(r.code, 0, r.stderr);
  const g = flowchart(r.stdout);
  assert.is(g.first, 'flowchart LR');
  for (const n of ['inbound route 3292451010 "Main number"', 'time condition "Holiday?"', 'time group "Holidays" (changed) :::update', 'ring group 600 "Sales" (changed) :::update', 'time group "Office hours"'])
    assert.ok(g.nodes.includes(n), `${n} in ${g.nodes.join(' | ')}`);
  for (const e of [
    'inbound route 3292451010 "Main number" --> time condition "Holiday?"',
    'time condition "Holiday?" -hours-> time group "Holidays" (changed)',
    'time condition "Holiday?" -otherwise-> time condition "Open?"',
    'time condition "Open?" -time matches-> ring group 600 "Sales" (changed)',
    'time condition "Open?" -otherwise, voicemail (unavailable)-> extension 1000 "Antonio"',
    'ring group 600 "Sales" (changed) -member-> extension 1001 "Jose Garcia" (changed)',
    // the seed's group rings 1003, the YAML's does not
    'ring group 600 "Sales" (changed) ~member, removed-> extension 1003 "Pedro Picapiedras"',
    // no references: the group's no-answer destination (the server's string) and an extension's voicemail
    'ring group 600 "Sales" (changed) -no answer-> hang up',
    'extension 1000 "Antonio" -no answer, voicemail-> extension 1000 "Antonio"',
  ])
    assert.ok(g.edges.includes(e), `${e} in\n${g.edges.join('\n')}`);
  assert.match(r.stdout, /classDef update /);

  const live = flowchart((await run(['route', '3292451010', '--graph', '--provider', 'hq', '--live'])).stdout);
  assert.ok(live.nodes.every((n) => !/changed|:::/.test(n)), live.nodes.join(' | '));
  assert.ok(live.edges.includes('ring group 600 "Sales" -member-> extension 1003 "Pedro Picapiedras"'));
  assert.ok(live.edges.every((e) => !e.includes('removed')));
});

test('route --graph on SmartPBX and VoipCenter: the DID route with its schedule, open and closed branches; the routes the YAML names instead of the seed\'s', async () => {
  const smart = flowchart((await run(['route', '+622150001000', '--graph', '--provider', 'smartpbx'])).stdout);
  assert.ok(smart.nodes.includes('DID route +622150001000 "Main Number" (changed) :::update'), smart.nodes.join(' | '));
  for (const e of [
    'DID route +622150001000 "Main Number" (changed) -hours-> schedule "Office hours" (changed)',
    'DID route +622150001000 "Main Number" (changed) -in hours, member-> user "eka.putra@ofon-demo.example" "Eka Putra" (new)',
    'DID route +622150001000 "Main Number" (changed) -otherwise-> voicemail box 1000 "Front Desk" (changed)',
  ])
    assert.ok(smart.edges.includes(e), `${e} in\n${smart.edges.join('\n')}`);
  // a device's owner is no call path
  assert.ok(smart.edges.every((e) => !e.startsWith('device')), smart.edges.join('\n'));

  const gent = flowchart((await run(['route', '+3292451010', '--graph', '--provider', 'gent'])).stdout);
  for (const e of [
    'DID route +3292451010 "Hoofdnummer" (changed) -office hours-> office hours "Kantooruren Gent"',
    'DID route +3292451010 "Hoofdnummer" (changed) -route-> route "Iedereen tegelijk"',
    'DID route +3292451010 "Hoofdnummer" (changed) -backup route-> backup route "GSM Jan Claes"',
    'DID route +3292451010 "Hoofdnummer" (changed) ~route, removed-> route "Onthaal eerst"',
  ])
    assert.ok(gent.edges.includes(e), `${e} in\n${gent.edges.join('\n')}`);
});

test('route --graph on SmartPBX: a declared no_answer is an edge to the box, marked as a change', async () => {
  const yaml = (await exampleYaml()).replace('user: budi.santoso@ofon-demo.example\n', 'user: budi.santoso@ofon-demo.example\n        no_answer: { after: 25, voicemail: "1001" }\n');
  const dir = (await workspace(yaml)).dir;
  const g = flowchart((await run(['route', '+622150001001', '--graph', '--provider', 'smartpbx'], dir)).stdout);
  const route = 'DID route +622150001001 "Budi Santoso SmartPBX\'s Callflow" (changed)';
  for (const e of [`${route} --> user "budi.santoso@ofon-demo.example" "Budi Santoso"`, `${route} -no answer-> voicemail box 1001 "Budi Santoso"`])
    assert.ok(g.edges.includes(e), `${e} in\n${g.edges.join('\n')}`);
});

test('plan --format markdown: a mermaid block per DID whose routing changes, the moved holiday marked; --format html: the same graph as inline SVG; nothing written', async () => {
  const md = await run(['plan', '--format', 'markdown', '--provider', 'hq']);
  assert.ok([0, 2].includes(md.code), md.stderr);
  const blocks = [...md.stdout.matchAll(/```mermaid\n([\s\S]*?)\n```/g)].map((m) => flowchart(m[1]));
  assert.match(md.stdout, /#### Call routing of hq: 3292451010, 3292451011 \(new, changed and deleted objects marked\)/);
  assert.is(blocks.length, 2);
  assert.ok(blocks[0].nodes.includes('time group "Holidays" (changed) :::update'), blocks[0].nodes.join(' | '));
  assert.ok(blocks[1].nodes.includes('inbound route 3292451011 "Support line" (new) :::create'), blocks[1].nodes.join(' | '));
  assert.ok(blocks[1].edges.includes('ring group 601 "Support" (new) -member-> extension 1004 "Lucia Fernandez" (new)'), blocks[1].edges.join('\n'));

  const html = await run(['plan', '--format', 'html', '--provider', 'hq']);
  const svgs = html.stdout.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
  const svg = svgs[0] ?? '';
  assert.is(svgs.length, 2);
  assert.match(svg, /<text [^>]*>time group &quot;Holidays&quot; \(changed\)<\/text>/);
  assert.match(svg, /<g class="node update"><title>ring group 600 &quot;Sales&quot; \(changed\)<\/title>/);
  assert.match(svg, /<g class="edge removed">.*>member, removed<\/text>/);
  assert.not.match(html.stdout, /<script/i);
  assert.equal([...new Set((await requestLog(ws, 'hq')).map((q) => q.method))].filter((m) => m !== 'GET' && m !== 'POST'), []);
  assert.ok((await requestLog(ws, 'hq')).filter((q) => q.method === 'POST').every((q) => /authenticate/.test(q.path)));
});

test('drift --format markdown and html: the marks say what drift means (missing on the PBX, changed on the PBX, only on the PBX)', async () => {
  const md = await run(['drift', '--format', 'markdown', '--provider', 'hq']);
  assert.ok([0, 2].includes(md.code), md.stderr);
  assert.match(md.stdout, /#### Call routing of hq: 3292451010, 3292451011 \(objects missing, changed or only on the PBX marked\)/);
  const [main, support] = [...md.stdout.matchAll(/```mermaid\n([\s\S]*?)\n```/g)].map((m) => flowchart(m[1]));
  assert.ok(main.nodes.includes('time group "Holidays" (changed on the PBX) :::update'), main.nodes.join(' | '));
  assert.ok(main.edges.includes('ring group 600 "Sales" (changed on the PBX) ~member, only on the PBX-> extension 1003 "Pedro Picapiedras"'), main.edges.join('\n'));
  assert.ok(support.nodes.includes('inbound route 3292451011 "Support line" (missing on the PBX) :::create'), support.nodes.join(' | '));
  assert.not.match(md.stdout, /\((new|changed|deleted)\)|removed/);

  const html = await run(['drift', '--format', 'html', '--provider', 'hq']);
  assert.match(html.stdout, /<g class="node update"><title>ring group 600 &quot;Sales&quot; \(changed on the PBX\)<\/title>/);
  assert.match(html.stdout, /<g class="edge removed">.*>member, only on the PBX<\/text>/);
});

test('a plan that changes no routing has no graph', async () => {
  const md = await run(['plan', '--format', 'markdown', '--provider', 'gent', '--target', 'hot_desks/*']);
  assert.match(md.stdout, /Flexplek vergaderzaal/);
  assert.ok([0, 2].includes(md.code), md.stderr);
  assert.not.match(md.stdout, /mermaid|Call routing/);
});

test('a hostile route name stays text: escaped in the flowchart (no quote, fence or tag gets through) and in the SVG', async () => {
  const evil = 'Evil"] --> x[<img src=x onerror=alert(1)>] #1 ```end';
  const own = await workspace((await exampleYaml()).replace('name: Main number', `name: '${evil}'`));
  const r = await run(['route', '3292451010', '--graph', '--provider', 'hq'], own.dir);
  assert.is(r.code, 0, r.stderr);
  const line = r.stdout.split('\n').find((l) => l.includes('inbound route'))!;
  assert.is(line, '  n0["inbound route 3292451010 #quot;Evil#quot;] --#gt; x[#lt;img src=x onerror=alert(1)#gt;] #35;1 #96;#96;#96;end#quot; (changed)"]:::update');
  assert.ok(flowchart(r.stdout).nodes.includes(`inbound route 3292451010 "${evil}" (changed) :::update`));

  const md = await run(['plan', '--format', 'markdown', '--provider', 'hq'], own.dir);
  assert.is(md.stdout.match(/^```/gm)?.length, 4); // two blocks, each opened and closed once
  const html = await run(['plan', '--format', 'html', '--provider', 'hq'], own.dir);
  assert.not.match(html.stdout, /<img/);
  assert.match(html.stdout, /<title>inbound route 3292451010 &quot;Evil&quot;\] --&gt; x\[&lt;img src=x onerror=alert\(1\)&gt;\] #1 ```end&quot; \(changed\)<\/title>/);
});

test.run();
