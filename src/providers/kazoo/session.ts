// One run against one SmartPBX account. The session keeps the id ⇄ name maps of users and
// devices from read() and from its own creates, so references resolve at apply time.
import { randomBytes } from 'node:crypto';
import type { Change, LiveObject, LiveState, ModelObject } from '../../engine/model.ts';
import { leaves } from '../../engine/paths.ts';
import type { FinishReport, ProviderContext, ReadLimit, Session } from '../../engine/provider.ts';
import { ProviderError } from '../../engine/provider.ts';
import type { KazooSettings } from './auth.ts';
import { KazooClient, NoAnswer, retryAfterSeconds, wireError, type Row, type WireAnswer } from './client.ts';
import { deviceFields, fromWire, modelPathOf, toWire, UNIQUE, userFields, type FieldRule } from './mapping.ts';
import { E164, flowFor, routeFieldOf, routeFromWire, routePatch, strings, type Directory, type TargetKind } from './routes.ts';

type Kind = 'users' | 'devices' | 'did_routes';

const RESOURCE: Record<Kind, string> = { users: 'users', devices: 'devices', did_routes: 'callflows' };
const NOUN: Record<Kind, string> = { users: 'user', devices: 'device', did_routes: 'DID route' };
const RULES: Record<TargetKind, FieldRule[]> = { users: userFields, devices: deviceFields };

const CREATE_ATTEMPTS = 5;
/** tries of a write that CouchDB refused as conflicting with another write to the document */
const CONFLICT_TRIES = 3;
const isConflict = (answer: WireAnswer) => answer.status === 409 && answer.body.message === 'datastore_conflict';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** a new user without a declared password: created with a random one */
const getsRandomPassword = (change: Change) => change.kind === 'users' && change.action === 'create' && change.desired?.password === undefined;

class Names implements Directory {
  private readonly ids: Record<Kind, Map<string, string>> = { users: new Map(), devices: new Map(), did_routes: new Map() };
  private readonly names: Record<Kind, Map<string, string>> = { users: new Map(), devices: new Map(), did_routes: new Map() };

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
}

/** model fields a listing row answers for as well as the document would */
const LISTED: Record<string, string[]> = {
  users: ['username', 'first_name', 'last_name', 'email', 'presence_id'],
  devices: ['name', 'device_type', 'enabled', 'mac_address', 'owner'],
};

export class KazooSession implements Session {
  private readonly client: KazooClient;
  private readonly dir = new Names();
  /** per DID route key: the callflow's numbers and flow node as read (or written) */
  private readonly routes = new Map<string, { numbers: string[]; flow?: Row }>();
  private readonly notes: string[] = [];

  constructor(
    settings: KazooSettings,
    private readonly ctx: ProviderContext,
  ) {
    this.client = new KazooClient(settings, ctx);
  }

  /**
   * Live state of the kinds, from their listings; the full document is fetched only for
   * declared objects that declare a field the listing row does not carry (every object
   * when `declared` is not given, as for import).
   */
  async read(kinds: string[], declared?: Record<string, Map<string, string[]>>): Promise<LiveState> {
    const state: LiveState = {};
    const limit = this.ctx.limitRead;
    const unlisted = (kind: string) => (path: string) => !LISTED[kind]?.includes(path);
    // a declared unique value the listing does not show is checked against every object of the kind
    const everyDocument = new Set(
      kinds.filter((kind) => {
        const paths = new Set([...(declared?.[kind]?.values() ?? [])].flat());
        return Object.values(UNIQUE[kind] ?? {}).flat().filter(unlisted(kind)).some((path) => paths.has(path));
      }),
    );
    const needsDocument = (kind: string, key: string) => {
      if (!declared || everyDocument.has(kind)) return true;
      return Boolean(declared[kind]?.get(key)?.some(unlisted(kind)));
    };
    const full = async (kind: TargetKind, rows: Row[], key: string) =>
      Promise.all(
        rows.map((row) => (needsDocument(kind, String(row[key])) ? limit(() => this.client.get(this.client.account(`${kind}/${String(row.id)}`))) : row)),
      );
    const [users, devices] = await Promise.all(
      (['users', 'devices'] as const).map(async (kind) => {
        if (!kinds.includes(kind)) return [];
        const rows = await limit(() => this.client.list(this.client.account(kind)));
        const key = kind === 'users' ? 'username' : 'name';
        if (kind === 'devices') uniqueNames(rows);
        for (const row of rows) this.dir.remember(kind, String(row.id), String(row[key]));
        return full(kind, rows, key);
      }),
    );
    if (kinds.includes('users')) state.users = users.map((doc) => ({ key: String(doc.username), data: fromWire(doc, userFields) }));
    if (kinds.includes('devices')) state.devices = devices.map((doc) => ({ key: String(doc.name), data: this.deviceFromWire(doc) }));
    if (kinds.includes('did_routes')) state.did_routes = await this.readRoutes(limit);
    return state;
  }

  private deviceFromWire(doc: Row): ModelObject {
    const data = fromWire(doc, deviceFields);
    data.device_type ??= 'sip_device';
    if (typeof data.owner === 'string') data.owner = this.dir.nameOf('users', data.owner);
    return data;
  }

  /**
   * every callflow that holds an E.164 number, with its full document: the flow is not
   * in the listing, and even an undeclared route's target orders its deletion (prune)
   */
  private async readRoutes(limit: ReadLimit): Promise<LiveObject[]> {
    const rows = (await limit(() => this.client.list(this.client.account('callflows')))).filter((r) => strings(r.numbers).some((n) => E164.test(n)));
    const docs = await Promise.all(rows.map((row) => limit(() => this.client.get(this.client.account(`callflows/${String(row.id)}`)))));
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
    if (change.action === 'delete') {
      const id = this.idOf(kind, change.key);
      const answer = await this.againOnConflict(kind, change.key, () => this.client.call('DELETE', this.client.account(`${RESOURCE[kind]}/${id}`)));
      // 404: gone already (a retried DELETE whose first answer was lost)
      if (answer.status !== 200 && answer.status !== 404) throw wireError(what, answer);
      this.dir.forget(kind, change.key);
      return 'done';
    }
    const desired = change.desired!;
    const fieldOf = (wire: string) => (kind === 'did_routes' ? routeFieldOf(wire, desired) : modelPathOf(wire, RULES[kind]));
    const body = this.body(kind, change);
    if (change.action === 'create') {
      const id = await this.create(kind, body, what, fieldOf);
      this.dir.remember(kind, id, change.key);
      if (getsRandomPassword(change)) this.notes.push(`user ${change.key} was created with a random password: set one in the SmartPBX portal to log in`);
      if (kind === 'did_routes') this.routes.set(change.key, { numbers: body.numbers as string[], flow: body.flow as Row });
      return 'done';
    }
    const id = this.idOf(kind, change.renamedFrom ?? change.key);
    const path = this.client.account(`${RESOURCE[kind]}/${id}`);
    // the body is made again after a fresh read: a DID route's patch depends on the numbers read
    const answer = await this.againOnConflict(kind, change.renamedFrom ?? change.key, (fresh) => this.client.call('PATCH', path, { data: fresh ? this.body(kind, change) : body }));
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

  /** the wire body of a create (every declared field) or an update (the changed ones) */
  private body(kind: Kind, change: Change): Row {
    const desired = change.desired!;
    const paths = change.action === 'create' ? leaves(desired).map(([p]) => p) : change.fields.map((f) => f.path);
    if (kind === 'did_routes') {
      if (change.action === 'update') return routePatch(desired, paths, this.routes.get(change.key) ?? { numbers: [] }, this.dir);
      return {
        numbers: [desired.number, ...strings(desired.extra_numbers)],
        ...(desired.name !== undefined ? { name: desired.name } : {}),
        flow: flowFor(desired, this.dir),
      };
    }
    const model = { ...desired };
    if (kind === 'devices' && typeof model.owner === 'string') {
      const owner = this.dir.idOf('users', model.owner);
      if (!owner) throw new ProviderError(`owner: SmartPBX has no user '${model.owner}'`, 'owner');
      model.owner = owner;
    }
    const body = toWire(model, RULES[kind], paths);
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
  private async create(kind: Kind, body: Row, what: string, fieldOf: (wire: string) => string): Promise<string> {
    const id = randomBytes(16).toString('hex');
    let unsure = false; // an earlier try may have created it
    let last: ProviderError | undefined;
    for (let attempt = 0; attempt < CREATE_ATTEMPTS; attempt++) {
      if (unsure && (await this.exists(kind, id))) return id;
      const answer = await this.client.call('PUT', this.client.account(RESOURCE[kind]), { data: { ...body, id } }).catch((err: unknown) => {
        if (err instanceof NoAnswer) return err;
        throw err;
      });
      if (answer instanceof NoAnswer) {
        [last, unsure] = [answer, true];
        continue;
      }
      const created = (answer.body.data as Row | undefined)?.id;
      if (answer.status === 201) return typeof created === 'string' ? created : id;
      if (answer.status === 429) {
        await sleep(retryAfterSeconds(answer) * 1000);
        continue;
      }
      last = this.failure(kind, what, answer, fieldOf);
      if (answer.status >= 500) unsure = true;
      else if (unsure && (answer.status === 409 || answer.status === 400) && (await this.exists(kind, id))) return id;
      else throw last;
    }
    throw last ?? new ProviderError(`${what}: SmartPBX kept answering 429 (rate limited)`, undefined, 429);
  }

  /** whether the document with this id is there (read back after a create whose answer was lost) */
  private async exists(kind: Kind, id: string): Promise<boolean> {
    const answer = await this.client.call('GET', this.client.account(`${RESOURCE[kind]}/${id}`));
    if (answer.status === 200) return true;
    if (answer.status === 404) return false;
    throw wireError(`reading ${NOUN[kind]} ${id}`, answer);
  }

  private failure(kind: Kind, what: string, answer: Awaited<ReturnType<KazooClient['call']>>, fieldOf: (wire: string) => string): ProviderError {
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
    const doc = await this.client.get(this.client.account());
    return { name: String(doc.name ?? ''), realm: String(doc.realm ?? ''), timezone: String(doc.timezone ?? '') };
  }
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
