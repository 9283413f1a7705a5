// get.php: one menu per PBX part. id=0 lists (optionally filtered), id=N answers one item.
import type { PhpValue } from './php-serialize.ts';
import { fail, ok, type Answer } from './response.ts';
import type { VoipcenterState } from './state.ts';

interface Menu {
  items(s: VoipcenterState): { id: number }[];
  /** fields holding phone numbers, matched by digit sequence */
  numbers?: string[];
}

const MENUS: Record<string, Menu> = {
  sipacc: { items: (s) => s.sipAccounts, numbers: ['username', 'extension', 'callerid'] },
  did: { items: (s) => s.dids, numbers: ['number'] },
  feestdagen: { items: (s) => s.holidays },
  vakanties: { items: (s) => s.vacations },
  kantooruren: { items: (s) => s.officeHours },
  routes: { items: (s) => s.routes },
  backuproutes: { items: (s) => s.backupRoutes, numbers: ['destination'] },
  calls: { items: (s) => s.calls, numbers: ['from', 'to'] },
  indicator: { items: (s) => s.indicators },
  hddesk: { items: (s) => s.desks },
  hdtemplate: { items: (s) => s.templates },
};

/** yyyymmdd that is a real calendar date, as YYYY-MM-DD */
function dateFilter(filter: string): string | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(filter);
  if (!m) return undefined;
  const iso = `${m[1]}-${m[2]}-${m[3]}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(iso) ? iso : undefined;
}

function matches(menuName: string, menu: Menu, item: Record<string, unknown>, filter: string): boolean {
  if (menuName === 'calls') {
    const day = dateFilter(filter);
    if (day) return String(item.date).startsWith(day);
  }
  const name = typeof item.name === 'string' && item.name.toLowerCase().includes(filter.toLowerCase());
  const digits = filter.replace(/\D/g, '');
  const number = /^\+?\d+$/.test(filter) && (menu.numbers ?? []).some((f) => String(item[f]).replace(/\D/g, '').includes(digits));
  return name || number;
}

export function getMenu(state: VoipcenterState, m: string, id: string, filter: string | undefined): Answer {
  const menu = MENUS[m];
  if (!menu || !/^\d+$/.test(id)) return fail(17);
  const items = menu.items(state) as unknown as Record<string, PhpValue>[];
  if (Number(id) === 0) return ok(filter ? items.filter((item) => matches(m, menu, item, filter)) : items);
  // the document allows a filter only when listing
  if (filter) return fail(17);
  const item = items.find((i) => i.id === Number(id));
  return item ? ok(item) : fail(2);
}
