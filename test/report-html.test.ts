// The HTML report: one self-contained page, everything from the YAML or a PBX escaped,
// and (when chromium is installed) rendered headless to a screenshot in test/output/.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { render } from '../src/report/index.ts';
import { context, emptyPlan, fullPlan } from './fixtures/report/plans.ts';

const CHROMIUM = '/usr/bin/chromium';
const OUTPUT = new URL('./output/', import.meta.url);

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

(existsSync(CHROMIUM) ? test : test.skip)('renders in headless chromium (screenshot in test/output/)', async () => {
  await mkdir(OUTPUT, { recursive: true });
  const page = new URL('report-drift.html', OUTPUT);
  const shot = new URL('report-drift.png', OUTPUT);
  await writeFile(page, render(fullPlan(), 'html', context('drift')));
  await rm(shot, { force: true });
  const profile = await mkdtemp(join(tmpdir(), 'pbxctl-chromium-'));
  try {
    await promisify(execFile)(
      CHROMIUM,
      [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
        '--disable-sync', '--no-first-run', `--user-data-dir=${profile}`, `--screenshot=${shot.pathname}`, '--window-size=1280,1600',
        page.href,
      ],
      { timeout: 30_000 },
    );
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
  assert.ok((await stat(shot)).size > 20_000);
});

test.run();
