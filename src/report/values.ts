// How field values read in every human-facing report.
import type { Action, FieldChange } from '../engine/model.ts';

export function formatValue(value: unknown): string {
  if (value === undefined) return '(unset)';
  if (value === null) return '(none)';
  if (Array.isArray(value)) return `[${value.map(formatValue).join(', ')}]`;
  if (typeof value === 'string' || typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** a create shows only the value to set; anything else the value before and after */
export function formatField(f: FieldChange, action: Action): { before?: string; after: string } {
  if (f.sensitive) return { after: action === 'create' ? '(sensitive, will be set)' : '(sensitive, changed)' };
  return action === 'create' ? { after: formatValue(f.after) } : { before: formatValue(f.before), after: formatValue(f.after) };
}
