// One run against one SmartPBX account. The session keeps the id ⇄ name maps of users,
// devices, voicemail boxes and schedules from read() and from its own creates, so
// references resolve at apply time.
import { randomBytes } from 'node:crypto';
import type { Change, LiveObject, LiveState, ModelObject } from '../../engine/model.ts';
import { leaves } from '../../engine/paths.ts';
import type { FinishReport, ProviderContext, ReadLimit, Session } from '../../engine/provider.ts';
import { ProviderError } from '../../engine/provider.ts';
import { createOnce, retryAfterMs } from '../http.ts';
import type { KazooSettings } from './auth.ts';
import { KazooClient, NoAnswer, wireError, type Row, type WireAnswer } from './client.ts';
import { deviceFields, fromWire, LISTED, modelPathOf, toWire, UNIQUE, userFields, vmboxFields, type FieldRule } from './mapping.ts';
import { E164, flowFor, routeFieldOf, routeFromWire, routePatch, strings, type Directory, type TargetKind } from './routes.ts';
import { createSchedule, deleteSchedule, updateSchedule, type ScheduleWriter, type StoredSchedule } from './schedule-writes.ts';
import { groupOf, ruleFromWire } from './schedules.ts';
import { resolveTimezone } from './time.ts';

type Kind = 'users' | 'devices' | 'did_routes' | 'voicemail_boxes' | 'schedules';

const RESOURCE: Record<Kind, string> = { users: 'users', devices: 'devices', did_routes: 'callflows', voicemail_boxes: 'vmboxes', schedules: 'temporal_rules_sets' };
const NOUN: Record<Kind, string> = { users: 'user', devices: 'device', did_routes: 'DID route', voicemail_boxes: 'voicemail box', schedules: 'schedule' };
const RULES: Record<TargetKind, FieldRule[]> = { users: userFields, devices: deviceFields, voicemail_boxes: vmboxFields };
/** the model key of each document kind read from a listing */
const KEY: Record<TargetKind, string> = { users: 'username', devices: 'name', voicemail_boxes: 'mailbox' };

const CREATE_ATTEMPTS = 5;
/** tries of a write that CouchDB refused as conflicting with another write to the document */
const CONFLICT_TRIES = 3;
const isConflict = (answer: WireAnswer) => answer.status === 409 && answer.body.message === 'datastore_conflict';
/** a new user without a declared password: created with a random one */
const getsRandomPassword = (change: Change) => change.kind === 'users' && change.action === 'create' && change.desired?.password === undefined;

const byKind = () => Object.fromEntries(Object.keys(RESOURCE).map((k) => [k, new Map<string, string>()])) as Record<Kind, Map<string, string>>;

class Names implements Directory {
  private readonly ids = byKind();
  private readonly names = byKind();
  readonly schedules = new Map<string, StoredSchedule>();

  remember(kind: Kind, id: string, name: string) {
    this.ids[kind].set(name, id);
    this.names[kind].set(id, name);
  }
  forget(kind: Kind, name: string) {
    const id = this.ids[kind].get(name);
    this.ids[kind].delete(name);
    if (id) this.names[kind].delete(id);
  }
  nameOf = (kind: TargetKind, id: string) => this.names[kind].get(id) ?? id;
  idOf = (kind: Kind, name: string) => this.ids[kind].get(name);
  schedule = (name: string) => this.schedules.get(name);
  scheduleOfRule = (id: string) => [...this.schedules].find(([, s]) => s.rules.includes(id) || s.holidays.includes(id))?.[0];
}

export class KazooSession implements Session {
  private readonly client: KazooClient;
  private readonly dir = new Names();
  /** per DID route key: the callflow's numbers and flow node as read (or written) */
  private readonly routes = new Map<string, { numbers: string[]; flow?: Row }>();
  private readonly notes: string[] = [];
  /** DID route documents read by read(), by id: read again (to follow the routes, before any write) reuses them */
  private readonly flows = new Map<string, Row>();
  /** the account document, read once a run: a schedule without a timezone and the behaviour diff both need it */
  private accountDoc?: Promise<Row>;

  constructor(
    settings: KazooSettings,
    private readonly ctx: ProviderContext,
  ) {
    this.client = new KazooClient(settings, ctx);
  }

  /**
   * Live state of the kinds, from their listings, all requested at once; the full
   * document is fetched (all at once, under the read limit) only for declared objects
   * that declare a field the listing row does not carry (every object when `declared` is
   * not given, as for import), for a declared device someone is hot-desked into (the one
   * /hotdesks listing names the devices, not who), and for what a listing never answers:
   * schedules' rules and the flows of DID routes that are declared or followed.
   * Information only a document holds (a box's is_setup) is reported where the document
   * is read anyway: it is not worth a request per object.
   */
  async read(kinds: string[], declared?: Record<string, Map<string, string[]>>, follow: string[] = []): Promise<LiveState> {
    const state: LiveState = {};
    const limit = this.ctx.limitRead;
    const wanted = (kind: Kind) => kinds.includes(kind);
    const unlisted = (kind: string) => (path: string) => !LISTED[kind]?.includes(path);
    // a declared unique value the listing does not show is checked against every object of the kind
    const everyDocument = new Set(
      kinds.filter((kind) => {
        const paths = new Set([...(declared?.[kind]?.values() ?? [])].flat());
        return Object.values(UNIQUE[kind] ?? {}).flat().filter(unlisted(kind)).some((path) => paths.has(path));
      }),
    );
    const document = (kind: Kind, id: unknown) => limit(() => this.client.get(this.client.account(`${RESOURCE[kind]}/${String(id)}`)));
    const listing = (kind: Kind | 'hotdesks', read = wanted(kind as Kind)) =>
      read ? limit(() => this.client.list(this.client.account(kind === 'hotdesks' ? kind : RESOURCE[kind]))) : Promise.resolve([]);
    const [userRows, deviceRows, boxRows, setRows, flowRows, logins] = await Promise.all([
      ...(['users', 'devices', 'voicemail_boxes', 'schedules', 'did_routes'] as const).map((kind) => listing(kind)),
      listing('hotdesks', Boolean(declared?.devices?.size)),
    ]);
    const hotdesked = new Set(logins.map((row) => String(row.device_id)));
    const needsDocument = (kind: string, row: Row) => {
      if (!declared || everyDocument.has(kind)) return true;
      const fields = declared[kind]?.get(String(row[KEY[kind as TargetKind]]));
      return Boolean(fields && (fields.some(unlisted(kind)) || (kind === 'devices' && hotdesked.has(String(row.id)))));
    };
    const full = (kind: TargetKind, rows: Row[]) =>
      Promise.all(rows.map((row) => (needsDocument(kind, row) ? document(kind, row.id) : kind === 'devices' ? deviceRow(row) : row)));
    uniqueNames(deviceRows);
    for (const [kind, rows] of [['users', userRows], ['devices', deviceRows], ['voicemail_boxes', boxRows]] as const) {
      for (const row of rows) this.dir.remember(kind, String(row.id), String(row[KEY[kind]]));
    }
    // a route's flow is only in its document: read where the route is declared or the plan follows the undeclared ones
    const wholeRoute = (row: Row) => !declared || follow.includes('did_routes') || declared.did_routes?.has(strings(row.numbers).find((n) => E164.test(n))!);
    const flow = (row: Row) => {
      const seen = this.flows.get(String(row.id));
      return seen ?? (wholeRoute(row) ? document('did_routes', row.id).then((doc) => (this.flows.set(String(row.id), doc), doc)) : row);
    };
    const routeRows = flowRows.filter((r) => strings(r.numbers).some((n) => E164.test(n)));
    const [users, devices, boxes, schedules, routeDocs] = await Promise.all([
      full('users', userRows),
      full('devices', deviceRows),
      full('voicemail_boxes', boxRows),
      wanted('schedules') ? this.readSchedules(setRows, limit) : [],
      Promise.all(routeRows.map(flow)),
    ]);
    if (wanted('schedules')) state.schedules = schedules;
    if (wanted('users')) state.users = users.map((doc) => ({ key: String(doc.username), data: fromWire(doc, userFields) }));
    if (wanted('devices')) state.devices = devices.map((doc) => ({ key: String(doc.name), data: this.deviceFromWire(doc) }));
    if (wanted('voicemail_boxes')) state.voicemail_boxes = boxes.map((doc) => ({ key: String(doc.mailbox), data: this.withOwner(fromWire(doc, vmboxFields)) }));
    // after the schedules: a route's temporal_route names its schedule by the rule ids
    if (wanted('did_routes')) state.did_routes = this.routesFromWire(routeDocs);
    return state;
  }

  private withOwner(data: ModelObject): ModelObject {
    if (typeof data.owner === 'string') data.owner = this.dir.nameOf('users', data.owner);
    return data;
  }

  private accountDocument(): Promise<Row> {
    return (this.accountDoc ??= this.client.get(this.client.account()));
  }

  /** the account's timezone (a schedule without its own, and its one-day holidays, use it) */
  private async accountTimezone(): Promise<string> {
    const doc = await this.accountDocument();
    return resolveTimezone(undefined, [typeof doc.timezone === 'string' ? doc.timezone : undefined]);
  }

  /** every rule set, with its rule documents: a schedule (the account is read only for a set without a timezone) */
  private readSchedules(sets: Row[], limit: ReadLimit): Promise<LiveObject[]> {
    return Promise.all(
      sets.map(async (row) => {
        const name = String(row.name);
        const [set, ...rules] = await Promise.all(
          [`temporal_rules_sets/${String(row.id)}`, ...strings(row.rules).map((id) => `temporal_rules/${id}`)].map((path) =>
            limit(() => this.client.get(this.client.account(path))),
          ),
        );
        const timezone = typeof set.timezone === 'string' ? set.timezone : undefined;
        const zone = timezone ?? (await limit(() => this.accountTimezone()));
        const stored: StoredSchedule = { setId: String(row.id), rules: [], holidays: [], docs: new Map(), ...(timezone ? { timezone } : {}) };
        const data: ModelObject = { name, ...(timezone ? { timezone } : {}), rules: [], holidays: [] };
        for (const doc of rules) {
          const group = groupOf(doc);
          stored[group].push(String(doc.id));
          stored.docs.set(String(doc.id), doc);
          (data[group] as ModelObject[]).push(ruleFromWire(doc, zone));
        }
        if (!(data.holidays as unknown[]).length) delete data.holidays;
        this.dir.schedules.set(name, stored);
        this.dir.remember('schedules', String(row.id), name);
        return { key: name, data };
      }),
    );
  }

  private deviceFromWire(doc: Row): ModelObject {
    const data = this.withOwner(fromWire(doc, deviceFields));
    data.device_type ??= 'sip_device';
    // hot-desk logins: who is logged in to this phone now (runtime state)
    const logins = Object.keys(((doc.hotdesk ?? {}) as { users?: Row }).users ?? {});
    if (logins.length) data.hotdesk = { users: logins.map((id) => this.dir.nameOf('users', id)) };
    return data;
  }

  /** DID routes from every callflow document that holds an E.164 number (the flow is not in the listing) */
  private routesFromWire(docs: Row[]): LiveObject[] {
    return docs.flatMap((doc) => {
      const data = routeFromWire(doc, this.dir);
      if (!data) return [];
      const key = String(data.number);
      this.dir.remember('did_routes', String(doc.id), key);
      this.routes.set(key, { numbers: strings(doc.numbers), flow: doc.flow as Row | undefined });
      return [{ key, data }];
    });
  }

  async apply(change: Change): Promise<'done'> {
    const kind = change.kind as Kind;
    const what = `${change.action} ${NOUN[kind]} ${change.key}`;
    if (kind === 'schedules') {
      await { create: createSchedule, update: updateSchedule, delete: deleteSchedule }[change.action](this.scheduleWriter(), change);
      return 'done';
    }
    if (change.action === 'delete') {
      const id = this.idOf(kind, change.key);
      const answer = await this.againOnConflict(kind, change.key, () => this.client.call('DELETE', this.client.account(`${RESOURCE[kind]}/${id}`)));
      // 404: gone already (a retried DELETE whose first answer was lost)
      if (answer.status !== 200 && answer.status !== 404) throw wireError(what, answer);
      this.dir.forget(kind, change.key);
      return 'done';
    }
    const desired = change.desired!;
    const fieldOf = (wire: string) => (kind === 'did_routes' ? routeFieldOf(wire, desired) : modelPathOf(wire, RULES[kind as TargetKind]));
    const body = await this.body(kind, change);
    if (change.action === 'create') {
      const id = await this.create(RESOURCE[kind], body, what, (answer) => this.failure(kind, what, answer, fieldOf));
      this.dir.remember(kind, id, change.key);
      if (getsRandomPassword(change)) this.notes.push(`user ${change.key} was created with a random password: set one in the SmartPBX portal to log in`);
      if (kind === 'did_routes') this.routes.set(change.key, { numbers: body.numbers as string[], flow: body.flow as Row });
      return 'done';
    }
    const id = this.idOf(kind, change.renamedFrom ?? change.key);
    const path = this.client.account(`${RESOURCE[kind]}/${id}`);
    // the body is made again after a fresh read: a DID route's patch depends on the document read
    const answer = await this.againOnConflict(kind, change.renamedFrom ?? change.key, async (fresh) => this.client.call('PATCH', path, { data: fresh ? await this.body(kind, change) : body }));
    if (answer.status !== 200) throw this.failure(kind, what, answer, fieldOf);
    if (change.renamedFrom !== undefined) {
      this.dir.forget(kind, change.renamedFrom);
      this.dir.remember(kind, id, change.key);
    }
    return 'done';
  }

  /**
   * A write refused with 409 datastore_conflict lost a race with another write to the
   * same document: the document is read again and the write sent again (a PATCH merges
   * into what is there), up to CONFLICT_TRIES times.
   */
  private async againOnConflict(kind: Kind, key: string, write: (fresh: boolean) => Promise<WireAnswer>): Promise<WireAnswer> {
    let answer = await write(false);
    for (let tries = 1; tries < CONFLICT_TRIES && isConflict(answer); tries++) {
      const doc = await this.client.get(this.client.account(`${RESOURCE[kind]}/${this.idOf(kind, key)}`));
      if (kind === 'did_routes') this.routes.set(key, { numbers: strings(doc.numbers), flow: doc.flow as Row | undefined });
      answer = await write(true);
    }
    return answer;
  }

  private scheduleWriter(): ScheduleWriter {
    return {
      client: this.client,
      create: (resource, body, what) => this.create(resource, body, what, (answer) => wireError(what, answer, () => 'rules')),
      accountTimezone: () => this.accountTimezone(),
      stored: (name) => this.dir.schedules.get(name),
      remember: (name, schedule) => {
        if (schedule) {
          this.dir.schedules.set(name, schedule);
          this.dir.remember('schedules', schedule.setId, name);
        } else {
          this.dir.schedules.delete(name);
          this.dir.forget('schedules', name);
        }
      },
    };
  }

  /** the wire body of a create (every declared field) or an update (the changed ones) */
  private async body(kind: Kind, change: Change): Promise<Row> {
    const desired = change.desired!;
    const paths = change.action === 'create' ? leaves(desired).map(([p]) => p) : change.fields.map((f) => f.path);
    if (kind === 'did_routes') {
      // patched against the document as this run read it (or wrote it, or read again after a conflict)
      if (change.action === 'update') return routePatch(desired, paths, this.routes.get(change.key) ?? { numbers: [] }, this.dir);
      return {
        numbers: [desired.number, ...strings(desired.extra_numbers)],
        ...(desired.name !== undefined ? { name: desired.name } : {}),
        flow: flowFor(desired, this.dir),
      };
    }
    const model = { ...desired };
    const userId = (name: unknown, field: string) => {
      const id = this.dir.idOf('users', String(name));
      if (!id) throw new ProviderError(`${field}: SmartPBX has no user '${String(name)}'`, field);
      return id;
    };
    if (typeof model.owner === 'string') model.owner = userId(model.owner, 'owner');
    const body = toWire(model, RULES[kind as TargetKind], paths);
    // hot-desk logins, written only when declared: the declared users in, everyone else out
    const logins = (desired.hotdesk as { users?: string[] } | undefined)?.users;
    if (kind === 'devices' && logins && paths.includes('hotdesk.users')) {
      const live = ((change.live?.hotdesk as { users?: string[] } | undefined)?.users ?? []).map((u) => this.dir.idOf('users', u)).filter((id) => id !== undefined);
      body.hotdesk = { users: { ...Object.fromEntries(live.map((id) => [id, null])), ...Object.fromEntries(logins.map((u, i) => [userId(u, `hotdesk.users.${i}`), {}])) } };
    }
    // Kazoo wants a password with every new username; the user sets their own later
    if (getsRandomPassword(change)) body.password = randomBytes(18).toString('base64url');
    return body;
  }

  /**
   * PUT is not idempotent, so a create carries an id of our own, the same on every try
   * (Crossbar honours an `id` in the data). When a try's answer is lost or the server
   * failed, the document is read by that id first: found, the create happened. A later
   * try refused as a duplicate (409 conflict, or 400 unique) is settled the same way.
   * A 429 waits as the server asks.
   */
  private create(resource: string, body: Row, what: string, fail: (answer: WireAnswer) => ProviderError): Promise<string> {
    const id = randomBytes(16).toString('hex');
    return createOnce({
      tries: CREATE_ATTEMPTS,
      send: () => this.client.call('PUT', this.client.account(resource), { data: { ...body, id } }),
      lost: (err) => err instanceof NoAnswer,
      again: (answer) => (answer.status === 429 ? { unsure: false, waitMs: retryAfterMs(answer.headers) } : answer.status >= 500 ? { unsure: true } : undefined),
      // read back at once: the read is the pause
      backoff: () => 0,
      duplicate: (answer) => answer.status === 409 || answer.status === 400,
      confirm: async () => ((await this.exists(resource, id)) ? id : undefined),
      settle: async (answer) => {
        if (await this.exists(resource, id)) return id;
        throw fail(answer);
      },
      done: (answer) => {
        const created = (answer.body.data as Row | undefined)?.id;
        if (answer.status === 201) return typeof created === 'string' ? created : id;
        throw answer.status === 429 ? new ProviderError(`${what}: SmartPBX kept answering 429 (rate limited)`, undefined, 429) : fail(answer);
      },
    });
  }

  /** whether the document with this id is there (read back after a create whose answer was lost) */
  private async exists(resource: string, id: string): Promise<boolean> {
    const answer = await this.client.call('GET', this.client.account(`${resource}/${id}`));
    if (answer.status === 200) return true;
    if (answer.status === 404) return false;
    throw wireError(`reading ${resource} ${id}`, answer);
  }

  private failure(kind: Kind, what: string, answer: WireAnswer, fieldOf: (wire: string) => string): ProviderError {
    if (kind === 'did_routes' && answer.status === 403) {
      return new ProviderError(`${what}: SmartPBX refused it (403 forbidden): one of its numbers belongs to another account; route only numbers this account owns`, 'number', 403);
    }
    return wireError(what, answer, fieldOf);
  }

  private idOf(kind: Kind, key: string): string {
    const id = this.dir.idOf(kind, key);
    if (!id) throw new ProviderError(`${NOUN[kind]} ${key} is not on SmartPBX (deleted meanwhile?)`, undefined, 404);
    return id;
  }

  async finish(): Promise<FinishReport> {
    return { deferred: [], notes: [...this.notes] };
  }

  async account(): Promise<Record<string, string>> {
    const doc = await this.accountDocument();
    return { name: String(doc.name ?? ''), realm: String(doc.realm ?? ''), timezone: String(doc.timezone ?? '') };
  }
}

/** a device listing row in the document's shape: `username` is sip.username, a MAC of "" is none */
function deviceRow(row: Row): Row {
  // set on the copy rather than spread from small objects: one object per row, not three
  const { username, mac_address, ...doc } = row;
  if (mac_address !== '' && mac_address !== undefined) doc.mac_address = mac_address;
  if (username !== undefined) doc.sip = { username };
  return doc;
}

/** devices are keyed by name: two live devices with one name cannot be managed */
function uniqueNames(rows: Row[]): void {
  const seen = new Map<string, string>();
  for (const row of rows) {
    const name = String(row.name);
    const other = seen.get(name);
    if (other) throw new ProviderError(`SmartPBX has two devices named '${name}' (ids ${other} and ${String(row.id)}); pbxctl keys devices by name: rename one of them`);
    seen.set(name, String(row.id));
  }
}
