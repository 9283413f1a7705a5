// PHP 5/7 loose comparison (`==`), as pbxapi compares decoded JSON values with literals:
// a string that is not numeric compares to a number as its leading number (0 if none),
// so on Issabel's own runtimes `0 == "yes"` and `0 == "true"` hold.

const NUMERIC = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const LEADING = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/;

const leadingNumber = (s: string) => Number(LEADING.exec(s)?.[0] ?? 0);
const toBool = (v: string | number) => (typeof v === 'number' ? v !== 0 : v !== '' && v !== '0');

/** `$value == literal` on PHP 5/7, for a value json_decode()d or read from a form */
export function looseEquals(value: unknown, literal: string | number): boolean {
  if (value === null || value === undefined) return typeof literal === 'string' ? literal === '' : literal === 0;
  if (typeof value === 'boolean') return value === toBool(literal);
  if (typeof value === 'number') return typeof literal === 'number' ? value === literal : value === (NUMERIC.test(literal) ? Number(literal) : leadingNumber(literal));
  if (typeof value !== 'string') return false;
  if (typeof literal === 'number') return (NUMERIC.test(value) ? Number(value) : leadingNumber(value)) === literal;
  return NUMERIC.test(value) && NUMERIC.test(literal) ? Number(value) === Number(literal) : value === literal;
}

/** the `checked()` transform of ringgroups.php and extensions.php: 1, "1", "on" or "yes" (loosely) */
export const phpChecked = (value: unknown): boolean =>
  looseEquals(value, 1) || looseEquals(value, '1') || looseEquals(value, 'on') || looseEquals(value, 'yes');
