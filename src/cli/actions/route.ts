// pbxctl route: the path a call to a DID takes at one instant, on the first provider that
// routes it, for the configuration and for the live PBX. Changes nothing.
import type { LiveState, ProviderConfig } from '../../engine/model.ts';
import type { ProviderModule } from '../../engine/provider.ts';
import { describeInstant, describeStep, desiredState, parseWhen, type CallPath } from '../../engine/route-path.ts';
import { targetOf } from '../../engine/route-schedule.ts';
import { entriesOf, marksOf, routeGraph } from '../../engine/route-graph.ts';
import { planProvider } from '../../engine/plan.ts';
import { renderMermaid } from '../../report/mermaid.ts';
import { now } from '../../engine/now.ts';
import { connect, readLive } from '../../engine/run.ts';
import { registry } from '../../providers/index.ts';
import { UserError, type CommonOptions } from '../command.ts';
import { sandboxFor } from '../context.ts';
import { readingOnly } from '../interrupt.ts';
import { loadOrReport } from '../load.ts';
import type { Output } from '../output.ts';
import { rangeOf, renderSchedule, scheduleOf } from './route-week.ts';

interface RouteOptions extends CommonOptions {
  at?: string;
  week?: boolean;
  from?: string;
  to?: string;
  live?: boolean;
  desired?: boolean;
  json?: boolean;
  graph?: boolean;
}

type Side = 'desired' | 'live';

export async function run(opts: RouteOptions, o: Output, args: string[]): Promise<number> {
  const number = args[0];
  if (opts.live && opts.desired) throw new UserError('--live and --desired exclude each other: leave both out for both sides');
  const config = await loadOrReport(opts, o, 'connection');
  if (!config) return 1;
  const routing = config.providers.filter((pc) => registry[pc.type]?.callPath);
  const sandbox = await sandboxFor({ ...config, providers: routing }, opts);
  try {
    for (const pc of routing) {
      const module = registry[pc.type];
      const { live, account } = await readingOnly(o, 'interrupted while reading the PBXs; nothing was changed on any PBX', async (signal) => {
        const session = connect(module, { ...pc.settings, ...sandbox?.overrides.get(pc.name) }, {
          name: pc.name,
          debug: opts.debug ? (line) => o.err(o.style('dim', line)) : undefined,
          signal,
        });
        const kinds = Object.keys(module.capabilities.kinds).filter((k) => module.capabilities.kinds[k].routing);
        return { live: await readLive(module, session, kinds), account: await session.account?.().catch(() => undefined) };
      });
      if (opts.week || opts.from !== undefined || opts.to !== undefined) {
        const week = weekOf(module, pc, live, number, opts, account);
        if (!week) continue;
        o.out(opts.json ? JSON.stringify({ provider: pc.name, type: pc.type, ...week.data }, null, 2) : week.text(pc.name));
        return 0;
      }
      if (opts.graph) {
        const graph = graphOf(module, pc, live, number, opts.live ?? false, account);
        if (!graph) continue;
        o.out(renderMermaid(graph));
        return 0;
      }
      const paths = pathsOf(module, pc, live, number, opts, account);
      if (!paths) continue;
      if (opts.json) o.out(JSON.stringify({ provider: pc.name, type: pc.type, ...paths }, null, 2));
      else o.out(render(pc.name, paths));
      return 0;
    }
  } finally {
    await sandbox?.close();
  }
  const names = routing.map((pc) => pc.name).join(', ') || 'none';
  throw new UserError(`no provider routes ${number}: no inbound or DID route of ${names} takes that number`);
}

/** the instant asked for, the provider's timezone and the sides asked for; undefined when neither side routes the number */
function instantOf(module: ProviderModule, pc: ProviderConfig, live: LiveState, number: string, opts: RouteOptions, account?: Record<string, string>) {
  const ctx = { settings: pc.settings, account };
  // the instant is read in the zone the provider's rules use: ask its path at any instant for it
  const current = now();
  const probe = module.callPath!(live, number, current, ctx) ?? module.callPath!(desiredState(pc, live), number, current, ctx);
  if (!probe) return undefined;
  const at = opts.at === undefined ? current : parseWhen(opts.at, probe.timezone, current);
  if (!at) throw new UserError(`--at ${opts.at}: not an instant; use ISO 8601 (2026-12-25T19:00) or a weekday and a time ("friday 19:00")`);
  const sides: Side[] = opts.live ? ['live'] : opts.desired ? ['desired'] : ['desired', 'live'];
  const states = { live, desired: desiredState(pc, live) };
  const path = (side: Side, when: Date) => module.callPath!(states[side], number, when, ctx);
  return { at, timezone: probe.timezone, sides, path };
}

/** the path on each side asked for; undefined when neither side routes the number */
function pathsOf(module: ProviderModule, pc: ProviderConfig, live: LiveState, number: string, opts: RouteOptions, account?: Record<string, string>) {
  const i = instantOf(module, pc, live, number, opts, account);
  if (!i) return undefined;
  const out: Partial<Record<Side, CallPath | null>> = {};
  for (const side of i.sides) out[side] = i.path(side, i.at) ?? null;
  return { number, at: i.at.toISOString(), timezone: i.timezone, ...out };
}

/** --week: the segments per side (JSON) and the usual week with its exceptions (text) */
function weekOf(module: ProviderModule, pc: ProviderConfig, live: LiveState, number: string, opts: RouteOptions, account?: Record<string, string>) {
  const i = instantOf(module, pc, live, number, opts, account);
  if (!i) return undefined;
  const { from, to } = rangeOf(opts, i.at, i.timezone);
  const sides = i.sides.map((side) => ({ side, ...scheduleOf((at) => targetOf(i.path(side, at)), from, to, i.timezone) }));
  const [start, end] = [describeInstant(from, i.timezone), describeInstant(to, i.timezone)];
  const range = opts.from === undefined && opts.to === undefined ? `week of ${start.slice(0, 14)}` : `${start} to ${end}`;
  return {
    data: { number, timezone: i.timezone, from: from.toISOString(), to: to.toISOString(), ...Object.fromEntries(sides.map((s) => [s.side, s.segments])) },
    text: (provider: string) => [`${number}, ${range} (${i.timezone}), ${provider}`, ...sides.flatMap((s) => renderSchedule(s.side, s.schedule))].join('\n'),
  };
}

/** --graph: the DID's routing graph on the desired side, marked against live (or on the live side alone); undefined when that side does not route it */
function graphOf(module: ProviderModule, pc: ProviderConfig, live: LiveState, number: string, liveOnly: boolean, account?: Record<string, string>) {
  const state = liveOnly ? live : desiredState(pc, live);
  const entry = module.callPath!(state, number, now(), { settings: pc.settings, account })?.steps[0]?.name;
  if (entry === undefined) return undefined;
  // the plan of the kinds read marks what the configuration changes, as plan would
  const read = { ...pc, kinds: Object.fromEntries(Object.entries(pc.kinds).filter(([kind]) => kind in live)) };
  const marks = liveOnly ? new Map() : marksOf(planProvider(read, module, live).plan.changes);
  return routeGraph(module, { desired: state, live }, entriesOf(module, [state], entry), marks);
}

/** numbered steps per side; two columns when both sides are shown, `=` where live says the same */
function render(provider: string, p: { number: string; at: string; timezone: string } & Partial<Record<Side, CallPath | null>>): string {
  const lines = [`${p.number} at ${describeInstant(new Date(p.at), p.timezone)} (${p.timezone}), ${provider}`];
  const steps = (side: Side) => (p[side] === null ? ['(no route takes this number)'] : (p[side]?.steps ?? []).map((s, i) => `${i + 1}. ${describeStep(s)}`));
  if (!('desired' in p) || !('live' in p)) {
    const side: Side = 'desired' in p ? 'desired' : 'live';
    lines.push(`  ${side}`, ...steps(side).map((s) => `  ${s}`));
    return lines.join('\n');
  }
  const [d, l] = [steps('desired'), steps('live')];
  const width = Math.max(7, ...d.map((s) => s.length)) + 3;
  lines.push(`  ${'desired'.padEnd(width)}live`);
  for (let i = 0; i < Math.max(d.length, l.length); i++) lines.push(`  ${(d[i] ?? '').padEnd(width)}${d[i] === l[i] ? '=' : (l[i] ?? '')}`.trimEnd());
  if (d.join('\n') === l.join('\n')) lines.push('  (the live PBX takes the same path)');
  return lines.join('\n');
}
