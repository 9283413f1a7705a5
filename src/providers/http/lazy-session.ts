// A provider's session whose code (its client, the HTTP stack: ky, undici, parsers) is
// imported on its first call, so loading the registry (`pbxctl validate`) loads none of it.
import type { Session } from '../../engine/provider.ts';

type Optional = 'account' | 'calls' | 'call';
/** which optional commands the session class has: the compiler holds it to the class */
export type Commands<S> = { [K in Optional]: K extends keyof S ? true : false };

export function lazySession<S extends Session>(open: () => Promise<S>, has: Commands<S>): Session {
  let opened: Promise<S> | undefined;
  const session = () => (opened ??= open());
  return {
    read: async (...args) => (await session()).read(...args),
    apply: async (...args) => (await session()).apply(...args),
    finish: async (...args) => (await session()).finish(...args),
    ...(has.account ? { account: async () => (await session()).account!() } : {}),
    ...(has.calls ? { calls: async function* (range, opts) { yield* (await session()).calls!(range, opts); } satisfies Session['calls'] } : {}),
    ...(has.call ? { call: async (from: string, to: string) => (await session()).call!(from, to) } : {}),
  };
}
