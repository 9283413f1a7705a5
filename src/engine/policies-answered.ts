// Policy every_did_answered: each declared DID route, simulated (the provider's callPath) over
// the coming year from today's local midnight, must reach someone at every instant. It is
// evaluated as yearAhead (route-schedule.ts) says, each change searched down to its minute (a
// short dead end between two answered instants can be missed); a path through no time switch is the
// same at every instant, and routes that differ only in their number share one evaluation.
import stringify from 'safe-stable-stringify';
import type { LiveState, ProviderConfig, SourceLocation } from './model.ts';
import type { ProviderModule } from './provider.ts';
import { timed, type CallPath, type PathStepKind } from './route-path.ts';
import { DAY_NAMES, span, targetOf, WEEK_ORDER, weekdays, yearAhead, type Day } from './route-schedule.ts';
import { now } from './now.ts';

/** a step that puts the caller through to someone (or to what pbxctl does not follow: an IVR, a queue, a named VoipCenter route) */
const ANSWERS = new Set<PathStepKind>(['extension', 'user', 'device', 'voicemail', 'external', 'ring_group', 'ref', 'unmanaged']);
/** dated exceptions listed in one message at most */
const MAX_DATES = 5;

/** '' when the call reaches someone, else where it ends (`hang up`) */
const verdict = (path: CallPath | undefined) => (path?.steps.some((s) => ANSWERS.has(s.kind)) ? '' : targetOf(path));

export function unanswered(pc: ProviderConfig, mod: ProviderModule, state: LiveState, allowed: string[]): { loc: SourceLocation; message: string }[] {
  const callPath = mod.callPath;
  if (!callPath) return [];
  const ctx = { settings: pc.settings };
  const start = now();
  const shared = new Map<string, string[]>();
  const out: { loc: SourceLocation; message: string }[] = [];
  for (const dk of Object.values(pc.kinds)) {
    const spec = mod.capabilities.kinds[dk.kind];
    if (spec.routing !== 'entry') continue;
    const stateOf = new Map((state[dk.kind] ?? []).map((o) => [o.key, o.data]));
    for (const obj of dk.objects) {
      if (allowed.includes(obj.key)) continue;
      // the call that takes this entry (Issabel: its DID from its caller ID)
      const call = mod.entryCall?.(obj.key) ?? { number: obj.key };
      const at = { ...ctx, caller: call.caller };
      const probe = callPath(state, call.number, start, at);
      if (probe?.steps[0]?.name !== obj.key) continue;
      const data = { ...stateOf.get(obj.key), [spec.key]: undefined, name: undefined };
      const id = `${dk.kind}\u0000${stringify(data)}`;
      let found = shared.get(id);
      if (!found) shared.set(id, (found = timed(probe) ? deadEnds((when) => verdict(callPath(state, call.number, when, at)), start, probe.timezone) : always(verdict(probe))));
      if (found.length) out.push({ loc: obj.loc, message: `${spec.noun} ${obj.key} reaches no one: ${found.join('; ')}` });
    }
  }
  return out;
}

const always = (target: string) => (target ? [`always → ${target}`] : []);

/** the usual week's dead ends by weekday (`Sat, Sun 00:00–24:00 → hang up`), then the dated ones that differ from it */
function deadEnds(evaluate: (at: Date) => string, at: Date, tz: string): string[] {
  const { usual, dated } = yearAhead(evaluate, at, tz);
  const weekly = new Map<string, { text: string; wds: number[] }>();
  for (const wd of WEEK_ORDER)
    for (const piece of usual.get(wd)?.pieces.filter((x) => x.target) ?? []) {
      const key = `${span(piece)} → ${piece.target}`;
      weekly.set(key, { text: key, wds: [...(weekly.get(key)?.wds ?? []), wd] });
    }
  const lines = dated.flatMap((d: Day) => d.pieces.filter((x) => x.target).map((x) => `${DAY_NAMES[d.weekday]} ${d.date} ${span(x)} → ${x.target}`));
  const more = lines.length > MAX_DATES ? [`${lines.length - MAX_DATES} more dated`] : [];
  return [...[...weekly.values()].map((w) => `${weekdays(w.wds)} ${w.text}`), ...lines.slice(0, MAX_DATES), ...more];
}
