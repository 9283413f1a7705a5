// The realistic starting PBX (the example YAML in examples/ describes the same one).
import { applyInput, flattenInput, newExtension } from './extension-model.ts';
import { newRingGroup } from './ringgroups.ts';
import { emptyState, type IssabelState, type RoutingState } from './state.ts';

const MAILBOX_OPTIONS = { email_attachment: 'yes', play_callerid: 'no', play_envelope: 'no', delete: 'no' };

const EXTENSIONS: { number: string; tech: string; secret: string; body: Record<string, unknown> }[] = [
  {
    number: '1000', tech: 'sip', secret: 'Kq7vR2mX9pLw',
    body: {
      name: 'Antonio',
      voicemail: { enabled: 'yes', pin: '4321', email: 'antonio@example.com', pager_email: '', options: MAILBOX_OPTIONS },
      extension_options: { ring_time: '30', call_waiting: 'yes' },
      recording: { inbound_external: 'always' },
    },
  },
  { number: '1001', tech: 'sip', secret: 'T4n8bZc1Yh6s', body: { name: 'Jose', extension_options: { ring_time: '15' } } },
  {
    number: '1002', tech: 'pjsip', secret: '9f3a1c7e5b2d8046af1e3c5b7d9f0a2c',
    body: {
      name: 'Maria Granuja',
      voicemail: { enabled: 'yes', pin: '1111', email: 'maria@example.com', pager_email: '', options: MAILBOX_OPTIONS },
      extension_options: { ring_time: '20' },
    },
  },
  { number: '1003', tech: 'sip', secret: 'd41c8e9b07f2a3654e1b9c8d7a6f5e40', body: { name: 'Pedro Picapiedras', extension_options: { ring_time: '20' } } },
  { number: '1050', tech: 'sip', secret: 'Lb3yPh0ne7Qx', body: { name: 'Lobby phone' } },
  { number: '9001', tech: 'virtual', secret: '', body: { name: 'Fax line' } },
];

/** some of the codes a fresh Issabel has; ChanSpy moved from 555 to 5550 by the administrator */
const FEATURE_CODES: [module: string, feature: string, description: string, code: string, custom?: string][] = [
  ['core', 'userlogon', 'User Logon', '*11'],
  ['core', 'userlogoff', 'User Logoff', '*12'],
  ['core', 'pickup', 'Directed Call Pickup', '**'],
  ['core', 'chanspy', 'ChanSpy', '555', '5550'],
  ['core', 'zapbarge', 'ZapBarge', '888'],
  ['core', 'simu_pstn', 'Simulate Incoming Call', '7777'],
  ['voicemail', 'myvoicemail', 'My Voicemail', '*97'],
  ['voicemail', 'dialvoicemail', 'Dial Voicemail', '*98'],
  ['donotdisturb', 'dnd_toggle', 'DND Toggle', '*76'],
  ['infoservices', 'calltrace', 'Call Trace', '*69'],
];

export function seedState(): IssabelState {
  const state = emptyState();
  for (const { number, tech, secret, body } of EXTENSIONS) {
    const record = newExtension(number, tech, secret);
    applyInput(record, flattenInput(body), true);
    state.extensions[number] = record;
  }
  state.ringGroups['600'] = { ...newRingGroup('600'), name: 'Sales', strategy: 'ringall', ring_time: '15', extension_list: ['1000', '1003'] };
  state.ringGroups['610'] = { ...newRingGroup('610'), name: 'Night', strategy: 'hunt', ring_time: '30', extension_list: ['1002'] };
  state.otherNumbers = { queues: ['2000'], conferences: ['500'], parkingLots: ['700'], customExtensions: ['8000'] };
  state.featureCodes = FEATURE_CODES.map(([module, feature, description, default_code, custom_code = '']) => ({
    module, feature, description, default_code, custom_code, enabled: true,
  }));
  state.routing = seedRouting();
  for (const tc of state.routing.timeConditions)
    state.featureCodes.push({ module: 'timeconditions', feature: `toggle-mode-${tc.id}`, description: `${tc.id}: ${tc.name}`, default_code: `*27${tc.id}`, custom_code: '', enabled: true });
  return state;
}

/**
 * The main number: a holiday check first (25 December only: the example YAML adds New
 * Year's Day), then office hours to ring group 600, else Antonio's voicemail.
 */
function seedRouting(): RoutingState {
  const route = { music_on_hold_class: 'default', cid_priority_route: '', alert_info: '', cid_name_prefix: '', signal_ringing: '', pause_before_answer: '' };
  return {
    inboundRoutes: {
      '3292451010^': { ...route, extension: '3292451010', callerid_number: '', description: 'Main number', destination: 'timeconditions,1,1' },
    },
    timeGroups: [
      { id: 1, name: 'Office hours', times: ['08:30-17:30|mon-fri|*|*'] },
      { id: 2, name: 'Holidays', times: ['00:00-23:59|*|25|dec'] },
    ],
    timeConditions: [
      { id: 1, name: 'Holiday?', time_group_id: '2', destination_if_time_matches: 'ext-local,vmu1000,1', destination_if_time_does_not_match: 'timeconditions,2,1' },
      { id: 2, name: 'Open?', time_group_id: '1', destination_if_time_matches: 'ext-group,600,1', destination_if_time_does_not_match: 'ext-local,vmu1000,1' },
    ],
    overrides: { 1: '', 2: '' },
    nextTimeGroupId: 3,
    nextTimeConditionId: 3,
    ivrs: [{ id: '1', name: 'Main menu' }],
  };
}
