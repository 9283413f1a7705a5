// The call-path simulator's provider-neutral model: the steps a call to a DID takes at one
// instant, as a provider works them out from one state (desired or live), and the parsing
// of the instant the user names (`--at`).
import type { DesiredKind, LiveState, ProviderConfig } from './model.ts';
import { cachedPerZone } from './clock-cache.ts';

export type PathStepKind =
  | 'route' | 'time_switch' | 'ring_group' | 'extension' | 'user' | 'device' | 'voicemail' | 'hangup' | 'external' | 'ref' | 'unmanaged' | 'end';

export interface PathStep {
  kind: PathStepKind;
  /** the provider's word for it: `inbound route`, `time condition` (default: from kind) */
  noun?: string;
  /** the object's name or number as the YAML says it */
  name: string;
  /** what it does: `ringall 20 s: 1000, 1001` */
  detail?: string;
  /** for a time switch: the rule that decided and why */
  why?: string;
}

export interface CallPath {
  number: string;
  /** ISO 8601 instant */
  at: string;
  timezone: string;
  steps: PathStep[];
}

/** whether a path goes through a time rule: one that does not is the same at every instant */
export const timed = (path: CallPath | undefined): boolean => Boolean(path?.steps.some((s) => s.kind === 'time_switch'));

/** what a provider's callPath hook gets besides the state */
export interface CallPathContext {
  /** connection settings (its timezone, when it declares one) */
  settings: Record<string, unknown>;
  /** what the session says of the account (Session.account), when it can */
  account?: Record<string, string>;
  /** the caller ID to simulate with (Issabel routes by DID and caller ID); none: a caller no route names */
  caller?: string;
}

/** the state the YAML asks for: the live state with each declared kind's objects put in place of the live ones (pruned kinds lose the undeclared ones) */
export function desiredState(pc: ProviderConfig, live: LiveState): LiveState {
  const out: LiveState = { ...live };
  for (const k of Object.values(pc.kinds) as DesiredKind[]) {
    const declared = new Set(k.objects.map((o) => o.key));
    const before = live[k.kind] ?? [];
    const byKey = new Map(before.map((l) => [l.key, l.data]));
    const kept = k.policy.prune ? [] : before.filter((o) => !declared.has(o.key));
    // a field the YAML leaves out keeps its live value, as plan leaves it alone
    const merged = k.objects.map((o) => ({ key: o.key, data: { ...byKey.get(o.key), ...o.data } }));
    out[k.kind] = [...kept, ...merged];
  }
  return out;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
/** the wall clock of an instant in tz: [year, month 1-12, day, hour, minute, weekday 0 = Sunday] */
export const wallParts = (instant: Date, tz: string): { y: number; mo: number; d: number; h: number; mi: number; wd: number } => wallPartsAt(instant.getTime(), tz);

const wallPartsAt = cachedPerZone((ms: number, tz: string) => {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', weekday: 'short', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' });
    formatters.set(tz, f);
  }
  const p = Object.fromEntries(f.formatToParts(ms).map((x) => [x.type, x.value]));
  return { y: +p.year, mo: +p.month, d: +p.day, h: +p.hour, mi: +p.minute, wd: DAYS.indexOf(p.weekday.toLowerCase().slice(0, 3)) };
});

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** the instant of a wall-clock time in tz; in a DST gap the wall clock read with the offset before it (02:30 → 03:30 summer time); in an overlap the earlier one */
export function instantIn(y: number, mo: number, d: number, h: number, mi: number, tz: string): Date {
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  const offsetAt = (t: number) => {
    const p = wallParts(new Date(t), tz);
    return Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi) - Math.floor(t / 60_000) * 60_000;
  };
  const offsets = [offsetAt(wall - 86_400_000), offsetAt(wall + 86_400_000)].sort((a, b) => b - a);
  const exact = offsets.find((o) => offsetAt(wall - o) === o);
  return new Date(wall - (exact ?? Math.min(...offsets)));
}

/**
 * `--at`: ISO 8601 (`2026-12-25T19:00`, in tz unless it carries an offset or Z), or a
 * weekday and a time (`friday 19:00`: the next such instant after now, today included
 * when still ahead); undefined when it is neither
 */
export function parseWhen(text: string, tz: string, now: Date): Date | undefined {
  const t = text.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/i.exec(t);
  if (iso) {
    if (iso[6]) {
      const d = new Date(t.replace(' ', 'T'));
      return Number.isNaN(d.getTime()) ? undefined : d;
    }
    const [y, mo, d, h = 0, mi = 0] = iso.slice(1, 6).map((v) => (v === undefined ? undefined : Number(v))) as number[];
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59) return undefined;
    return instantIn(y, mo, d, h ?? 0, mi ?? 0, tz);
  }
  const m = /^([a-z]+)\s+(\d{1,2}):(\d{2})$/i.exec(t);
  if (!m) return undefined;
  const wd = DAYS.indexOf(m[1].toLowerCase().slice(0, 3));
  const [h, mi] = [Number(m[2]), Number(m[3])];
  if (wd < 0 || m[1].length < 3 || h > 23 || mi > 59) return undefined;
  const today = wallParts(now, tz);
  for (let ahead = 0; ahead <= 7; ahead++) {
    const day = new Date(Date.UTC(today.y, today.mo - 1, today.d + ahead));
    if (day.getUTCDay() !== wd) continue;
    const at = instantIn(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate(), h, mi, tz);
    if (at.getTime() > now.getTime()) return at;
  }
  return undefined;
}

/** `Fri 2026-12-25 19:00` in tz */
export function describeInstant(instant: Date, tz: string): string {
  const p = wallParts(instant, tz);
  const two = (n: number) => String(n).padStart(2, '0');
  const day = DAYS[p.wd];
  return `${day[0].toUpperCase()}${day.slice(1)} ${p.y}-${two(p.mo)}-${two(p.d)} ${two(p.h)}:${two(p.mi)}`;
}

const NOUNS: Record<PathStepKind, string> = {
  route: 'route', time_switch: 'time switch', ring_group: 'ring group', extension: 'extension', user: 'user', device: 'device',
  voicemail: 'voicemail', hangup: 'hang up', external: 'external number', ref: 'route', unmanaged: 'not managed', end: 'end',
};

/** one step in words: `ring group 600 "Sales": ringall 20 s …`, and why unless `why` is false */
export function describeStep(s: PathStep, why = true): string {
  const [noun, name] = [s.noun ?? NOUNS[s.kind], s.name];
  const head = noun && name ? `${noun} ${name}` : noun || name || '';
  return head + (s.detail ? `: ${s.detail}` : '') + (why && s.why ? ` (${s.why})` : '');
}
