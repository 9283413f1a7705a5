// The two parts of undici the kit uses, Agent and request, loaded from their own files: the
// package's index also loads fetch, WebSocket, caches, mocks… (its require took 70–90 ms, these parts 22–24 ms).
// `request` is the index's own, on the global dispatcher unless one is given.
import { createRequire } from 'node:module';
import type * as Undici from 'undici';

const load = createRequire(import.meta.url);
export const Agent = load('undici/lib/dispatcher/agent.js') as typeof Undici.Agent;
const { getGlobalDispatcher } = load('undici/lib/global.js') as Pick<typeof Undici, 'getGlobalDispatcher'>;
const dispatch = load('undici/lib/api/api-request.js') as (this: Undici.Dispatcher, options: Undici.Dispatcher.RequestOptions) => Promise<Undici.Dispatcher.ResponseData>;

type Options = Omit<Undici.Dispatcher.RequestOptions, 'origin' | 'path'> & { dispatcher?: Undici.Dispatcher };

export function request(url: string, { dispatcher = getGlobalDispatcher(), ...options }: Options): Promise<Undici.Dispatcher.ResponseData> {
  const { origin, pathname, search } = new URL(url);
  return dispatch.call(dispatcher, { ...options, origin, path: `${pathname}${search}` });
}
