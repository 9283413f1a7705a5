// The sandbox's starting point: "Ofon Demo", a small Jakarta office on SmartPBX (6 users,
// 8 devices, 6 callflows, 2 voicemail boxes, business hours with a holiday: the main number
// rings the Front Desk on weekdays 08:30–17:30 and goes to voicemail otherwise), and "Maju Jaya", a second account that owns one Jakarta DID.
// Documents go through the same create path as the API, so they carry the server defaults.
import { createHash } from 'node:crypto';
import { callflows } from './callflows.ts';
import { create, type Ctx, type ResourceSpec } from './docs.ts';
import { devices } from './devices.ts';
import { gregorianSeconds, md5, type Json, type KazooState, type StoredDoc } from './state.ts';
import { users } from './users.ts';
import { temporalRules, temporalRuleSets, vmboxes } from './vmboxes.ts';

const seedId = (name: string) => md5(`pbxctl-sandbox/${name}`);

export const SANDBOX_ACCOUNT_ID = seedId('account/ofon-demo');
export const SANDBOX_ACCOUNT_NAME = 'Ofon Demo';
export const SANDBOX_REALM = 'ofon-demo.sip.ofon.example';
export const SANDBOX_USERNAME = 'budi.santoso@ofon-demo.example';
export const SANDBOX_PASSWORD = 'Sandbox-Demo-2024';
export const SANDBOX_API_KEY = createHash('sha256').update('pbxctl-sandbox/api-key/ofon-demo').digest('hex');
/** a ready token for the account admin, valid until expireTokens() or a restart */
export const SANDBOX_AUTH_TOKEN = seedId('auth-token/ofon-demo');

export const OTHER_ACCOUNT_ID = seedId('account/maju-jaya');
export const OTHER_ACCOUNT_NAME = 'Maju Jaya';
/** a DID in the number database owned by the other account: using it in Ofon Demo is 403 */
export const OTHER_ACCOUNT_NUMBER = '+622150009999';

export const SEED_IDS = {
  users: {
    budi: seedId('user/budi'),
    siti: seedId('user/siti'),
    agus: seedId('user/agus'),
    dewi: seedId('user/dewi'),
    rudi: seedId('user/rudi'),
    putri: seedId('user/putri'),
  },
  devices: {
    budiDesk: seedId('device/budi-desk'),
    sitiDesk: seedId('device/siti-desk'),
    agusSoftphone: seedId('device/agus-softphone'),
    dewiDesk: seedId('device/dewi-desk'),
    rudiMobile: seedId('device/rudi-mobile'),
    reception: seedId('device/reception'),
    hotDesk1: seedId('device/hot-desk-1'),
    meetingRoom: seedId('device/meeting-room'),
  },
  callflows: {
    main: seedId('callflow/main'),
    budi: seedId('callflow/budi'),
    siti: seedId('callflow/siti'),
    agus: seedId('callflow/agus'),
    sales: seedId('callflow/sales'),
    meetingRoom: seedId('callflow/meeting-room'),
  },
  vmboxes: { frontDesk: seedId('vmbox/front-desk'), budi: seedId('vmbox/budi') },
  temporalRules: { weekdays: seedId('rule/weekdays'), independence: seedId('rule/independence-day') },
  temporalRuleSets: { officeHours: seedId('rule-set/office-hours') },
};

/** Ofon Demo's DIDs in the number database */
export const SANDBOX_NUMBERS = ['+622150001000', '+622150001001', '+622150001002', '+622150001020', '+622150001030', '+622150001090'];

const U = SEED_IDS.users;
const V = SEED_IDS.vmboxes;
const T = SEED_IDS.temporalRules;
const D = SEED_IDS.devices;
const C = SEED_IDS.callflows;

const account = (id: string, name: string, realm: string, apiKey: string, created: number): StoredDoc => ({
  _id: id,
  _rev: '1-' + md5(id),
  pvt_type: 'account',
  pvt_account_id: id,
  pvt_created: created,
  pvt_modified: created,
  pvt_api_key: apiKey,
  name,
  realm,
  timezone: 'Asia/Jakarta',
  language: 'en-US',
  reseller_id: seedId('account/ofon-reseller'),
  is_reseller: false,
  descendants_count: 0,
  created,
  caller_id: { internal: { name }, external: { name }, emergency: { name } },
  blacklists: [],
  available_apps: [],
  knm_allow_additions: false,
  superduper_admin: false,
  enabled: true,
});

const user = (id: string, first: string, last: string, ext: string, extra: Json = {}): Json => ({
  id,
  first_name: first,
  last_name: last,
  username: `${first}.${last}@ofon-demo.example`.toLowerCase(),
  email: `${first}.${last}@ofon-demo.example`.toLowerCase(),
  password: `${first}-${ext}-pass`,
  presence_id: ext,
  timezone: 'Asia/Jakarta',
  caller_id: { internal: { name: `${first} ${last}`, number: ext } },
  ...extra,
});

const SEED_USERS: Json[] = [
  user(U.budi, 'Budi', 'Santoso', '1001', { priv_level: 'admin', password: SANDBOX_PASSWORD }),
  user(U.siti, 'Siti', 'Rahayu', '1002', { hotdesk: { enabled: true, id: '1002', pin: '4321', require_pin: true } }),
  user(U.agus, 'Agus', 'Wijaya', '1003', { hotdesk: { enabled: true, id: '1003', keep_logged_in_elsewhere: true } }),
  user(U.dewi, 'Dewi', 'Lestari', '1004'),
  user(U.rudi, 'Rudi', 'Hartono', '1005', { call_forward: { enabled: true, number: '+628121234567', require_keypress: false } }),
  user(U.putri, 'Putri', 'Anggraini', '1000', { priv_level: 'admin' }),
];

const deskPhone = (id: string, name: string, owner: string | undefined, sipUser: string, mac: string, extra: Json = {}): Json => ({
  id,
  name,
  device_type: 'sip_device',
  ...(owner ? { owner_id: owner } : {}),
  mac_address: mac,
  sip: { username: sipUser, password: md5(`seed/${sipUser}`).slice(0, 12) },
  provision: { endpoint_brand: 'yealink', endpoint_family: 't4x', endpoint_model: 't46s' },
  ...extra,
});

const SEED_DEVICES: Json[] = [
  deskPhone(D.budiDesk, 'Budi Desk', U.budi, 'user_budidesk01', '80:5E:C0:11:22:01'),
  deskPhone(D.sitiDesk, 'Siti Desk', U.siti, 'user_sitidesk02', '80:5E:C0:11:22:02'),
  {
    id: D.agusSoftphone,
    name: 'Agus Softphone',
    device_type: 'softphone',
    owner_id: U.agus,
    sip: { username: 'user_agussoft03', password: md5('seed/agus-soft').slice(0, 12) },
  },
  deskPhone(D.dewiDesk, 'Dewi Desk', U.dewi, 'user_dewidesk04', '80:5E:C0:11:22:04'),
  {
    id: D.rudiMobile,
    name: 'Rudi Mobile',
    device_type: 'cellphone',
    owner_id: U.rudi,
    call_forward: { enabled: true, number: '+628121234567', require_keypress: false, keep_caller_id: true },
    sip: { username: 'user_rudicell05', password: md5('seed/rudi-cell').slice(0, 12) },
  },
  deskPhone(D.reception, 'Reception Phone', U.putri, 'user_reception6', '80:5E:C0:11:22:06', {
    ringtones: { internal: 'Ring4', external: 'Ring1' },
  }),
  deskPhone(D.hotDesk1, 'Hot Desk 1', undefined, 'user_hotdesk107', '80:5E:C0:11:22:07', {
    hotdesk: { users: { [U.agus]: {} } },
  }),
  deskPhone(D.meetingRoom, 'Meeting Room', undefined, 'user_meeting08', '80:5E:C0:11:22:08', { enabled: false }),
];

/** devices /devices/status lists as registered */
const REGISTERED = [D.budiDesk, D.sitiDesk, D.reception, D.hotDesk1];

const userFlow = (userId: string) => ({ module: 'user', data: { id: userId, timeout: 20, can_call_self: false } });

const SEED_VMBOXES: Json[] = [
  // the owner ran the set-up wizard (is_setup flipped at run time) and has messages waiting
  { id: V.frontDesk, name: 'Front Desk', mailbox: '1000', owner_id: U.putri, pin: '2580', notify_email_addresses: ['frontdesk@ofon-demo.example'], is_setup: true },
  { id: V.budi, name: 'Budi Santoso', mailbox: '1001', owner_id: U.budi, pin: '1357' },
];

/** business hours as SmartPBX's UI builds them (kazoo-routing.md §8), grouped in a rule set */
const SEED_RULES: Json[] = [
  { id: T.weekdays, name: 'Weekdays', type: 'main_weekdays', cycle: 'weekly', interval: 1, wdays: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], time_window_start: 30600, time_window_stop: 63000 },
  { id: T.independence, name: 'Independence Day', type: 'main_holidays', cycle: 'yearly', interval: 1, month: 8, days: [17] },
];
const SEED_RULE_SETS: Json[] = [{ id: SEED_IDS.temporalRuleSets.officeHours, name: 'Office hours', temporal_rules: [T.weekdays, T.independence] }];

const voicemail = (id: string) => ({ module: 'voicemail', data: { id } });

const SEED_CALLFLOWS: Json[] = [
  {
    id: C.main,
    name: 'Main Number',
    type: 'main',
    numbers: ['+622150001000', '0'],
    flow: {
      module: 'temporal_route',
      data: { rules: [T.independence, T.weekdays] },
      children: {
        [T.independence]: voicemail(V.frontDesk),
        [T.weekdays]: {
          module: 'ring_group',
          data: {
            name: 'Front Desk',
            strategy: 'simultaneous',
            timeout: 25,
            endpoints: [
              { id: U.putri, endpoint_type: 'user' },
              { id: D.reception, endpoint_type: 'device' },
            ],
          },
        },
        _: voicemail(V.frontDesk),
      },
    },
  },
  { id: C.budi, name: 'Budi Santoso SmartPBX\'s Callflow', type: 'mainUserCallflow', owner_id: U.budi, numbers: ['1001', '+622150001001'], flow: userFlow(U.budi) },
  { id: C.siti, name: 'Siti Rahayu SmartPBX\'s Callflow', type: 'mainUserCallflow', owner_id: U.siti, numbers: ['1002', '+622150001002'], flow: userFlow(U.siti) },
  { id: C.agus, name: 'Agus Wijaya SmartPBX\'s Callflow', type: 'mainUserCallflow', owner_id: U.agus, numbers: ['1003'], flow: userFlow(U.agus) },
  {
    id: C.sales,
    name: 'Sales',
    numbers: ['2000', '+622150001020'],
    flow: {
      module: 'ring_group',
      data: {
        name: 'Sales',
        strategy: 'single',
        endpoints: [
          { id: U.budi, endpoint_type: 'user', timeout: 15 },
          { id: U.dewi, endpoint_type: 'user', timeout: 15 },
          { id: U.rudi, endpoint_type: 'user', timeout: 15, delay: 5 },
        ],
      },
    },
  },
  { id: C.meetingRoom, name: 'Meeting Room', numbers: ['1090', '+622150001090'], flow: { module: 'device', data: { id: D.meetingRoom, timeout: 30 } } },
];

const OTHER_USER = { id: seedId('user/maju-jaya-admin'), first_name: 'Hendra', last_name: 'Gunawan', username: 'hendra@majujaya.example', password: 'Maju-Jaya-2024', priv_level: 'admin' };
const OTHER_CALLFLOW = { id: seedId('callflow/maju-jaya-main'), name: 'Maju Jaya Main', type: 'main', numbers: [OTHER_ACCOUNT_NUMBER], flow: userFlow(OTHER_USER.id) };

/** fills an empty state with the demo accounts; ctxFor gives a write context for an account */
export function applySeed(state: KazooState, now: number, ctxFor: (account: StoredDoc) => Ctx): void {
  const created = gregorianSeconds(now);
  const demo = account(SANDBOX_ACCOUNT_ID, SANDBOX_ACCOUNT_NAME, SANDBOX_REALM, SANDBOX_API_KEY, created);
  const other = account(OTHER_ACCOUNT_ID, OTHER_ACCOUNT_NAME, 'majujaya.sip.ofon.example', createHash('sha256').update('pbxctl-sandbox/api-key/maju-jaya').digest('hex'), created);
  state.accounts[demo._id] = demo;
  state.accounts[other._id] = other;
  for (const number of SANDBOX_NUMBERS) state.numbers[number] = { account_id: demo._id };
  state.numbers[OTHER_ACCOUNT_NUMBER] = { account_id: other._id };

  const put = (ctx: Ctx, spec: ResourceSpec, bodies: Json[]) => bodies.forEach((body) => create(ctx, spec, structuredClone(body)));
  const demoCtx = ctxFor(demo);
  put(demoCtx, users, SEED_USERS);
  put(demoCtx, devices, SEED_DEVICES);
  put(demoCtx, vmboxes, SEED_VMBOXES);
  put(demoCtx, temporalRules, SEED_RULES);
  put(demoCtx, temporalRuleSets, SEED_RULE_SETS);
  put(demoCtx, callflows, SEED_CALLFLOWS);
  state.vmboxes[V.frontDesk].pvt_messages = { new: 2, saved: 1 };
  for (const id of REGISTERED) state.devices[id].pvt_registered = true;
  const otherCtx = ctxFor(other);
  put(otherCtx, users, [OTHER_USER]);
  put(otherCtx, callflows, [OTHER_CALLFLOW]);
}
