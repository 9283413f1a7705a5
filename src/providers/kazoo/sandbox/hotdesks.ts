// GET /hotdesks (kazoo.md §7; view hotdesks/crossbar_listing, cb_hotdesks.erl): one row per
// hot-desk login, emitted under the logged-in user's id as key, whose value is all the
// answer carries: `{device_id, device_name}`. The user id itself is not in the row.
import type { Ctx } from './docs.ts';
import type { Result } from './envelope.ts';
import { page } from './paging.ts';
import type { Json } from './state.ts';

const SEP = '\u0000';

export function hotdesks(ctx: Ctx): Result {
  // the view's order: by user id (its key), then by device id (CouchDB's tie-break)
  const logins = ctx.idx
    .ids(ctx.account._id, 'devices')
    .flatMap((id) => Object.keys(((ctx.state.devices[id].hotdesk ?? {}) as Json).users ?? {}).map((user) => `${user}${SEP}${id}`))
    .sort();
  const { data, paging } = page(logins, ctx.query, ctx, (login) => {
    const id = login.split(SEP)[1];
    return { device_id: id, device_name: ctx.state.devices[id].name };
  });
  return { data, paging };
}
