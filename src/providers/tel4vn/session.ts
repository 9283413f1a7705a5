// TEL4VN keeps no configuration to reconcile: a session only reads call history, in
// windows of at most 31 days (the server's limit), every page of each.
import type { Change, LiveState } from '../../engine/model.ts';
import type { CallRecord, CallsProgress, FinishReport, ProviderContext, Session } from '../../engine/provider.ts';
import { ProviderError } from '../../engine/provider.ts';
import { Tel4vnClient, type Tel4vnSettings, type WireCall } from './client.ts';

const MAX_WINDOW_MS = 31 * 86_400_000;
export const DEFAULT_PAGE_SIZE = 1000;

/** [from, to) cut into windows of at most 31 days */
export function windows(from: Date, to: Date): { from: Date; to: Date }[] {
  const out: { from: Date; to: Date }[] = [];
  for (let t = from.getTime(); t < to.getTime(); t += MAX_WINDOW_MS) out.push({ from: new Date(t), to: new Date(Math.min(t + MAX_WINDOW_MS, to.getTime())) });
  return out;
}

/** the server's `YYYY-MM-DD HH:MM:SS`, read as UTC */
const wireDate = (d: Date) => d.toISOString().slice(0, 19).replace('T', ' ');

export class Tel4vnSession implements Session {
  private readonly client: Tel4vnClient;

  constructor(
    private readonly settings: Tel4vnSettings,
    private readonly ctx: ProviderContext,
  ) {
    this.client = new Tel4vnClient(settings, ctx);
  }

  async read(kinds: string[]): Promise<LiveState> {
    if (kinds.length) throw new ProviderError(`TEL4VN has no configuration to read (${kinds.join(', ')})`);
    return {};
  }

  async apply(change: Change): Promise<'done' | 'deferred'> {
    throw new ProviderError(`${change.id}: TEL4VN has no configuration to change`);
  }

  async finish(): Promise<FinishReport> {
    return { deferred: [], notes: [] };
  }

  async account(): Promise<Record<string, string>> {
    const expiry = await this.client.tokenExpiry();
    return {
      'signed in': this.settings.username && this.settings.password ? `as ${this.settings.username}` : 'with an api_key',
      'API token valid until': expiry.toISOString(),
    };
  }

  async *calls(range: { from: Date; to: Date }, opts: { source?: string; progress?: (p: CallsProgress) => void } = {}): AsyncIterable<CallRecord> {
    const all = windows(range.from, range.to);
    const limit = String(this.settings.page_size ?? DEFAULT_PAGE_SIZE);
    let pages = 0;
    for (const [i, w] of all.entries()) {
      // the server's end_date is inclusive: stop one second before the next window
      const query = { start_date: wireDate(w.from), end_date: wireDate(new Date(w.to.getTime() - 1000)), limit, ...(opts.source ? { source: opts.source } : {}) };
      for (let offset = 0; ; ) {
        const page = await this.client.callLog({ ...query, offset: String(offset) });
        pages++;
        opts.progress?.({ windows: all.length, windowsDone: i, pages });
        for (const c of page.data) yield this.record(c);
        offset += page.data.length;
        if (!page.data.length || offset >= page.total) break;
      }
      opts.progress?.({ windows: all.length, windowsDone: i + 1, pages });
    }
  }

  private record(c: WireCall): CallRecord {
    return {
      provider: this.ctx.name,
      start: c.start_time,
      end: c.end_time,
      duration: Number(c.duration) || 0,
      source: String(c.source),
      destination: String(c.destination),
      amount: Number(c.amount) || 0,
      direction: 'out',
    };
  }
}
