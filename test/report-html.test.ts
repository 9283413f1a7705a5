// The HTML report: one self-contained page, everything from the YAML or a PBX escaped,
// and what a reader sees once a real browser (headless Chromium) has parsed it.
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { render } from '../src/report/index.ts';
import { context, emptyPlan, fullPlan } from './fixtures/report/plans.ts';
import { tool } from './helpers/tools.ts';
import { workspace } from './helpers/workspace.ts';

const chromium = tool('CHROMIUM_PATH', ['chromium', 'chromium-browser', 'google-chrome']);

test('self-contained: inline style, no script, no external asset', () => {
  const html = render(fullPlan(), 'html', context('drift'));
  assert.match(html, /^<!doctype html>\n<html lang="en">/);
  assert.match(html, /<style>[^]*<\/style>/);
  const tags = new Set([...html.matchAll(/<([a-z0-9]+)/gi)].map((m) => m[1].toLowerCase()));
  for (const tag of ['script', 'link', 'img', 'iframe', 'object', 'embed']) assert.not.ok(tags.has(tag), tag);
  assert.not.match(html, /url\(|@import|https?:/i);
});

test('escapes names, values and messages', () => {
  const html = render(fullPlan(), 'html', context('plan'));
  assert.ok(html.includes('<code>&lt;script&gt;alert(1)&lt;/script&gt;</code>'));
  assert.ok(html.includes('<ins>&quot;&lt;/td&gt;&lt;b&gt;x&lt;/b&gt;&quot;</ins>'));
  assert.ok(html.includes('&lt;img src=x onerror=alert(2)&gt;'));
  assert.ok(html.includes('failed: 401 invalid credentials, &quot;token&quot;: &lt;expired&gt;'));
  assert.not.match(html, /<\/td><b>x/);
});

test('status, counts, banners, highlighted fields and the unmanaged list', () => {
  const html = render(fullPlan(), 'html', context('drift'));
  assert.match(html, /<h1>Error<\/h1>\n<p class="lead">1 extra, 2 changed, 2 missing; 1 provider not read/);
  assert.match(html, /generated <time datetime="2025-03-04T05:06:07.000Z">2025-03-04 05:06:07 UTC<\/time>/);
  assert.ok(html.includes('<div class="card delete"><b>1</b><span>extra</span></div>'));
  assert.match(html, /<div class="banner bad"><strong>cloud \(SmartPBX \(Kazoo\)\) could not be read\.<\/strong>/);
  assert.match(html, /<div class="banner bad"><strong>office \(Issabel\) is blocked by a safety limit\.<\/strong>.*--allow office\/extensions=3/);
  assert.match(html, /<div class="banner warn"><strong>office \(Issabel\):<\/strong> TLS certificate verification is OFF/);
  assert.ok(html.includes('<code class="path">name</code> <del>&quot;Ann&quot;</del> → <ins>&quot;Ann | `ops`&quot;</ins>'));
  assert.ok(html.includes('<code class="path">secret</code> <span class="secret">(sensitive, changed)</span>'));
  assert.match(html, /<details class="unmanaged" open><summary>2 unmanaged: on the PBX, not in the YAML; not drift because prune is off/);
  // deletes lead the provider's table
  const rows = [...html.matchAll(/<tr class="(delete|update|create)">/g)].map((m) => m[1]);
  assert.equal(rows, ['delete', 'update', 'update', 'create', 'create']);

  const clear = render(emptyPlan(), 'html', context('drift'));
  assert.match(clear, /<header class="clear">\n<h1>No drift<\/h1>/);
});

chromium.test('headless Chromium shows the summary, a changed field, and the hostile values as text', async (bin) => {
  const ws = await workspace('');
  const page = join(ws.dir, 'report.html');
  await writeFile(page, render(fullPlan(), 'html', context('drift')));
  const { stdout: dom } = await promisify(execFile)(
    bin,
    [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', `--user-data-dir=${join(ws.dir, 'profile')}`, '--dump-dom',
      pathToFileURL(page).href,
    ],
    // its caches (dconf) go to the throwaway folder too, not to ~/.cache
    { timeout: 60_000, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, XDG_CACHE_HOME: ws.dir, XDG_CONFIG_HOME: ws.dir } },
  );
  // the browser's own serialization of the parsed page (quotes in text are no longer escaped)
  assert.match(dom, /<h1>Error<\/h1>\s*<p class="lead">1 extra, 2 changed, 2 missing; 1 provider not read/);
  assert.ok(dom.includes('<code class="path">name</code> <del>"Ann"</del> → <ins>"Ann | `ops`"</ins>'), dom);
  assert.ok(dom.includes('<strong>office (Issabel) is blocked by a safety limit.</strong>'));
  // what came from the YAML or a PBX stayed text: no element was made of it
  assert.ok(dom.includes('<code>&lt;script&gt;alert(1)&lt;/script&gt;</code>'));
  assert.ok(dom.includes('&lt;img src=x onerror=alert(2)&gt;'));
  assert.ok(dom.includes('<ins>"&lt;/td&gt;&lt;b&gt;x&lt;/b&gt;"</ins>'));
  assert.not.match(dom, /<(script|img)[\s>]/);
});

test.run();
