// A routing graph as Mermaid `flowchart LR` source (GitHub and GitLab draw it in comments):
// ids are generated, never taken from a name; every label is quoted with Mermaid's entity
// codes for what could end the quote, open markup or close the Markdown fence.
import type { Action } from '../engine/model.ts';
import type { ProviderPlan } from '../engine/plan.ts';
import { planGraphs, type RouteGraph } from '../engine/route-graph.ts';
import { mdEscape } from './escape.ts';
import type { RenderContext } from './summary.ts';

/** what a mark adds to a node's label, so the picture reads without colours */
export const MARK_WORDS: Record<Action, string> = { create: 'new', update: 'changed', delete: 'deleted' };

const ENTITIES: Record<string, string> = { '"': '#quot;', '#': '#35;', '<': '#lt;', '>': '#gt;', '&': '#amp;', '`': '#96;' };

/** text inside a quoted Mermaid label, on one line */
export const mermaidText = (text: string) => text.replace(/\s+/g, ' ').replace(/["#<>&`]/g, (ch) => ENTITIES[ch]);

export function renderMermaid(g: RouteGraph): string {
  const id = new Map(g.nodes.map((n, i) => [n.id, `n${i}`]));
  const lines = ['flowchart LR'];
  for (const n of g.nodes) {
    const label = n.mark ? `${n.label} (${MARK_WORDS[n.mark]})` : n.label;
    lines.push(`  ${id.get(n.id)}["${mermaidText(label)}"]${n.mark ? `:::${n.mark}` : ''}`);
  }
  for (const e of g.edges) {
    const label = [e.label, e.removed ? 'removed' : ''].filter(Boolean).join(', ');
    lines.push(`  ${id.get(e.from)} ${e.removed ? '-.->' : '-->'}${label ? `|"${mermaidText(label)}"|` : ''} ${id.get(e.to)}`);
  }
  if (g.omitted) lines.push(`  more["${g.omitted} more not shown"]`);
  lines.push(
    '  classDef create fill:#ecfdf3,stroke:#067647,stroke-width:2px',
    '  classDef update fill:#eff8ff,stroke:#175cd3,stroke-width:2px',
    '  classDef delete fill:#fef3f2,stroke:#b42318,stroke-width:2px,stroke-dasharray:4 3',
  );
  return lines.join('\n');
}

/** the routing graphs of a provider's plan: the DIDs whose routing it changes */
export const routingGraphs = (p: ProviderPlan, ctx: RenderContext): RouteGraph[] => {
  const mod = ctx.provider?.(p.type);
  return mod && p.live && p.changes.length ? planGraphs(mod, p.live, p.changes) : [];
};

export const routingTitle = (p: ProviderPlan, graphs: RouteGraph[]) =>
  `Call routing of ${p.name}: ${graphs.flatMap((g) => g.entries).join(', ')} (new, changed and deleted objects marked)`;

/** the Markdown report's pictures of the routing a provider's plan changes; undefined when it changes none */
export function mermaidSection(p: ProviderPlan, ctx: RenderContext): string | undefined {
  const graphs = routingGraphs(p, ctx);
  if (!graphs.length) return undefined;
  return [`#### ${mdEscape(routingTitle(p, graphs))}`, ...graphs.map((g) => `\n\`\`\`mermaid\n${renderMermaid(g)}\n\`\`\``)].join('\n');
}
