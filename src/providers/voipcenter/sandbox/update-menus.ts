// update.php: DID routing, function indicators and hot-desk desks. `p` is pipe-separated
// letter+id pairs, written `f10` or `f=10` (both accepted, decisions.md); every id it
// names must exist (0 clears). Anything malformed or unknown answers 17.
import type { PhpValue } from './php-serialize.ts';
import { fail, ok, type Answer } from './response.ts';
import type { Did, HotDesk, VoipcenterState } from './state.ts';

type Lists = { [K in keyof VoipcenterState]: VoipcenterState[K] extends { id: number }[] ? K : never }[keyof VoipcenterState];

/** letter → field it sets and the list its id must exist in */
const DID_LETTERS: Record<string, [keyof Did, Lists]> = {
  f: ['holiday_id', 'holidays'],
  v: ['vacation_id', 'vacations'],
  k: ['office_hours_id', 'officeHours'],
  r: ['route_id', 'routes'],
  b: ['backup_route_id', 'backupRoutes'],
};
const DESK_LETTERS: Record<string, [keyof HotDesk, Lists]> = {
  s: ['sipacc_id', 'sipAccounts'],
  t: ['template_id', 'templates'],
};

/** the fields to set, or undefined when p is not valid */
function parsePairs(state: VoipcenterState, p: string, letters: Record<string, [string, Lists]>): Record<string, number> | undefined {
  const set: Record<string, number> = {};
  for (const part of p.split('|')) {
    const m = /^([a-z])=?(\d+)$/.exec(part);
    const target = m && Object.hasOwn(letters, m[1]) ? letters[m[1]] : undefined;
    if (!m || !target) return undefined;
    const [field, list] = target;
    const id = Number(m[2]);
    if (field in set) return undefined;
    if (id !== 0 && !state[list].some((item) => item.id === id)) return undefined;
    set[field] = id;
  }
  return set;
}

export function updateMenu(state: VoipcenterState, m: string, id: string, p: string): Answer {
  if (!/^[1-9]\d*$/.test(id)) return fail(17);
  const lists = { did: state.dids, indicator: state.indicators, hddesk: state.desks } as const;
  if (!Object.hasOwn(lists, m)) return fail(17);
  const item = (lists[m as keyof typeof lists] as { id: number }[]).find((i) => i.id === Number(id));
  if (!item) return fail(17);
  if (m === 'indicator') {
    if (p !== '0' && p !== '1') return fail(17);
    Object.assign(item, { active: Number(p) });
  } else {
    const set = parsePairs(state, p, m === 'did' ? DID_LETTERS : DESK_LETTERS);
    if (!set) return fail(17);
    Object.assign(item, set);
  }
  return ok(item as unknown as PhpValue);
}
