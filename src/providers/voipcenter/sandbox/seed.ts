// The default VoipCenter seed: "Claes & Wouters Architecten BV", a small architects'
// office in Gent with a Brussels number. Everything is fixed; calls come from a seeded PRNG.
import type { Credentials } from './signature.ts';
import { pickInt, pickOne, seededRandom } from '../../../sandbox/seeded-random.ts';
import type { Call, VoipcenterState } from './state.ts';

export const VOIPCENTER_CREDENTIALS: Credentials = {
  apiId: 'pi204517gnt',
  customer: '204517',
  password: 'Sandbox-Gent-2026',
  key: 'c7e1f0a94b2d6e8835a1f4c09d7b2e6a',
};

const EXTERNAL_NUMBERS = [
  '+3293301122', '+32486223344', '+3292334455', '+3235551212', '+32496778899',
  '+31206241111', '+3223456789', '+32471987654', '+3250443322', '+32478665544',
];

export function seedState(): VoipcenterState {
  const state: VoipcenterState = {
    sipAccounts: [
      { id: 101, name: 'Onthaal', username: '204517_201', extension: '201', callerid: '+3292451010' },
      { id: 102, name: 'Jan Claes', username: '204517_202', extension: '202', callerid: '+3292451012' },
      { id: 103, name: 'Els Wouters', username: '204517_203', extension: '203', callerid: '+3292451013' },
      { id: 104, name: 'Vergaderzaal', username: '204517_204', extension: '204', callerid: '+3292451010' },
    ],
    dids: [
      { id: 540, number: '+3292451010', name: 'Hoofdnummer', holiday_id: 10, vacation_id: 20, office_hours_id: 30, route_id: 140, backup_route_id: 150 },
      { id: 541, number: '+3292451011', name: 'Boekhouding', holiday_id: 10, vacation_id: 20, office_hours_id: 30, route_id: 141, backup_route_id: 151 },
      { id: 542, number: '+3292451012', name: 'Jan Claes direct', holiday_id: 10, vacation_id: 0, office_hours_id: 0, route_id: 142, backup_route_id: 150 },
      { id: 543, number: '+3292451013', name: 'Els Wouters direct', holiday_id: 10, vacation_id: 0, office_hours_id: 0, route_id: 142, backup_route_id: 151 },
      { id: 544, number: '+3225889020', name: 'Kantoor Brussel', holiday_id: 11, vacation_id: 21, office_hours_id: 31, route_id: 140, backup_route_id: 150 },
    ],
    holidays: [
      {
        id: 10,
        name: 'Feestdagen België 2026',
        days: [
          { date: '2026-01-01', name: 'Nieuwjaar' },
          { date: '2026-04-06', name: 'Paasmaandag' },
          { date: '2026-05-01', name: 'Dag van de Arbeid' },
          { date: '2026-05-14', name: 'O.L.H. Hemelvaart' },
          { date: '2026-05-25', name: 'Pinkstermaandag' },
          { date: '2026-07-21', name: 'Nationale feestdag' },
          { date: '2026-08-15', name: 'O.L.V. Hemelvaart' },
          { date: '2026-11-01', name: 'Allerheiligen' },
          { date: '2026-11-11', name: 'Wapenstilstand' },
          { date: '2026-12-25', name: 'Kerstmis' },
        ],
      },
      {
        id: 11,
        name: 'Brugdagen 2026',
        days: [
          { date: '2026-01-02', name: 'Brugdag Nieuwjaar' },
          { date: '2026-05-15', name: 'Brugdag Hemelvaart' },
          { date: '2026-11-02', name: 'Brugdag Allerheiligen' },
        ],
      },
    ],
    vacations: [
      { id: 20, name: 'Zomersluiting 2026', start: '2026-07-20', end: '2026-08-07' },
      { id: 21, name: 'Kerstsluiting 2026', start: '2026-12-24', end: '2027-01-01' },
    ],
    officeHours: [
      {
        id: 30,
        name: 'Kantooruren Gent',
        hours: (['mon', 'tue', 'wed', 'thu', 'fri'] as const).flatMap((day) => [
          { day, open: '08:30', close: '12:00' },
          { day, open: '13:00', close: '17:30' },
        ]),
      },
      {
        id: 31,
        name: 'Kantooruren Brussel',
        hours: [
          ...(['mon', 'tue', 'wed', 'thu'] as const).map((day) => ({ day, open: '09:00', close: '17:00' })),
          { day: 'fri', open: '09:00', close: '15:00' },
        ],
      },
    ],
    routes: [
      { id: 140, name: 'Onthaal eerst', description: 'Belt 201 gedurende 20 s, daarna 202 en 203 samen' },
      { id: 141, name: 'Iedereen tegelijk', description: 'Belt 201, 202, 203 en 204 tegelijk' },
      { id: 142, name: 'Direct naar toestel', description: 'Belt het toestel van de medewerker, daarna voicemail' },
    ],
    backupRoutes: [
      { id: 150, name: 'Algemene voicemail', destination: 'voicemail:201' },
      { id: 151, name: 'GSM Jan Claes', destination: '+32475123456' },
    ],
    indicators: [
      { id: 100, name: 'Dag/Nacht', active: 0 },
      { id: 101, name: 'Vakantie', active: 0 },
      { id: 102, name: 'Lunchpauze', active: 1 },
    ],
    desks: [
      { id: 300, name: 'Flexplek 1', sipacc_id: 102, template_id: 50 },
      { id: 301, name: 'Flexplek 2', sipacc_id: 103, template_id: 51 },
      { id: 302, name: 'Flexplek vergaderzaal', sipacc_id: 104, template_id: 0 },
    ],
    templates: [
      { id: 50, name: 'Architect', description: 'Doorkiesnummer, voicemail en BLF op het onthaal' },
      { id: 51, name: 'Administratie', description: 'Boekhoudingslijn en Dag/Nacht-indicator' },
    ],
    calls: [],
  };
  state.calls = seedCalls(state);
  return state;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** 2 to 4 calls on every working day from 5 January to 30 April 2026. */
function seedCalls(state: VoipcenterState): Call[] {
  const random = seededRandom(204517);
  const closed = new Set(state.holidays.flatMap((h) => h.days.map((d) => d.date)));
  // who answers a DID: the route's first extension
  const answerer: Record<number, number> = { 540: 101, 541: 101, 542: 102, 543: 103, 544: 101 };
  const calls: Call[] = [];
  for (let day = new Date(Date.UTC(2026, 0, 5)); day <= new Date(Date.UTC(2026, 3, 30)); day.setUTCDate(day.getUTCDate() + 1)) {
    const date = day.toISOString().slice(0, 10);
    const weekday = day.getUTCDay();
    if (weekday === 0 || weekday === 6 || closed.has(date)) continue;
    const times = Array.from({ length: pickInt(random, 2, 4) }, () => pickInt(random, 8 * 3600 + 1800, 17 * 3600 + 1800)).sort((a, b) => a - b);
    for (const t of times) {
      const at = `${date} ${pad(Math.floor(t / 3600))}:${pad(Math.floor(t / 60) % 60)}:${pad(t % 60)}`;
      const external = pickOne(random, EXTERNAL_NUMBERS);
      const roll = random();
      if (random() < 0.65) {
        const did = random() < 0.5 ? state.dids[0] : pickOne(random, state.dids);
        const status = roll < 0.8 ? 'ANSWERED' : roll < 0.95 ? 'NO ANSWER' : 'BUSY';
        calls.push({
          id: 0, date: at, direction: 'in', from: external, to: did.number, did_id: did.id,
          sipacc_id: answerer[did.id], duration: status === 'ANSWERED' ? pickInt(random, 15, 900) : 0, status,
        });
      } else {
        const sip = pickOne(random, state.sipAccounts.slice(0, 3));
        const status = roll < 0.9 ? 'ANSWERED' : 'NO ANSWER';
        calls.push({
          id: 0, date: at, direction: 'out', from: sip.callerid, to: external, did_id: 0,
          sipacc_id: sip.id, duration: status === 'ANSWERED' ? pickInt(random, 20, 1200) : 0, status,
        });
      }
    }
  }
  return calls.map((c, i) => ({ ...c, id: 10001 + i }));
}
