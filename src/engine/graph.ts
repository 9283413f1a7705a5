// Orders changes so every change runs after the ones it depends on. Depth-first over the
// dependency edges in the changes' given order: linear in changes + edges.
import type { Change } from './model.ts';

export class CycleError extends Error {
  constructor(readonly ids: string[]) {
    super(`changes depend on each other in a cycle: ${ids.join(' → ')}`);
  }
}

export function topoSort(changes: Change[]): Change[] {
  const byId = new Map(changes.map((c) => [c.id, c]));
  const state = new Map<string, 'visiting' | 'done'>();
  const out: Change[] = [];
  const stack: string[] = [];

  const visit = (c: Change) => {
    const s = state.get(c.id);
    if (s === 'done') return;
    if (s === 'visiting') throw new CycleError([...stack.slice(stack.indexOf(c.id)), c.id]);
    state.set(c.id, 'visiting');
    stack.push(c.id);
    for (const dep of c.dependsOn) {
      const d = byId.get(dep);
      if (d) visit(d);
    }
    stack.pop();
    state.set(c.id, 'done');
    out.push(c);
  };
  changes.forEach(visit);
  return out;
}
