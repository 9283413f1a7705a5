// GET /pbxapi/alldestinations (issabel-routing.md §2): every module's destinations, keyed
// by category in controller (alphabetical) order; an empty category is left out, nothing
// at all is []. Hang-up is not listed. Read-only.
import type { Exchange } from './http.ts';
import { routingOf, type IssabelState, type Tree } from './state.ts';

type Entry = { name: string; destination: string; extension?: string };

const numbered = (n: string, name: string, destination: string): Entry => ({ name: `<${n}> ${name}`, destination, extension: n });
const VOICEMAIL = [['vmb', 'busy'], ['vmu', 'unavail'], ['vms', 'no-msg']];

export function destinationCategories(state: IssabelState): Record<string, Entry[]> {
  const routing = routingOf(state);
  const extensions = Object.values(state.extensions).sort((a, b) => a.extension.localeCompare(b.extension));
  const categories: [string, Entry[]][] = [
    ['Conferences', state.otherNumbers.conferences.map((n) => numbered(n, `Conference ${n}`, `ext-meetme,${n},1`))],
    ['Extensions', extensions.map((e) => numbered(e.extension, e.name, `from-did-direct,${e.extension},1`))],
    ['IVR', routing.ivrs.map((i) => ({ name: i.name, destination: `ivr-${i.id},s,1` }))],
    ['Queues', state.otherNumbers.queues.map((n) => numbered(n, `Queue ${n}`, `ext-queues,${n},1`))],
    ['Ring Groups', Object.values(state.ringGroups).map((g) => numbered(g.extension, g.name ?? '', `ext-group,${g.extension},1`))],
    ['Time Conditions', routing.timeConditions.map((t) => ({ name: t.name, destination: `timeconditions,${t.id},1` }))],
    [
      'Voicemail',
      extensions
        .filter((e) => (e.voicemail as Tree | undefined)?.enabled === 'yes')
        .flatMap((e) => VOICEMAIL.map(([prefix, label]) => ({ name: `<${e.extension}> ${e.name} (${label})`, destination: `ext-local,${prefix}${e.extension},1` }))),
    ],
  ];
  return Object.fromEntries(categories.filter(([, entries]) => entries.length));
}

export function alldestinations(state: IssabelState, ex: Exchange): void {
  if (ex.method !== 'GET') return ex.fail([{ status: '405', detail: 'This resource is read only' }]);
  const categories = destinationCategories(state);
  // an empty PHP array encodes as [], a filled one keyed by category as an object
  ex.send(200, { 'Content-Type': 'application/json;charset=utf-8' }, JSON.stringify({ status: 'success', results: Object.keys(categories).length ? categories : [] }));
}
