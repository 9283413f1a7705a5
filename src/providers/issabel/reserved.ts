// Numbers held by Issabel modules pbxctl does not manage. The server refuses an extension
// or ring group on any of them (dieExtensionDuplicate, issabel.md §4), comparing with PHP's
// loose ==, so "0100" is taken when 100 is. /allextensions cannot list them (it answers
// the inbound routes, issabel-routing.md §2): each module's own listing does.
import type { LiveObject, ModelObject } from '../../engine/model.ts';
import type { ReadLimit } from '../../engine/provider.ts';

/** listing path → what a user calls it */
const MODULES: Record<string, string> = {
  queues: 'queue',
  conferences: 'conference',
  parkinglots: 'parking lot',
  customextensions: 'custom extension',
  featurecodes: 'feature code',
};

/** `list` answers a module's listing rows */
export async function readReservedNumbers(list: (path: string) => Promise<Record<string, unknown>[]>, limit: ReadLimit): Promise<LiveObject[]> {
  const listings = await Promise.all(Object.keys(MODULES).map(async (path) => [path, await limit(() => list(path))] as const));
  const seen = new Map<string, LiveObject>();
  for (const [path, rows] of listings) {
    for (const row of rows) {
      // a feature code's custom code replaces its default one
      const number = String((path === 'featurecodes' && row.custom_code ? row.custom_code : row.extension) ?? '');
      if (number === '' || seen.has(number)) continue;
      seen.set(number, { key: number, data: { number, module: MODULES[path], name: String(row.description || row.name || '') } });
    }
  }
  return [...seen.values()];
}

export const reservedLabel = (obj: ModelObject) => `${String(obj.module)} ${obj.name ? `'${String(obj.name)}' ` : ''}(${String(obj.number)})`;

/** PHP 7's numeric strings: such strings compare as numbers under == */
const PHP_NUMERIC = /^[ \t\n\r\v\f]*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** a number as Issabel compares it */
export const looseNumber = (value: string) => (PHP_NUMERIC.test(value) ? String(Number(value)) : value);
