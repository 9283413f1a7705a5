// DID routing on one Issabel server: inbound routes, time groups, time conditions and the
// IVRs they may point at (issabel-routing.md). The YAML names things; the server links
// them by ids it assigns (a time group's id in its time conditions, a time condition's
// id inside destination strings), so this keeps the name ⇄ id books, filled by the read
// and by every create, and resolves names when a write is sent.
import type { Change, LiveObject, LiveState, ModelObject } from '../../engine/model.ts';
import { ProviderError, type ReadLimit } from '../../engine/provider.ts';
import { answerLost } from '../http.ts';
import { listRows, wireError, type IssabelClient, type WireAnswer } from './client.ts';
import {
  destinationFromWire, destinationString, fromWire, inboundRouteFields, routeId, routeKey, timeEntryFromWire, timeEntryToWire, toWire,
  type IdOf, type NameOf, type TimeEntry,
} from './mapping.ts';
import { isOverrideState } from './time.ts';

export const ROUTING_PATH = { inbound_routes: 'inboundroutes', time_groups: 'timegroups', time_conditions: 'timeconditions' } as const;
export type RoutingKind = keyof typeof ROUTING_PATH;
export const isRoutingKind = (kind: string): kind is RoutingKind => Object.hasOwn(ROUTING_PATH, kind);

const TC_FIELDS = { fields: 'time_group_id,destination_if_time_matches,destination_if_time_does_not_match' };

/** key ⇄ id, both ways */
class Book {
  private readonly ids = new Map<string, string>();
  private readonly keys = new Map<string, string>();
  set(key: string, id: string) {
    this.ids.set(key, id);
    this.keys.set(id, key);
  }
  id = (key: string) => this.ids.get(key);
  key = (id: string) => this.keys.get(id);
}

export class IssabelRouting {
  private readonly groups = new Book();
  private readonly conditions = new Book();
  private readonly ivrs = new Book();

  constructor(
    private readonly client: IssabelClient,
    private readonly limitRead: ReadLimit,
  ) {}

  private readonly idOf: IdOf = (type, name) => (type === 'ivr' ? this.ivrs : this.conditions).id(name);
  private readonly nameOf: NameOf = (type, id) => (type === 'ivr' ? this.ivrs : this.conditions).key(id);

  /** the routing kinds among `kinds`, with what their names need read first */
  async read(kinds: string[]): Promise<LiveState> {
    const wants = (k: string) => kinds.includes(k);
    const [groups, conditions, routes, destinations] = await Promise.all([
      wants('time_groups') || wants('time_conditions') ? this.list('timegroups') : undefined,
      wants('time_conditions') || wants('inbound_routes') ? this.list('timeconditions', TC_FIELDS) : undefined,
      wants('inbound_routes') ? this.list('inboundroutes', { fields: '*' }) : undefined,
      wants('ivrs') || wants('time_conditions') || wants('inbound_routes') ? this.limitRead(() => this.client.call('GET', 'alldestinations')) : undefined,
    ]);
    const state: LiveState = {};
    if (destinations) state.ivrs = this.readIvrs(destinations);
    if (groups) {
      for (const g of groups) this.groups.set(String(g.name), String(g.id));
      state.time_groups = groups.map((g) => ({
        key: String(g.name),
        data: { name: String(g.name), times: ((g.times as Record<string, unknown>[] | undefined) ?? []).map(timeEntryFromWire) },
      }));
    }
    if (conditions) {
      // names are not unique on the server: a second one of a name is known by its id too
      const sorted = [...conditions].sort((a, b) => Number(a.id) - Number(b.id));
      const taken = new Set<string>();
      for (const c of sorted) {
        const name = String(c.name);
        this.conditions.set(taken.has(name) ? `${name} (id ${String(c.id)})` : name, String(c.id));
        taken.add(name);
      }
      state.time_conditions = sorted.map((c) => this.conditionFromWire(c));
    }
    if (routes) state.inbound_routes = routes.map((r) => this.routeFromWire(r));
    for (const k of Object.keys(state)) if (!wants(k)) delete state[k];
    return state;
  }

  private list(path: string, searchParams?: Record<string, string>) {
    return this.limitRead(() => listRows(this.client, path, searchParams));
  }

  /** the IVRs /alldestinations lists (a JSON object by category, or [] when there is nothing) */
  private readIvrs(answer: WireAnswer): LiveObject[] {
    if (answer.status !== 200) throw wireError('reading alldestinations', answer);
    const results = (answer.body as { results?: unknown } | undefined)?.results;
    if (typeof results !== 'object' || results === null) throw new ProviderError('reading alldestinations: Issabel answered without a results object');
    const entries = Array.isArray(results) ? [] : (((results as Record<string, unknown>).IVR as { name?: unknown; destination?: unknown }[] | undefined) ?? []);
    const out: LiveObject[] = [];
    for (const e of entries) {
      const id = /^ivr-(\d+),s,1$/.exec(String(e.destination))?.[1];
      if (!id) continue;
      this.ivrs.set(String(e.name), id);
      out.push({ key: String(e.name), data: { name: String(e.name) } });
    }
    return out;
  }

  private conditionFromWire(c: Record<string, unknown>): LiveObject {
    const key = this.conditions.key(String(c.id))!;
    const data: ModelObject = { name: key };
    const group = this.groups.key(String(c.time_group_id ?? ''));
    // a condition on a group that is gone shows the bare id: it never matches (§4.2)
    data.time_group = group ?? `(id ${String(c.time_group_id)})`;
    const match = destinationFromWire(c.destination_if_time_matches, this.nameOf);
    const otherwise = destinationFromWire(c.destination_if_time_does_not_match, this.nameOf);
    if (match) data.match = match;
    if (otherwise) data.otherwise = otherwise;
    // runtime state (ASTDB TC/<id>, set by *27<id>): null when the answer does not say it
    data.override_state = isOverrideState(c.override_state) ? c.override_state : null;
    return { key, data };
  }

  private routeFromWire(r: Record<string, unknown>): LiveObject {
    const key = routeKey(String(r.extension ?? ''), String(r.callerid_number ?? ''));
    const data: ModelObject = { did: key, ...fromWire(r, inboundRouteFields) };
    const destination = destinationFromWire(r.destination, this.nameOf);
    if (destination) data.destination = destination;
    return { key, data };
  }

  /** a create or update of one routing object; throws what the server refused */
  async write(change: Change, kind: RoutingKind): Promise<void> {
    const desired = change.desired!;
    const fields = change.action === 'update' ? new Set(change.fields.map((f) => f.path.split('.')[0])) : undefined;
    const sends = (field: string) => !fields || fields.has(field);
    const what = `${change.action} ${kind.replace(/s$/, '').replace('_', ' ')} ${change.key}`;
    if (kind === 'time_groups') {
      // a PUT without times empties the group: the times always go along
      const body = { name: change.key, times: ((desired.times as TimeEntry[] | undefined) ?? []).map(timeEntryToWire), reload: false };
      if (change.action === 'update') return this.put(what, `timegroups/${this.known(this.groups, change.key)}`, body);
      const id = await this.create(what, 'timegroups', body, async () => this.findByName(await this.list('timegroups'), change.key));
      return this.groups.set(change.key, id);
    }
    if (kind === 'time_conditions') {
      const body: ModelObject = { reload: false };
      if (sends('time_group')) body.time_group_id = this.known(this.groups, String(desired.time_group));
      if (sends('match')) body.destination_if_time_matches = destinationString(desired.match, this.idOf);
      if (sends('otherwise')) body.destination_if_time_does_not_match = destinationString(desired.otherwise, this.idOf);
      if (change.action === 'update') return this.put(what, `timeconditions/${this.known(this.conditions, change.key)}`, body);
      // the answer carries no id: the new one is the id the listing gained under this name (§5.3)
      const before = new Set((await this.list('timeconditions')).map((c) => String(c.id)));
      const id = await this.create(what, 'timeconditions', { name: change.key, ...body }, async () =>
        this.findByName((await this.list('timeconditions')).filter((c) => !before.has(String(c.id))), change.key),
      );
      return this.conditions.set(change.key, id);
    }
    const route = routeId(change.key);
    const body: ModelObject = { ...toWire(desired, inboundRouteFields, fields ? [...fields] : undefined), reload: false };
    if (sends('destination')) body.destination = desired.destination === undefined ? '' : destinationString(desired.destination, this.idOf);
    if (change.action === 'update') return this.put(what, `inboundroutes/${encodeURIComponent(route.id)}`, body);
    // always the DID ("" for any DID): without it the server numbers the route itself
    const post = { extension: route.did, callerid_number: route.cid, music_on_hold_class: 'default', ...body };
    await this.create(what, 'inboundroutes', post, async () => {
      const answer = await this.client.call('GET', `inboundroutes/${encodeURIComponent(route.id)}`);
      return answer.status === 200 ? route.id : undefined;
    });
  }

  private known(book: Book, key: string): string {
    const id = book.id(key);
    if (id === undefined) throw new ProviderError(`'${key}' has no id on the server (it was not read or created)`);
    return id;
  }

  private findByName(rows: Record<string, unknown>[], name: string): string | undefined {
    const ids = rows.filter((r) => String(r.name) === name).map((r) => Number(r.id));
    return ids.length ? String(Math.max(...ids)) : undefined;
  }

  private async put(what: string, path: string, body: ModelObject): Promise<void> {
    const answer = await this.client.call('PUT', path, { json: body });
    if (answer.status !== 200) throw wireError(what, answer);
  }

  /**
   * A POST, which the HTTP layer never repeats. A lost answer or a server error may come
   * after the row was written (a time condition's on PHP 8, §5.2): then `find` tells.
   */
  private async create(what: string, path: string, body: ModelObject, find: () => Promise<string | undefined>): Promise<string> {
    const answer = await this.client.call('POST', path, { json: body }).catch((err: unknown) => {
      if (answerLost(err) || (err instanceof ProviderError && (err.status ?? 0) >= 500)) return err as Error;
      throw err;
    });
    if (!(answer instanceof Error) && answer.status !== 201 && answer.status < 500) throw wireError(what, answer);
    const id = await find();
    if (id !== undefined) return id;
    if (answer instanceof Error) throw answer;
    throw answer.status === 201 ? new ProviderError(`${what}: created, but not found when read back`) : wireError(what, answer);
  }

  /** the server id a delete of this object names in its URL */
  wireId(kind: RoutingKind, key: string): string {
    if (kind === 'inbound_routes') return encodeURIComponent(routeId(key).id);
    return this.known(kind === 'time_groups' ? this.groups : this.conditions, key);
  }

  /** the ids (as wireId gives them) still on the server */
  async liveIds(kind: RoutingKind): Promise<Set<string>> {
    const rows = await listRows(this.client, ROUTING_PATH[kind]);
    return new Set(rows.map((r) => (kind === 'inbound_routes' ? encodeURIComponent(String(r.id)) : String(r.id))));
  }
}
