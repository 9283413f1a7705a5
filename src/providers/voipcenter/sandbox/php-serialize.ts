// PHP's serialize() for the value shapes the emulator answers with: lists become arrays
// with integer keys, objects arrays with string keys.
export type PhpValue = string | number | boolean | null | PhpValue[] | { [key: string]: PhpValue };

export function phpSerialize(value: PhpValue): string {
  if (value === null) return 'N;';
  if (typeof value === 'boolean') return `b:${value ? 1 : 0};`;
  if (typeof value === 'number') return Number.isInteger(value) ? `i:${value};` : `d:${value};`;
  if (typeof value === 'string') return `s:${Buffer.byteLength(value, 'utf8')}:"${value}";`;
  const entries: [string | number, PhpValue][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  const body = entries.map(([k, v]) => (typeof k === 'number' ? `i:${k};` : phpSerialize(k)) + phpSerialize(v)).join('');
  return `a:${entries.length}:{${body}}`;
}
