// A routing graph as Mermaid `flowchart LR` source (GitHub and GitLab draw it in comments):
// ids are generated, never taken from a name; every label is quoted with Mermaid's entity
// codes for what could end the quote, open markup or close the Markdown fence.
import type { ProviderPlan } from '../engine/plan.ts';
import { planGraphs, type GraphEdge, type GraphNode, type RouteGraph } from '../engine/route-graph.ts';
import { mdEscape } from './escape.ts';
import { wordsFor, type GraphWords, type RenderContext } from './summary.ts';

const PLAN_WORDS = wordsFor('plan').graph;

/** a node's label with what its mark means, so the picture reads without colours */
export const nodeText = (n: GraphNode, words: GraphWords) => (n.mark ? `${n.label} (${words.marks[n.mark]})` : n.label);
export const edgeText = (e: GraphEdge, words: GraphWords) => [e.label, e.removed ? words.removed : ''].filter(Boolean).join(', ');

const ENTITIES: Record<string, string> = { '"': '#quot;', '#': '#35;', '<': '#lt;', '>': '#gt;', '&': '#amp;', '`': '#96;' };

/** text inside a quoted Mermaid label, on one line */
export const mermaidText = (text: string) => text.replace(/\s+/g, ' ').replace(/["#<>&`]/g, (ch) => ENTITIES[ch]);

export function renderMermaid(g: RouteGraph, words = PLAN_WORDS): string {
  const id = new Map(g.nodes.map((n, i) => [n.id, `n${i}`]));
  const lines = ['flowchart LR'];
  for (const n of g.nodes) {
    lines.push(`  ${id.get(n.id)}["${mermaidText(nodeText(n, words))}"]${n.mark ? `:::${n.mark}` : ''}`);
  }
  for (const e of g.edges) {
    const label = edgeText(e, words);
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

export const routingTitle = (p: ProviderPlan, graphs: RouteGraph[], ctx: RenderContext) =>
  `Call routing of ${p.name}: ${graphs.flatMap((g) => g.entries).join(', ')} (${wordsFor(ctx.mode).graph.marked})`;

/** the Markdown report's pictures of the routing a provider's plan changes; undefined when it changes none */
export function mermaidSection(p: ProviderPlan, ctx: RenderContext): string | undefined {
  const graphs = routingGraphs(p, ctx);
  if (!graphs.length) return undefined;
  const words = wordsFor(ctx.mode).graph;
  return [`#### ${mdEscape(routingTitle(p, graphs, ctx))}`, ...graphs.map((g) => `\n\`\`\`mermaid\n${renderMermaid(g, words)}\n\`\`\``)].join('\n');
}
