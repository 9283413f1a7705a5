// How field values read in every human-facing report.
import type { FieldChange } from '../engine/model.ts';

export function formatValue(value: unknown): string {
  if (value === undefined) return '(unset)';
  if (Array.isArray(value)) return `[${value.map(formatValue).join(', ')}]`;
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
}

export function formatField(f: FieldChange, action: 'create' | 'update'): { before?: string; after: string } {
  if (f.sensitive) return { after: action === 'create' ? '(sensitive, will be set)' : '(sensitive, changed)' };
  return action === 'create' ? { after: formatValue(f.after) } : { before: formatValue(f.before), after: formatValue(f.after) };
}
