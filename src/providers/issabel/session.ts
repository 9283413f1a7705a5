// One run against one Issabel server. Writes say reload:false; the configuration is
// applied at most once, at the end, and only when a write may have changed the database
// (or an earlier run left its batch unfinished): by the batch's last write when it is an
// extension or ring group PUT and no delete follows (Issabel's own code does this), else
// in finish: by the batched deletes when there are any, otherwise by a no-op PUT on an
// object this run wrote (a lossless rewrite), also when that last write failed or the run stopped.
import type { Change, LiveState, ModelObject } from '../../engine/model.ts';
import type { FinishReport, ProviderContext, Session } from '../../engine/provider.ts';
import { ProviderError } from '../../engine/provider.ts';
import { answerLost, createOnce, jitteredBackoff } from '../http.ts';
import { IssabelClient, listRows, wireError, type IssabelSettings, type WireAnswer } from './client.ts';
import { extensionFields, fromWire, ringGroupFields, SELF_APPLYING_DELETES, toWire } from './mapping.ts';
import { readReservedNumbers } from './reserved.ts';
import { IssabelRouting, isRoutingKind, ROUTING_PATH } from './routing.ts';

const CREATE_TRIES = 6;
const RETRIED = [429, 500, 502, 503, 504];

const KIND_PATH = { extensions: 'extensions', ring_groups: 'ringgroups' } as const;
type Kind = keyof typeof KIND_PATH;
/** the order finish() deletes in: what refers first, what is referred to after it */
const DELETE_ORDER = ['inbound_routes', 'time_conditions', 'time_groups', 'ring_groups', 'extensions'] as const;
type DeletedKind = (typeof DELETE_ORDER)[number];

export class IssabelSession implements Session {
  private readonly client: IssabelClient;
  /** deletes are batched into one comma-list DELETE per kind, run by finish() */
  private readonly deletes: Record<DeletedKind, Change[]> = { extensions: [], ring_groups: [], inbound_routes: [], time_conditions: [], time_groups: [] };
  private readonly routing: IssabelRouting;
  /** writes that may have changed the database since the last apply */
  private unapplied = false;
  /** the batch's last write applied the configuration */
  private appliedByWrite = false;
  /** objects this run wrote: a no-op PUT on one of them applies the configuration losslessly */
  private readonly written: Record<Kind, string[]> = { extensions: [], ring_groups: [] };
  private liveRingGroups: string[] = [];
  /** declared extensions that are on the server: triggers for an owed apply when this run wrote nothing */
  private declaredExtensions: string[] = [];
  /** extensions as read: some groups are rebuilt from every PUT, so they are sent along */
  private readonly rawExtensions = new Map<string, ModelObject>();

  constructor(
    settings: IssabelSettings,
    private readonly ctx: ProviderContext,
  ) {
    this.client = new IssabelClient(settings, ctx);
    this.routing = new IssabelRouting(this.client, ctx.limitRead);
  }

  async read(kinds: string[], declared?: Record<string, Map<string, string[]>>): Promise<LiveState> {
    const routed: string[] = kinds.filter((k) => isRoutingKind(k) || k === 'ivrs');
    const state: LiveState = {};
    // every listing at once, as many as the read limit lets through
    await Promise.all([
      routed.length ? this.routing.read(routed).then((routing) => Object.assign(state, routing)) : undefined,
      ...kinds.filter((k) => !routed.includes(k)).map(async (kind) => {
        if (kind === 'reserved_numbers') return void (state[kind] = await this.reserved());
        const rows = await this.list(kind as Kind);
        const map = kind === 'extensions' ? extensionFields : ringGroupFields;
        state[kind] = rows.map((row) => {
          const data = fromWire(row, map);
          if (kind === 'extensions') this.rawExtensions.set(String(row.extension), row);
          return { key: String(data.number), data };
        });
      }),
      // finish() may need one to apply the configuration
      kinds.includes('ring_groups') ? undefined : this.list('ring_groups').then((rows) => (this.liveRingGroups = rows.map((r) => String(r.extension)))),
    ]);
    if (kinds.includes('ring_groups')) this.liveRingGroups = state.ring_groups.map((o) => o.key);
    this.declaredExtensions = [...(declared?.extensions?.keys() ?? [])].filter((n) => this.rawExtensions.has(n));
    return state;
  }

  private list(kind: Kind): Promise<ModelObject[]> {
    return this.ctx.limitRead(() => listRows(this.client, KIND_PATH[kind], { fields: '*' }));
  }

  private reserved() {
    return readReservedNumbers((path) => listRows(this.client, path), this.ctx.limitRead);
  }

  async apply(change: Change, opts: { last?: boolean } = {}): Promise<'done' | 'deferred'> {
    if (change.action === 'delete') {
      this.deletes[change.kind as DeletedKind].push(change);
      return 'deferred';
    }
    if (isRoutingKind(change.kind)) {
      await this.routing.write(change, change.kind).catch((err: unknown) => {
        if (mayHaveWritten(err instanceof ProviderError ? err.status : undefined)) this.unapplied = true;
        throw err;
      });
      this.unapplied = true;
      return 'done';
    }
    const kind = change.kind as Kind;
    const map = kind === 'extensions' ? extensionFields : ringGroupFields;
    const paths = change.action === 'update' ? change.fields.map((f) => f.path) : allButKey(map);
    const byPost = kind === 'ring_groups' && change.action === 'create';
    // a POST may be sent again (createOnce), and a delete batched for finish() applies anyway
    let reload = Boolean(opts.last) && !byPost && Object.values(this.deletes).every((d) => !d.length);
    const body: ModelObject = { ...toWire(change.desired!, map, paths), reload: false };
    if (kind === 'extensions') Object.assign(body, keepRebuiltGroups(this.rawExtensions.get(change.key), body));
    const what = `${change.action} ${kind === 'extensions' ? 'extension' : 'ring group'} ${change.key}`;
    const put = (applies: boolean) => this.client.call('PUT', `${KIND_PATH[kind]}/${change.key}`, { json: { ...body, reload: applies }, applies });
    const answer = await (
      byPost
        ? this.createRingGroup(change.key, body)
        : put(reload).catch((err: unknown) => {
            if (!reload || !answerLost(err)) throw err;
            // whether the lost request applied is unknown: written again without the apply, which finish() then runs
            this.unapplied = true;
            reload = false;
            return put(false);
          })
    ).catch((err: unknown) => {
      if (mayHaveWritten(err instanceof ProviderError ? err.status : undefined)) this.unapplied = true;
      throw err;
    });
    if (mayHaveWritten(answer.status)) this.unapplied = true;
    if (answer.status !== 200 && answer.status !== 201) throw wireError(what, answer);
    this.written[kind].push(change.key);
    if (reload) {
      this.unapplied = false;
      this.appliedByWrite = true;
    }
    return 'done';
  }

  /**
   * POST is not repeated by the HTTP layer: the server may have created the group before
   * the answer was lost. Tried again by the kit; a 409 after such a try means it was created,
   * and a PUT of the same values makes sure it holds them.
   */
  private createRingGroup(number: string, body: ModelObject): Promise<WireAnswer> {
    return createOnce({
      tries: CREATE_TRIES,
      send: () => this.client.call('POST', 'ringgroups', { json: { extension: number, ...body } }),
      // a lost answer, or an error page instead of JSON
      lost: (err) => answerLost(err) || (err instanceof ProviderError && RETRIED.includes(err.status ?? 0)),
      again: (answer) => (RETRIED.includes(answer.status) ? { unsure: true } : undefined),
      backoff: jitteredBackoff,
      duplicate: (answer) => answer.status === 409,
      settle: () => this.client.call('PUT', `ringgroups/${number}`, { json: body }),
      done: (answer) => answer,
    });
  }

  async finish(opts: { unfinished?: boolean } = {}): Promise<FinishReport> {
    const report: FinishReport = { deferred: [], notes: [] };
    // writes of a run stopped at once may sit in the database, not yet applied (unless this run's last write applied them)
    if (opts.unfinished && !this.appliedByWrite) this.unapplied = true;
    let applied = this.appliedByWrite;
    let selfApplied = false;
    for (const kind of DELETE_ORDER) {
      const changes = this.deletes[kind];
      if (!changes.length) continue;
      if (SELF_APPLYING_DELETES.includes(kind)) {
        // the server applies by itself here; the batch still ends with an apply of ours
        await this.deleteAll(kind, changes, true, report);
        if (report.deferred.some((d) => !d.error && changes.some((c) => c.id === d.id))) this.unapplied = selfApplied = true;
      } else if (kind === 'ring_groups') {
        // applies unless the extension DELETE that follows will
        applied = await this.deleteAll(kind, changes, !this.deletes.extensions.length, report);
      } else applied = await this.deleteAll(kind, changes, kind === 'extensions', report);
    }
    if (this.unapplied && !applied) applied = await this.applyConfiguration(report);
    if (applied) report.notes.push('configuration applied once');
    if (selfApplied) report.notes.push('Issabel also applied its configuration by itself on the time condition and time group deletes, as the plan said');
    return report;
  }

  /** the path of a kind's listing and the id a DELETE names an object by */
  private target(kind: DeletedKind) {
    if (kind === 'extensions' || kind === 'ring_groups')
      return {
        path: KIND_PATH[kind],
        id: (c: Change) => c.key,
        liveIds: async () => new Set((await this.list(kind)).map((r) => String(r.extension))),
      };
    return { path: ROUTING_PATH[kind], id: (c: Change) => this.routing.wireId(kind, c.key), liveIds: () => this.routing.liveIds(kind) };
  }

  /**
   * One comma-list DELETE. The server stops at the first id it does not know (after
   * deleting the ones before it), so on a 404 the list is read again and the rest retried.
   */
  private async deleteAll(kind: DeletedKind, changes: Change[], applies: boolean, report: FinishReport): Promise<boolean> {
    const { path, id, liveIds } = this.target(kind);
    let pending = [...changes].sort((a, b) => a.key.localeCompare(b.key));
    for (let attempt = 0; attempt < 3 && pending.length; attempt++) {
      const answer = await this.client
        .call('DELETE', `${path}/${pending.map(id).join(',')}`, {
          json: kind === 'ring_groups' ? { reload: applies } : undefined,
          applies,
        })
        .catch((err: Error) => ({ status: 0, body: undefined, err }));
      if (answer.status === 200) {
        report.deferred.push(...pending.map((c) => ({ id: c.id })));
        this.unapplied = !applies;
        return applies;
      }
      if (mayHaveWritten(answer.status)) this.unapplied = true;
      if (answer.status === 0 && applies) {
        // no answer: if every one is gone, the request ran to its end, apply included
        const left = await liveIds();
        if (pending.every((c) => !left.has(id(c)))) {
          report.deferred.push(...pending.map((c) => ({ id: c.id })));
          this.unapplied = false;
          return true;
        }
      }
      if (answer.status !== 404 && answer.status !== 0) {
        const err = wireError(`delete ${path}`, answer);
        report.deferred.push(...pending.map((c) => ({ id: c.id, error: err })));
        return false;
      }
      const still = await liveIds();
      if (pending.some((c) => !still.has(id(c)))) this.unapplied = true;
      report.deferred.push(...pending.filter((c) => !still.has(id(c))).map((c) => ({ id: c.id })));
      pending = pending.filter((c) => still.has(id(c)));
    }
    report.deferred.push(...pending.map((c) => ({ id: c.id, error: new ProviderError(`could not delete ${path} ${c.key}`) })));
    return false;
  }

  /**
   * A PUT with no changes rewrites an object from its current values and applies the
   * configuration. Ring groups first (the rewrite is lossless), else an extension this
   * run wrote or the YAML declares, sent with the follow-me and dictation it has (a PUT
   * rebuilds them); the next candidate when one has gone meanwhile.
   */
  private async applyConfiguration(report: FinishReport): Promise<boolean> {
    const gone = new Set([...this.deletes.ring_groups, ...this.deletes.extensions].map((c) => c.key));
    const candidates = [
      ...[...new Set([...this.written.ring_groups, ...this.liveRingGroups])].map((n) => ({ n, target: `ringgroups/${n}`, body: {} })),
      ...[...new Set([...this.written.extensions, ...this.declaredExtensions])].map((n) => ({
        n,
        target: `extensions/${n}`,
        body: keepRebuiltGroups(this.rawExtensions.get(n), {}),
      })),
    ].filter((c) => !gone.has(c.n));
    let why = 'no ring group or declared extension is on the server to trigger it';
    for (const { target, body } of candidates.slice(0, 3)) {
      const answer = await this.client.call('PUT', target, { json: body, applies: true }).catch((err: Error) => err);
      if (answerLost(answer)) {
        // not sent again, so it never runs twice; the server got it and applies within the request
        report.notes.push(`the configuration apply (PUT ${target}) got no answer; the Issabel web interface shows an "Apply Config" button if it did not run`);
        this.unapplied = false;
        return true;
      }
      if (!(answer instanceof Error) && answer.status === 200) {
        this.unapplied = false;
        return true;
      }
      why = answer instanceof Error ? answer.message : wireError(`PUT ${target}`, answer).message;
      if (answer instanceof Error || answer.status !== 404) break;
    }
    report.error = `the configuration was written but not applied (${why}); run apply again, or use "Apply Config" in the Issabel web interface`;
    return false;
  }

  /** counts from each kind's own listing: /allextensions answers the inbound routes instead (issabel-routing.md §2) */
  async account(): Promise<Record<string, string>> {
    const [extensions, ringGroups, reserved] = await Promise.all([
      this.list('extensions'),
      this.list('ring_groups'),
      this.reserved(),
    ]);
    return {
      extensions: String(extensions.length),
      'ring groups': String(ringGroups.length),
      'numbers held by other modules': String(reserved.length),
    };
  }
}

/**
 * What an extension PUT must carry besides the changes. The server rebuilds follow-me
 * and dictation from every PUT (off unless sent as enabled) and replaces the whole
 * mailbox with the voicemail keys it gets (and fails half way without options), so
 * what was live is sent along.
 */
function keepRebuiltGroups(live: ModelObject | undefined, body: ModelObject): ModelObject {
  const group = (name: string) => {
    const value = live?.[name];
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as ModelObject) : undefined;
  };
  const out: ModelObject = {};
  for (const name of ['followme', 'dictation']) if (group(name)?.enabled === 'yes') out[name] = group(name);
  if (body.voicemail) {
    const base = group('voicemail') ?? {};
    const changes = body.voicemail as ModelObject;
    const options = { ...MAILBOX_OPTIONS, ...(base.options as ModelObject | undefined), ...(changes.options as ModelObject | undefined) };
    out.voicemail = { pin: '', email: '', pager_email: '', ...base, ...changes, options };
  }
  return out;
}

/** the options of a new mailbox, as the Issabel web interface sets them */
const MAILBOX_OPTIONS = { email_attachment: 'no', play_callerid: 'no', play_envelope: 'no', delete: 'no', review: 'no' };

/**
 * Whether a write answered with this status (0 or undefined: no answer) may have changed
 * the database: a success, a lost answer, or a server error part-way. A refusal (4xx) did not.
 */
const mayHaveWritten = (status: number | undefined) => !status || status < 400 || status >= 500;

/** the key travels in the URL (or explicitly in a POST), never as a field to update */
const allButKey = (map: typeof extensionFields) => map.map(([model]) => model).filter((m) => m !== 'number');
