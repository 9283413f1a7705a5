// The bench's one table: a row per target of issue #15, against its goal, measured in this run.
export interface Target {
  target: string;
  goal: string;
  /** median (min–max, runs), or a count */
  measured: string;
  met: boolean;
  /** how the figure was obtained where it is not a plain measurement (a scale-down) */
  note?: string;
}

export function targetTable(targets: Target[]): string {
  const rows = targets.map((t) => [t.target, t.goal, t.measured + (t.note ? ` — ${t.note}` : ''), t.met ? 'met' : '**missed**']);
  const head = ['target', 'goal', 'measured: median (min–max, runs)', 'met?'];
  return [head, head.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}
