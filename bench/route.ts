// The call-path simulator's cost after the read (issue #14 point 7): `route` of one number,
// and the plan's behaviour diff over 1,000 Issabel DIDs whose shared time group changes.
// Part of `npm run bench` (routeTargets), or alone: `tsx bench/route.ts` (median of 5 runs each).
import { pathToFileURL } from 'node:url';
import type { Change, LiveState, ProviderConfig } from '../src/engine/model.ts';
import type { Session } from '../src/engine/provider.ts';
import { routeChanges } from '../src/engine/route-diff.ts';
import { registry } from '../src/providers/index.ts';
import { showSpread, spread, type Spread } from './stats.ts';
import { targetTable, type Target } from './targets.ts';

const DIDS = 1000;
const NOW = new Date('2026-12-21T10:00:00Z');
const module = registry.issabel;
const hours = (h: string) => ({ key: 'Office hours', data: { name: 'Office hours', times: [{ days: 'mon-fri', hours: h }, { date: '12-25' }] } });
const live: LiveState = {
  extensions: [{ key: '1000', data: { number: '1000', name: 'Antonio', ring_time: 30, voicemail: { enabled: true } } }],
  ring_groups: [{ key: '600', data: { number: '600', name: 'Sales', strategy: 'ringall', ring_time: 20, members: ['1000'] } }],
  time_groups: [hours('08:30-17:30')],
  time_conditions: [{ key: 'Open?', data: { name: 'Open?', time_group: 'Office hours', match: { ring_group: '600' }, otherwise: { voicemail: '1000' } } }],
  inbound_routes: Array.from({ length: DIDS }, (_, i) => {
    const did = String(3292450000 + i);
    return { key: did, data: { did, name: `DID ${i}`, destination: { time_switch: 'Open?' } } };
  }),
};
const changed = hours('08:30-18:00');
const pc = {
  name: 'hq', type: 'issabel', settings: { timezone: 'Europe/Brussels' },
  kinds: { time_groups: { kind: 'time_groups', objects: [{ ...changed, loc: { file: 'bench', line: 1, col: 1 }, fieldLocs: {} }], policy: { prune: false, ignore: [], ignoreFields: [] } } },
} as unknown as ProviderConfig;
const changes: Change[] = [{ id: 'hq/time_groups/Office hours', provider: 'hq', kind: 'time_groups', key: 'Office hours', action: 'update', desired: changed.data, live: live.time_groups[0].data, fields: [], dependsOn: [] }];
const session = {} as Session;

/** `run` timed 5 times */
async function timed(run: () => unknown): Promise<Spread> {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    await run();
    times.push(performance.now() - t);
  }
  return spread(times);
}

/** the two rows of the bench's table */
export async function routeTargets(): Promise<Target[]> {
  const one = await timed(() => module.callPath!(live, '3292450500', NOW, { settings: pc.settings }));
  let count = 0;
  const diff = await timed(async () => (count = (await routeChanges(module, session, pc, live, changes, NOW)).length));
  if (count !== DIDS) throw new Error(`the behaviour diff listed ${count} DIDs, not ${DIDS}`);
  return [
    { target: 'route of one number, after the read', goal: '< 1000 ms', measured: showSpread(one, 2, ' ms'), met: one.median < 1000 },
    { target: `plan's behaviour diff, ${DIDS} DIDs on one changed time group`, goal: '≤ 1000 ms', measured: showSpread(diff, 0, ' ms'), met: diff.median <= 1000 },
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) console.log(targetTable(await routeTargets()));
