// Kazoo's number converters with the default e164_converters and no account dial plan,
// and the reconcile regex that decides which numbers go through the number database.
const CONVERTERS: [RegExp, (m: RegExpMatchArray) => string][] = [
  [/^(\+?1)?([2-9]\d{2}[2-9]\d{6})$/, (m) => `+1${m[2]}`],
  [/^011(\d{5,})$/, (m) => `+${m[1]}`],
  [/^00(\d{5,})$/, (m) => `+${m[1]}`],
  [/^[2-9]\d{7,}$/, (m) => `+${m[0]}`],
];

/** `4158867900` -> `+14158867900`, `0062215...` -> `+62215...`; `+...` and extensions unchanged */
export function normalizeNumber(number: string): string {
  if (number.startsWith('+')) return number;
  for (const [re, convert] of CONVERTERS) {
    const m = number.match(re);
    if (m) return convert(m);
  }
  return number;
}

const RECONCILE = /^(\+?1)?\d{10}$|^\+[2-9]\d{7,}$|^011\d*$|^00\d*$/;

/** numbers the number manager tracks (DIDs), as opposed to extensions and feature codes */
export const isReconcilable = (number: string): boolean => RECONCILE.test(number);
