// One run against one VoipCenter account. Listings are read once per session; names in
// the YAML are turned into ids from them when a change is applied.
import type { Change, LiveState } from '../../engine/model.ts';
import type { CallRecord, CallsProgress, FinishReport, ProviderContext, Session } from '../../engine/provider.ts';
import { ProviderError } from '../../engine/provider.ts';
import { VoipcenterClient, type VoipcenterSettings } from './client.ts';
import { VoipcenterError } from './codes.ts';
import { dialable } from './dial.ts';
import { BRUSSELS, describeFilter } from './time.ts';
import { CATALOGS, EDITABLE, type Catalog, type EditableKind, type NameField } from './kinds.ts';
import { callFromWire, catalogFromWire, fromWire, keyOf, updateParam, type Names, type WireRow } from './mapping.ts';

const isCatalog = (kind: string): kind is Catalog => Object.hasOwn(CATALOGS, kind);
const isEditable = (kind: string): kind is EditableKind => Object.hasOwn(EDITABLE, kind);

const DAY_MS = 86_400_000;

export class VoipcenterSession implements Session {
  private readonly client: VoipcenterClient;
  private readonly listings = new Map<string, Promise<WireRow[]>>();
  /** live wire rows of the editable kinds, by model key */
  private readonly rows = new Map<EditableKind, Map<string, WireRow>>();

  constructor(
    settings: VoipcenterSettings,
    private readonly ctx: ProviderContext,
  ) {
    this.client = new VoipcenterClient(settings, ctx);
  }

  /** one get.php id=0 listing; always a list, or it throws */
  private list(menu: string, filter?: string): Promise<WireRow[]> {
    let rows = filter ? undefined : this.listings.get(menu);
    if (!rows) {
      const request = () => this.client.request('get.php', { m: menu, id: '0', ...(filter ? { filter } : {}) }, `get.php m=${menu}`);
      rows = this.ctx.limitRead(request).then((body: unknown) => {
        // an empty list comes back as [] in json and '' in xml
        if (body === '' || body === null) return [];
        if (!Array.isArray(body)) throw new ProviderError(`VoipCenter answered get.php m=${menu} without a list`);
        return body as WireRow[];
      });
      if (!filter) {
        this.listings.set(menu, rows);
        rows.catch(() => this.listings.delete(menu));
      }
    }
    return rows;
  }

  private async catalogRows(catalog: Catalog): Promise<WireRow[]> {
    return this.list(CATALOGS[catalog].menu);
  }

  async read(kinds: string[]): Promise<LiveState> {
    const state: LiveState = {};
    await Promise.all(
      kinds.map(async (kind) => {
        if (isCatalog(kind)) {
          const rows = await this.catalogRows(kind);
          state[kind] = rows.map((row) => ({ key: String(row.name), data: catalogFromWire(kind, row) }));
        } else if (isEditable(kind)) {
          const spec = EDITABLE[kind];
          const catalogs = [...new Set(spec.nameFields.map((f: NameField) => f.catalog))];
          const [rows, ...lists] = await Promise.all([this.list(spec.menu), ...catalogs.map((c) => this.catalogRows(c))]);
          const names = new Map(catalogs.map((c, i) => [c, new Map(lists[i].map((r) => [Number(r.id), String(r.name)])) as Names]));
          this.rows.set(kind, new Map(rows.map((row) => [keyOf(kind, row), row])));
          state[kind] = rows.map((row) => ({ key: keyOf(kind, row), data: fromWire(kind, row, (c) => names.get(c)!) }));
        } else {
          throw new ProviderError(`VoipCenter has no kind '${kind}'`);
        }
      }),
    );
    return state;
  }

  async apply(change: Change): Promise<'done' | 'deferred'> {
    const kind = change.kind as EditableKind;
    const live = this.rows.get(kind)?.get(change.key);
    if (change.action !== 'update' || !live || !change.desired)
      throw new ProviderError(`${change.id}: VoipCenter can only update objects that exist; create or delete them in the VoipCenter portal`);
    const ids = new Map<Catalog, WireRow[]>();
    for (const f of EDITABLE[kind].nameFields) ids.set(f.catalog, await this.catalogRows(f.catalog));
    const idOf = (f: NameField, name: string) => {
      const matches = ids.get(f.catalog)!.filter((r) => String(r.name) === name);
      if (matches.length !== 1)
        throw new ProviderError(`${f.field} '${name}': ${matches.length ? 'more than one' : 'no'} ${CATALOGS[f.catalog].noun} has that name on VoipCenter`, f.field);
      return Number(matches[0].id);
    };
    const p = updateParam(kind, live, change.desired, idOf);
    const menu = EDITABLE[kind].menu;
    await this.client.request('update.php', { m: menu, id: String(live.id), p }, `update.php m=${menu} (${change.key})`);
    return 'done';
  }

  async finish(): Promise<FinishReport> {
    return { deferred: [], notes: [] };
  }

  /** what names in the YAML can refer to, one line per listing; time filters with their content */
  async account(): Promise<Record<string, string>> {
    const lines: Record<string, string> = {};
    for (const catalog of Object.keys(CATALOGS) as Catalog[]) {
      const rows = await this.catalogRows(catalog);
      const shown = rows.map((r) => {
        if (catalog === 'sip_accounts') return `${r.name} (${r.username})`;
        const content = describeFilter(catalogFromWire(catalog, r));
        return content ? `${r.name} (${content})` : String(r.name);
      });
      lines[CATALOGS[catalog].title] = shown.join(', ') || 'none';
    }
    lines['time filters apply in'] = `${BRUSSELS} (Belgian time, summer time included)`;
    return lines;
  }

  /** m=calls with a yyyymmdd filter, one day at a time, days counted in UTC dates of the range */
  async *calls(range: { from: Date; to: Date }, opts: { source?: string; progress?: (p: CallsProgress) => void } = {}): AsyncIterable<CallRecord> {
    const days: string[] = [];
    for (let t = Date.UTC(range.from.getUTCFullYear(), range.from.getUTCMonth(), range.from.getUTCDate()); t < range.to.getTime(); t += DAY_MS)
      days.push(new Date(t).toISOString().slice(0, 10));
    for (const [i, day] of days.entries()) {
      const rows = await this.list('calls', day.replace(/-/g, ''));
      opts.progress?.({ windows: days.length, windowsDone: i + 1, pages: i + 1 });
      for (const row of rows) {
        const call = callFromWire(this.ctx.name, row);
        if (!opts.source || call.source === opts.source) yield call;
      }
    }
  }

  /** click-to-call: rings the SIP account (its username), then the number */
  async call(from: string, to: string): Promise<string> {
    const { telnr, shown } = dialable(to);
    try {
      await this.client.request('call.php', { sipacc: from, telnr }, `call.php from ${from} to ${telnr}`);
    } catch (err) {
      if (err instanceof VoipcenterError && err.code === 20) {
        const accounts = await this.catalogRows('sip_accounts').catch(() => []);
        const hint = accounts.length ? `; SIP account usernames: ${accounts.map((a) => `${a.username} (${a.name})`).join(', ')}` : '';
        throw new ProviderError(`${err.message}${hint}`);
      }
      throw err;
    }
    return `VoipCenter is calling SIP account ${from}; once it answers, it is connected to ${shown}`;
  }
}
