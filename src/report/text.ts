// The plan as people read it: a summary per provider and kind first, destructive changes
// first, then the details with each changed field as before → after.
import type { Change, Issue } from '../engine/model.ts';
import type { ProviderPlan } from '../engine/plan.ts';
import type { Plan } from '../engine/run.ts';
import type { Output } from '../cli/output.ts';
import { formatField } from './values.ts';

const SIGN = { delete: '-', update: '~', create: '+' } as const;
const COLOR = { delete: 'red', update: 'yellow', create: 'green' } as const;
const ORDER = ['delete', 'update', 'create'] as const;

export function formatLocation(loc: Issue['loc']) {
  return loc ? `${loc.file}:${loc.line}:${loc.col}` : '';
}

export function renderPlan(plan: Plan, o: Output, nouns: (p: ProviderPlan, kind: string) => string) {
  o.out(o.style('bold', `Plan for ${plan.configFile}`));
  o.out();
  for (const p of plan.providers) renderSummary(p, o);

  for (const p of plan.providers) {
    if (!p.changes.length && !p.unmanaged.length) continue;
    o.out();
    o.out(o.style('bold', `${p.name} (${p.title})`));
    for (const action of ORDER)
      for (const c of p.changes.filter((c) => c.action === action)) renderChange(c, nouns(p, c.kind), o);
    if (p.unmanaged.length) {
      o.out(o.style('dim', '  unmanaged (live, not in the YAML; left alone unless prune: true):'));
      for (const kind of new Set(p.unmanaged.map((u) => u.kind))) {
        const list = p.unmanaged.filter((u) => u.kind === kind).map((u) => (u.label ? `${u.key} (${u.label})` : u.key));
        o.out(o.style('dim', `    ${kind}: ${list.join(', ')}`));
      }
    }
  }

  if (plan.issues.length) {
    o.out();
    o.out(o.style('red', 'The plan cannot be applied:'));
    for (const i of plan.issues) o.out(o.style('red', `  ${formatLocation(i.loc) ? `${formatLocation(i.loc)}: ` : ''}${i.message}`));
  }
  o.out();
  o.out(footer(plan));
}

function renderSummary(p: ProviderPlan, o: Output) {
  o.out(`${o.style('bold', p.name)} (${p.title})`);
  for (const w of p.warnings) o.out(o.style('yellow', `  ! ${w}`));
  if (p.error) {
    o.out(o.style('red', `  ✗ ${p.error}`));
    return;
  }
  const width = Math.max(...p.kinds.map((k) => k.kind.length));
  for (const k of p.kinds) {
    const parts = [
      k.delete ? o.style('red', `${k.delete} to delete`) : '',
      k.update ? o.style('yellow', `${k.update} to update`) : '',
      k.create ? o.style('green', `${k.create} to create`) : '',
      k.unmanaged ? o.style('dim', `${k.unmanaged} unmanaged`) : '',
    ].filter(Boolean);
    const note = k.live === 0 && k.declared > 5 ? o.style('yellow', ` (reads back empty while the YAML declares ${k.declared})`) : '';
    o.out(`  ${k.kind.padEnd(width)}  ${parts.length ? parts.join(', ') : 'no changes'}${note}`);
  }
}

function renderChange(c: Change, noun: string, o: Output) {
  const where = c.loc ? o.style('dim', `  ${formatLocation(c.loc)}`) : '';
  o.out(o.style(COLOR[c.action], `  ${SIGN[c.action]} ${c.action} ${noun} ${c.key}`) + where);
  if (c.action === 'delete') return;
  const width = Math.max(0, ...c.fields.map((f) => f.path.length));
  for (const f of c.fields) {
    const { before, after } = formatField(f, c.action);
    o.out(`      ${`${f.path}:`.padEnd(width + 1)} ${before !== undefined ? `${before} → ${after}` : after}`);
  }
}

function footer(plan: Plan) {
  const count = (a: Change['action']) => plan.providers.reduce((n, p) => n + p.changes.filter((c) => c.action === a).length, 0);
  const total = count('create') + count('update') + count('delete');
  const failed = plan.providers.filter((p) => p.error).length;
  const head = total ? `Plan: ${count('create')} to create, ${count('update')} to update, ${count('delete')} to delete.` : 'No changes. The PBXs match the configuration.';
  return failed ? `${head} ${failed} provider(s) could not be read.` : head;
}
