// Writing schedules: a rule set and its rule documents. Rules are matched by name within
// their list, so an edited rule keeps its id (and its runtime `enabled` override); when the
// set of rule ids changes, every callflow whose temporal_route goes through the schedule is
// re-pointed at the new ids in the same run, branch by branch.
import type { Change, ModelObject } from '../../engine/model.ts';
import { ProviderError } from '../../engine/provider.ts';
import { wireError, type KazooClient, type Row } from './client.ts';
import { replacePatch, strings, type ScheduleIds } from './routes.ts';
import { RULE_GROUPS, ruleToWire, rulePatch, type RuleGroup } from './schedules.ts';
import { isTimezone } from './time.ts';

/** a schedule as read or written: the set's id and its rule documents by id */
export interface StoredSchedule extends ScheduleIds {
  setId: string;
  docs: Map<string, Row>;
}

export interface ScheduleWriter {
  client: KazooClient;
  /** PUT with an id of ours, settled on a lost answer; the new id */
  create(resource: string, body: Row, what: string): Promise<string>;
  accountTimezone(): Promise<string>;
  stored(name: string): StoredSchedule | undefined;
  remember(name: string, schedule: StoredSchedule | undefined): void;
}

const isObject = (v: unknown): v is Row => typeof v === 'object' && v !== null && !Array.isArray(v);

async function send(w: ScheduleWriter, method: string, path: string, what: string, data?: Row): Promise<Row> {
  const answer = await w.client.call(method, w.client.account(path), data ? { data } : {});
  // 404 on a DELETE: gone already (a retry whose first answer was lost)
  if (answer.status === 200 || (method === 'DELETE' && answer.status === 404)) return (answer.body.data as Row) ?? {};
  throw wireError(what, answer, () => 'rules');
}

async function zoneOf(w: ScheduleWriter, obj: ModelObject): Promise<string> {
  const tz = typeof obj.timezone === 'string' ? obj.timezone : await w.accountTimezone();
  if (!isTimezone(tz)) throw new ProviderError(`timezone: '${tz}' is not a timezone name this machine knows (IANA, e.g. Asia/Jakarta)`, 'timezone');
  return tz;
}

const rulesOf = (obj: ModelObject, group: RuleGroup) => (Array.isArray(obj[group]) ? (obj[group] as ModelObject[]) : []);

export async function createSchedule(w: ScheduleWriter, change: Change): Promise<void> {
  const desired = change.desired!;
  const tz = await zoneOf(w, desired);
  const stored: StoredSchedule = { setId: '', rules: [], holidays: [], docs: new Map(), ...(typeof desired.timezone === 'string' ? { timezone: desired.timezone } : {}) };
  for (const group of RULE_GROUPS) {
    for (const rule of rulesOf(desired, group)) {
      const doc = ruleToWire(group, rule, tz);
      const id = await w.create('temporal_rules', doc, `create rule ${String(rule.name)} of schedule ${change.key}`);
      stored[group].push(id);
      stored.docs.set(id, doc);
    }
  }
  stored.setId = await w.create('temporal_rules_sets', setBody(change.key, stored), `create schedule ${change.key}`);
  w.remember(change.key, stored);
}

const setBody = (name: string, s: ScheduleIds): Row => ({ name, temporal_rules: [...s.rules, ...s.holidays], ...(s.timezone ? { timezone: s.timezone } : {}) });

export async function updateSchedule(w: ScheduleWriter, change: Change): Promise<void> {
  const desired = change.desired!;
  const old = w.stored(change.key);
  if (!old) throw new ProviderError(`schedule ${change.key} is not on SmartPBX (deleted meanwhile?)`, undefined, 404);
  const tz = await zoneOf(w, desired);
  const next: StoredSchedule = { setId: old.setId, rules: [], holidays: [], docs: new Map(), ...(typeof desired.timezone === 'string' ? { timezone: desired.timezone } : {}) };
  const unused = new Set([...old.rules, ...old.holidays]);
  for (const group of RULE_GROUPS) {
    for (const rule of rulesOf(desired, group)) {
      const doc = ruleToWire(group, rule, tz);
      const id = old[group].find((i) => unused.has(i) && old.docs.get(i)?.name === rule.name);
      if (id === undefined) {
        const created = await w.create('temporal_rules', doc, `create rule ${String(rule.name)} of schedule ${change.key}`);
        next[group].push(created);
        next.docs.set(created, doc);
        continue;
      }
      unused.delete(id);
      const body = rulePatch(old.docs.get(id)!, doc);
      next[group].push(id);
      next.docs.set(id, Object.keys(body).length ? await send(w, 'PATCH', `temporal_rules/${id}`, `update rule ${String(rule.name)} of schedule ${change.key}`, body) : old.docs.get(id)!);
    }
  }
  const idsChanged = [...next.rules, ...next.holidays].join() !== [...old.rules, ...old.holidays].join();
  if (idsChanged || next.timezone !== old.timezone) {
    await send(w, 'PATCH', `temporal_rules_sets/${old.setId}`, `update schedule ${change.key}`, { temporal_rules: [...next.rules, ...next.holidays], timezone: next.timezone ?? null });
    await repointRoutes(w, old, next);
  }
  for (const id of unused) await send(w, 'DELETE', `temporal_rules/${id}`, `delete rule ${String(old.docs.get(id)?.name)} of schedule ${change.key}`);
  w.remember(change.key, next);
}

export async function deleteSchedule(w: ScheduleWriter, change: Change): Promise<void> {
  const old = w.stored(change.key);
  if (!old) return;
  await send(w, 'DELETE', `temporal_rules_sets/${old.setId}`, `delete schedule ${change.key}`);
  for (const id of [...old.rules, ...old.holidays]) await send(w, 'DELETE', `temporal_rules/${id}`, `delete rule ${String(old.docs.get(id)?.name)} of schedule ${change.key}`);
  w.remember(change.key, undefined);
}

/** every callflow whose temporal_route goes through the old rule ids now goes through the new ones */
async function repointRoutes(w: ScheduleWriter, old: StoredSchedule, next: StoredSchedule): Promise<void> {
  const oldIds = new Set([...old.rules, ...old.holidays]);
  const rows = (await w.client.list(w.client.account('callflows'))).filter((r) => strings(r.modules).includes('temporal_route'));
  for (const row of rows) {
    const doc = await w.client.get(w.client.account(`callflows/${String(row.id)}`));
    const flow = isObject(doc.flow) ? doc.flow : {};
    const children = isObject(flow.children) ? flow.children : {};
    const data = isObject(flow.data) ? flow.data : {};
    if (flow.module !== 'temporal_route' || ![...strings(data.rules), ...Object.keys(children)].some((id) => oldIds.has(id))) continue;
    const childOf = (group: string[]) => children[Object.keys(children).find((k) => group.includes(k)) ?? '_'];
    const [open, holidays] = [childOf(old.rules), childOf(old.holidays)];
    const kept = Object.fromEntries(Object.entries(children).filter(([k]) => !oldIds.has(k)));
    const newFlow = {
      ...flow,
      data: { ...data, rules: [...next.holidays, ...next.rules, ...strings(data.rules).filter((id) => !oldIds.has(id))], timezone: next.timezone },
      children: {
        ...Object.fromEntries(next.holidays.filter(() => holidays !== undefined).map((id) => [id, holidays])),
        ...Object.fromEntries(next.rules.filter(() => open !== undefined).map((id) => [id, open])),
        ...kept,
      },
    };
    if (newFlow.data.timezone === undefined) delete newFlow.data.timezone;
    await send(w, 'PATCH', `callflows/${String(row.id)}`, `re-point callflow ${String(doc.name ?? row.id)} at the schedule's rules`, { flow: replacePatch(flow, newFlow) as Row });
  }
}
