// npm run bench: every scenario at every size through the real CLI (a child process,
// measured with /usr/bin/time -v) against the emulators served from this process, the
// naive loop in the same run, a table on stdout and bench/results.json.
// BENCH_SIZES=1000,10000 picks the sizes; BENCH_QUICK=1 leaves out the latency runs.
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { RequestLogEntry } from '../src/sandbox/emulator.ts';
import { issabel } from '../src/providers/issabel/index.ts';
import { kazoo } from '../src/providers/kazoo/index.ts';
import { voipcenter } from '../src/providers/voipcenter/index.ts';
import { naiveEstimate, naiveWork, runNaive } from './naive.ts';
import { buildWorld, type World } from './scenario.ts';
import { measureStartup, startupTable, type StartupFigure } from './startup.ts';
import { PROVIDERS, startServers, type ProviderName, type Servers, type Settings } from './servers.ts';

const BIN = fileURLToPath(new URL('../bin/pbxctl.js', import.meta.url));
const RESULTS = fileURLToPath(new URL('./results.json', import.meta.url));
const SIZES = (process.env.BENCH_SIZES ?? '1000,10000,50000').split(',').map(Number);
const QUICK = process.env.BENCH_QUICK === '1';
/** the naive loop runs when it would take at most this long; beyond, it is extrapolated */
const NAIVE_RUN_LIMIT_S = 30;
const MODULES = { hq: issabel, smartpbx: kazoo, gent: voipcenter };
const KAZOO_PAGE = 50;

interface Scenario {
  name: string;
  mixed: boolean;
  command: 'plan' | 'apply';
  settings: Settings;
}

const SCENARIOS: Scenario[] = [
  { name: 'plan, nothing to change', mixed: false, command: 'plan', settings: { latencyMs: 0, applySeconds: 0 } },
  { name: 'plan of the mix', mixed: true, command: 'plan', settings: { latencyMs: 0, applySeconds: 0 } },
  { name: 'apply of the mix', mixed: true, command: 'apply', settings: { latencyMs: 0, applySeconds: 0 } },
  { name: 'apply, 20 ms + 2 s Issabel apply', mixed: true, command: 'apply', settings: { latencyMs: 20, applySeconds: 2 } },
];

interface ProviderFigures {
  requests: number;
  reads: number;
  writes: number;
  /** the API's minimum for the plan's reads */
  minimumReads: number;
  /** latency bound of this provider's requests, and of its writes alone (s) */
  bound: number;
  writeBound: number;
  /** first request to last answer, and first write to last write (s) */
  span: number;
  writeSpan: number;
}

interface Result {
  size: number;
  scenario: string;
  mode: string;
  exitCode: number;
  wall: number;
  cpu: number;
  rssMb: number;
  providers: Record<ProviderName, ProviderFigures>;
  issabelApplies: number;
  changes: Record<string, number>;
  naive: { seconds: number; extrapolated: boolean };
}

interface Timed {
  code: number;
  wall: number;
  cpu: number;
  rssMb: number;
  stdout: string;
  stderr: string;
}

/** the CLI as a child under /usr/bin/time -v */
function runCli(args: string[], env: Record<string, string>): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('/usr/bin/time', ['-v', process.execPath, BIN, ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const wall = (performance.now() - started) / 1000;
      const num = (label: string) => Number(new RegExp(`${label}: ([\\d.]+)`).exec(stderr)?.[1] ?? NaN);
      resolve({
        code: code ?? 1,
        wall,
        cpu: num('User time \\(seconds\\)') + num('System time \\(seconds\\)'),
        rssMb: num('Maximum resident set size \\(kbytes\\)') / 1024,
        stdout,
        stderr,
      });
    });
  });
}

const ms = (e: RequestLogEntry) => Date.parse(e.at);

/** a request that changes the PBX (logins and VoipCenter's POSTed reads are not) */
function isWrite(name: ProviderName, e: RequestLogEntry): boolean {
  if (name === 'gent') return e.path.endsWith('/update.php');
  return e.write && !/\/(authenticate|user_auth|api_auth)$/.test(e.path);
}

function figures(name: ProviderName, log: RequestLogEntry[], world: World, s: Settings, applies: number): ProviderFigures {
  const caps = MODULES[name].capabilities;
  const writes = log.filter((e) => isWrite(name, e));
  const reads = log.length - writes.length;
  const L = s.latencyMs / 1000;
  const live = world.live;
  const pages = (n: number) => Math.floor(n / KAZOO_PAGE) + 1;
  // the seed's few other documents add at most a page each
  const minimumReads = { hq: 3, smartpbx: 1 + pages(live.users) + pages(live.devices) + pages(live.did_routes) + live.did_routes, gent: 6 }[name];
  const writeBound = Math.ceil(writes.length / caps.writeConcurrency) * L;
  const span = (entries: RequestLogEntry[]) => (entries.length ? (ms(entries[entries.length - 1]) - ms(entries[0])) / 1000 + L : 0);
  return {
    requests: log.length,
    reads,
    writes: writes.length,
    minimumReads,
    bound: Math.ceil(reads / caps.readConcurrency) * L + writeBound + (name === 'hq' ? applies * s.applySeconds : 0),
    writeBound: writeBound + (name === 'hq' ? applies * s.applySeconds : 0),
    span: span(log),
    writeSpan: span(writes),
  };
}

/** seconds per request the naive loop pays beyond the latency, learnt from the runs made */
let perRequestMs = 1;

async function naive(world: World, sc: Scenario): Promise<Result['naive']> {
  const work = naiveWork(world, sc.command);
  const estimate = naiveEstimate(work, sc.settings.latencyMs, sc.settings.applySeconds, perRequestMs);
  if (estimate > NAIVE_RUN_LIMIT_S) return { seconds: estimate, extrapolated: true };
  const servers = await startServers(world, sc.settings);
  try {
    const seconds = await runNaive(world, servers, sc.command);
    const requests = Object.values(servers.logs()).reduce((n, l) => n + l.length, 0);
    const fixed = servers.issabel.applyCount * sc.settings.applySeconds + (requests * sc.settings.latencyMs) / 1000;
    if (requests > 200) perRequestMs = Math.max(0.1, ((seconds - fixed) * 1000) / requests);
    return { seconds, extrapolated: false };
  } finally {
    await servers.close();
  }
}

async function measure(world: World, sc: Scenario): Promise<Result> {
  const servers: Servers = await startServers(world, sc.settings);
  try {
    const args = sc.command === 'plan' ? ['plan', '-c', servers.configFile, '--no-color'] : ['apply', '-c', servers.configFile, '--no-color', '--yes'];
    const run = await runCli(args, servers.env);
    if (run.code !== 0 && !(sc.command === 'plan' && run.code === 0)) {
      process.stderr.write(`${sc.name} at ${world.total}: exit ${run.code}\n${run.stdout.slice(-2000)}\n${run.stderr.slice(-2000)}\n`);
    }
    const logs = servers.logs();
    const applies = servers.issabel.applyCount;
    const changes = Object.fromEntries(PROVIDERS.map((p) => [p, (['create', 'update', 'delete'] as const).reduce((n, k) => n + world.expected.changes[p][k], 0)]));
    return {
      size: world.total,
      scenario: sc.name,
      mode: `CLI ${sc.command}`,
      exitCode: run.code,
      wall: run.wall,
      cpu: run.cpu,
      rssMb: run.rssMb,
      providers: Object.fromEntries(PROVIDERS.map((p) => [p, figures(p, logs[p], world, sc.settings, applies)])) as Result['providers'],
      issabelApplies: applies,
      changes,
      naive: { seconds: 0, extrapolated: false },
    };
  } finally {
    await servers.close();
  }
}

const f = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : '—');
const ratio = (bound: number, span: number) => (bound > 0 && span > 0 ? f(bound / span) : '—');

function table(results: Result[]): string {
  const head = ['objects', 'scenario', 'wall s', 'CPU s', 'RSS MB', 'requests hq/smartpbx/gent', 'plan reads vs minimum', 'Issabel applies', 'bound÷actual hq/smartpbx/gent (writes)', 'naive s', 'pbxctl÷naive'];
  const rows = results.map((r) => {
    const p = r.providers;
    return [
      String(r.size),
      r.scenario + (r.exitCode === 0 ? '' : ` (exit ${r.exitCode})`),
      f(r.wall),
      f(r.cpu),
      f(r.rssMb, 0),
      PROVIDERS.map((n) => p[n].requests).join('/'),
      PROVIDERS.map((n) => `${p[n].reads}:${p[n].minimumReads}`).join(' '),
      String(r.issabelApplies),
      r.scenario.includes('20 ms')
        ? `${PROVIDERS.map((n) => ratio(p[n].bound, p[n].span)).join('/')} (${PROVIDERS.map((n) => ratio(p[n].writeBound, p[n].writeSpan)).join('/')})`
        : '—',
      `${r.naive.extrapolated ? '~' : ''}${f(r.naive.seconds, 1)}`,
      r.naive.seconds > 0 ? `${f(r.wall / r.naive.seconds, 3)} (${f(r.naive.seconds / r.wall, 1)}× faster)` : '—',
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

async function main() {
  const results: Result[] = [];
  const cpu = cpus()[0]?.model ?? 'unknown';
  const machine = `${cpus().length} cores, ${cpu}, node ${process.version}`;
  process.stderr.write(`pbxctl bench on ${machine}\n`);
  const startup: StartupFigure[] = measureStartup();
  for (const size of SIZES) {
    const worlds = { plain: buildWorld(size, false), mixed: buildWorld(size, true) };
    for (const sc of SCENARIOS) {
      if (QUICK && sc.settings.latencyMs > 0) continue;
      const world = sc.mixed ? worlds.mixed : worlds.plain;
      const result = await measure(world, sc);
      result.naive = await naive(world, sc);
      results.push(result);
      process.stderr.write(`${size} ${sc.name}: ${f(result.wall)} s\n`);
    }
  }
  const text = table(results);
  process.stdout.write(`\npbxctl bench — ${machine}\n${startupTable(startup)}\n\n${text}\n`);
  process.stdout.write(
    '\nAll pbxctl figures: the real CLI in a child process (/usr/bin/time -v), emulators on loopback in the bench process.\n' +
      'plan reads vs minimum: reads the plan sent : the API minimum (Issabel login + one read per kind; SmartPBX auth + listing pages + one GET per callflow; VoipCenter one listing per menu).\n' +
      'bound÷actual: ⌈requests ÷ allowed concurrency⌉ × latency (+ Issabel applies × apply time) over the time the provider was busy; 1 = at the bound. In brackets the writes alone.\n' +
      'naive: one request per object, sequential, Issabel applying the configuration after every write; ~ = extrapolated from the measured per-request cost, not run.\n',
  );
  await writeFile(RESULTS, `${JSON.stringify({ machine, at: new Date().toISOString(), startup, results }, null, 2)}\n`);
}

await main();
