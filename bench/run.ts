// npm run bench: every target of issue #15 measured in this one run, through the real CLI
// (a child under /usr/bin/time -v) against emulators in another child (serve.ts); each
// figure the median and spread of RUNS samples; a table on stdout and bench/results.json.
// BENCH_SIZES=1000,10000 picks the plan sizes; BENCH_QUICK=1 measures a short subset;
// BENCH_ONLY=issabel,smartpbx runs only those scenarios (startup, plans, documents, issabel, smartpbx, route).
import { existsSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { kazoo } from '../src/providers/kazoo/index.ts';
import { planMismatches, runCli, type Timed } from './cli.ts';
import { issabelScript, issabelWriteCount, saveIssabelWrites } from './issabel-scripts.ts';
import { isWrite, planReads } from './minimum.ts';
import { buildWorld, countsFor, type Counts, type World } from './scenario.ts';
import { PROVIDERS, saveWorld, startServers, type ServeReport, type ServeSettings, type Servers } from './servers.ts';
import { buildBundle, measureStartup } from './startup.ts';
import { showSpread, spread, type Spread } from './stats.ts';
import { targetTable, type Target } from './targets.ts';

const RESULTS = fileURLToPath(new URL('./results.json', import.meta.url));
const QUICK = process.env.BENCH_QUICK === '1';
const SIZES = (process.env.BENCH_SIZES ?? (QUICK ? '1000,10000' : '1000,5000,10000,50000')).split(',').map(Number);
const RUNS = 3;
const ONLY = process.env.BENCH_ONLY?.split(',');
/** the vendor's way pays 2 s per write: this many of the 200 writes are run, and scaled up */
const VENDOR_WRITES = QUICK ? 5 : 20;
const APPLY_SECONDS = 2;
const NONE = { extensions: 0, ring_groups: 0, users: 0, devices: 0, did_routes: 0, voipcenter_dids: 0 } satisfies Counts;

/** every plan or apply the bench made that did not show or do what the world asks for */
const failures: string[] = [];
const targets: Target[] = [];
const samples: Record<string, unknown> = {};

const objects = (n: number) => n.toLocaleString('en-US');

interface Sample {
  run: Timed;
  report: ServeReport;
}

/** one CLI run against a fresh copy of the world's emulators */
async function sample(world: World, dir: string, s: ServeSettings, command: 'plan' | 'apply'): Promise<Sample> {
  const servers: Servers = await startServers(world, dir, s);
  try {
    const args = command === 'plan' ? ['plan', '-c', servers.configFile, '--format', 'json'] : ['apply', '-c', servers.configFile, '--no-color', '--yes'];
    const run = await runCli(args, servers.env);
    if (run.code !== 0) failures.push(`${world.name} ${command}: exit ${run.code}\n${run.stdout.slice(-1500)}\n${run.stderr.slice(-1500)}`);
    else if (command === 'plan') failures.push(...planMismatches(world, run.stdout));
    return { run, report: await servers.report() };
  } finally {
    await servers.close();
  }
}

async function samplesOf(world: World, dir: string, s: ServeSettings, command: 'plan' | 'apply'): Promise<Sample[]> {
  const out: Sample[] = [];
  for (let i = 0; i < RUNS; i++) out.push(await sample(world, dir, s, command));
  process.stderr.write(`${world.name} ${command} at ${s.latencyMs} ms: ${showSpread(spread(out.map((x) => x.run.wall)))} s\n`);
  samples[`${world.name} ${command} ${s.latencyMs} ms`] = out.map((x) => ({ wall: x.run.wall, cpu: x.run.cpu, rssMb: x.run.rssMb }));
  return out;
}

const wall = (xs: Sample[]) => spread(xs.map((x) => x.run.wall));
/** the i-th sample of one series over the i-th of the other */
const pairedRatio = (a: number[], b: number[]) => spread(a.map((x, i) => x / b[i]));

/** per provider: the plan's reads against the API's minimum */
function requestCounts(world: World, report: ServeReport): Target[] {
  return PROVIDERS.filter((p) => report.logs[p].length > 0).map((p) => {
    const r = planReads(p, report.logs[p].filter((e) => !isWrite(p, e)), world);
    const extra = [r.reads > r.minimum && `${r.reads - r.minimum} over the minimum`, r.repeatedListings && `${r.repeatedListings} listings read more than once`].filter(Boolean);
    return {
      target: `plan requests, ${world.name}, ${p}`,
      goal: `= API minimum (${r.minimum})`,
      measured: String(r.reads),
      met: r.reads === r.minimum,
      ...(extra.length ? { note: extra.join(', ') } : {}),
    };
  });
}

async function plans(): Promise<void> {
  const medians = new Map<number, number[]>();
  for (const size of SIZES) {
    const world = buildWorld(`${objects(size)} objects`, countsFor(size), { mix: 'standard' });
    const dir = await saveWorld(world);
    const runs = await samplesOf(world, dir, { latencyMs: 0, applySeconds: 0 }, 'plan');
    medians.set(size, runs.map((r) => r.run.wall));
    if (size === Math.max(...SIZES)) {
      const w = wall(runs);
      const rss = spread(runs.map((r) => r.run.rssMb));
      targets.push({ target: `plan of ${objects(size)} objects, 0 ms: wall`, goal: '< 3 s (50,000)', measured: showSpread(w, 2, ' s'), met: w.median < 3 });
      targets.push({ target: `plan of ${objects(size)} objects, 0 ms: peak RSS of the CLI`, goal: '< 400 MB (50,000)', measured: showSpread(rss, 0, ' MB'), met: rss.median < 400 });
      targets.push(...requestCounts(world, runs[0].report));
      if (!QUICK) {
        const slow = wall(await samplesOf(world, dir, { latencyMs: 20, applySeconds: 0 }, 'plan'));
        targets.push({ target: `plan of ${objects(size)} objects, 20 ms per request`, goal: '< 10 s (50,000)', measured: showSpread(slow, 2, ' s'), met: slow.median < 10 });
      }
    }
    await rm(dir, { recursive: true, force: true });
  }
  for (const size of SIZES) {
    const small = medians.get(size / 10);
    if (!small) continue;
    const r = pairedRatio(medians.get(size)!, small);
    targets.push({ target: `10× the objects: plan ${objects(size)} ÷ plan ${objects(size / 10)}`, goal: '≤ 11×', measured: showSpread(r, 2, '×'), met: r.median <= 11 });
  }
}

/** SmartPBX devices that declare their caller ID: a document per device, and nothing more */
async function documentFields(): Promise<void> {
  const size = Math.min(10000, Math.max(...SIZES));
  const counts = countsFor(size);
  const world = buildWorld(`${objects(counts.users + counts.devices + counts.did_routes)} SmartPBX objects, caller IDs declared`, { ...NONE, users: counts.users, devices: counts.devices, did_routes: counts.did_routes }, { mix: 'standard', documentFields: true });
  const dir = await saveWorld(world);
  const runs = await samplesOf(world, dir, { latencyMs: 0, applySeconds: 0 }, 'plan');
  targets.push({ target: `plan of ${world.name}, 0 ms: wall`, goal: '(no goal: shows the document reads)', measured: showSpread(wall(runs), 2, ' s'), met: true });
  targets.push(...requestCounts(world, runs[0].report));
  await rm(dir, { recursive: true, force: true });
}

/** Issabel, 200 extension writes and a 2 s configuration apply: pbxctl, the careful script, the vendor's way, paired */
async function issabel200(): Promise<void> {
  const world = buildWorld('Issabel 200 changes', { ...NONE, extensions: 1000 }, { mix: 'writes' });
  const writes = issabelWriteCount(world);
  const dir = await saveWorld(world);
  const writesFile = await saveIssabelWrites(world, dir);
  await sample(world, dir, { latencyMs: 0, applySeconds: 0 }, 'plan'); // checks the plan's counts
  for (const latencyMs of QUICK ? [0] : [0, 20]) {
    const s = { latencyMs, applySeconds: APPLY_SECONDS };
    const times = { pbxctl: [] as number[], careful: [] as number[], vendor: [] as number[] };
    for (let i = 0; i < RUNS; i++) {
      const { run, report } = await sample(world, dir, s, 'apply');
      const written = report.logs.hq.filter((e) => isWrite('hq', e)).length;
      // 200 writes, the last of them applying
      if (report.issabelApplies !== 1 || written !== writes) failures.push(`Issabel 200 apply: ${report.issabelApplies} applies, ${written} writes`);
      times.pbxctl.push(run.wall);
      for (const way of ['careful', 'vendor'] as const) {
        const servers = await startServers(world, dir, s);
        try {
          times[way].push(await (way === 'vendor' ? issabelScript(way, writesFile, servers.urls, VENDOR_WRITES, writes) : issabelScript(way, writesFile, servers.urls)));
          const applies = (await servers.report()).issabelApplies;
          if (applies !== (way === 'vendor' ? VENDOR_WRITES : 1)) failures.push(`Issabel ${way} script: ${applies} applies`);
        } finally {
          await servers.close();
        }
      }
    }
    samples[`Issabel 200 at ${latencyMs} ms`] = times;
    const faster = pairedRatio(times.vendor, times.pbxctl);
    const careful = pairedRatio(times.pbxctl, times.careful);
    const at = `Issabel ${writes} changes, ${APPLY_SECONDS} s apply, ${latencyMs} ms`;
    targets.push({
      target: `${at}: vendor's way (reload per write) ÷ pbxctl apply`,
      goal: '≥ 100×',
      measured: showSpread(faster, 0, '×'),
      met: faster.median >= 100,
      note: `vendor's way scaled down: ${VENDOR_WRITES} of ${writes} writes run, their time ×${writes / VENDOR_WRITES} (start-up and login once); pbxctl ${showSpread(spread(times.pbxctl), 2, ' s')}`,
    });
    targets.push({
      target: `${at}: pbxctl apply ÷ careful script (reload off, one apply)`,
      goal: '≤ 1.10',
      measured: showSpread(careful, 2),
      met: careful.median <= 1.1,
      note: `careful script ${showSpread(spread(times.careful), 2, ' s')}: its own node process (start-up, login, ${writes} writes); pbxctl also reads and plans`,
    });
  }
  await rm(dir, { recursive: true, force: true });
}

/** SmartPBX, 1,000 changes at 20 ms: the write phase against ⌈writes ÷ write concurrency⌉ × RTT */
async function smartpbx1000(): Promise<void> {
  const world = buildWorld('SmartPBX 1,000 changes', { ...NONE, users: 2000, devices: 2000, did_routes: 1000 }, { mix: 'writes' });
  const dir = await saveWorld(world);
  await sample(world, dir, { latencyMs: 0, applySeconds: 0 }, 'plan');
  const rtt = 0.02;
  const runs = await samplesOf(world, dir, { latencyMs: rtt * 1000, applySeconds: 0 }, 'apply');
  const concurrency = kazoo.capabilities.writeConcurrency;
  const ratios = runs.map(({ report }) => {
    const writes = report.logs.smartpbx.filter((e) => isWrite('smartpbx', e));
    if (writes.length !== 1000) failures.push(`SmartPBX 1,000 apply: ${writes.length} writes`);
    const span = (Date.parse(writes[writes.length - 1].at) - Date.parse(writes[0].at)) / 1000 + rtt;
    return (Math.ceil(writes.length / concurrency) * rtt) / span;
  });
  const r: Spread = spread(ratios);
  targets.push({
    target: `SmartPBX apply of 1,000 changes, 20 ms: latency bound ÷ write phase`,
    goal: '≥ 0.9',
    measured: showSpread(r, 2),
    met: r.median >= 0.9,
    note: `bound ⌈1000 ÷ ${concurrency}⌉ × 20 ms = ${(Math.ceil(1000 / concurrency) * rtt).toFixed(1)} s (the emulator's 5 ms CouchDB step off: the RTT is all a write takes); whole apply ${showSpread(wall(runs), 2, ' s')}`,
  });
  await rm(dir, { recursive: true, force: true });
}

/** c14's bench/route.ts, when it is there: its rows join the table */
async function route(): Promise<void> {
  const file = new URL('./route.ts', import.meta.url);
  if (!existsSync(file)) return;
  const mod = (await import(file.href)) as { routeTargets?: () => Promise<Target[]> };
  if (mod.routeTargets) targets.push(...(await mod.routeTargets()));
}

async function main() {
  const machine = `${cpus().length} cores, ${cpus()[0]?.model ?? 'unknown'}, node ${process.version}`;
  process.stderr.write(`pbxctl bench on ${machine}\n`);
  buildBundle();
  const scenarios = { startup: async () => targets.push(...measureStartup()), plans, documents: documentFields, issabel: issabel200, smartpbx: smartpbx1000, route };
  for (const [name, run] of Object.entries(scenarios)) {
    if (ONLY ? ONLY.includes(name) : !(QUICK && name === 'smartpbx')) await run();
  }
  const text = targetTable(targets);
  process.stdout.write(`\npbxctl bench — ${machine}${QUICK ? ' (BENCH_QUICK: a subset)' : ''}\n\n${text}\n`);
  await writeFile(RESULTS, `${JSON.stringify({ machine, at: new Date().toISOString(), quick: QUICK, sizes: SIZES, targets, samples, failures }, null, 2)}\n`);
  if (failures.length) {
    process.stderr.write(`\nThe CLI did not plan or do what the generator intended:\n${failures.join('\n')}\n`);
    process.exitCode = 1;
  }
}

await main();
