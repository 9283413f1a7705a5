// A routing graph as inline SVG for the HTML report (no script, no external asset). Layout
// of its own, in columns by depth from the DID's route: the graphs are small (capped) and
// nearly trees, so layers read well without a layout package.
import type { ProviderPlan } from '../engine/plan.ts';
import type { GraphEdge, GraphNode, RouteGraph } from '../engine/route-graph.ts';
import { escapeHtml } from './escape.ts';
import { edgeText, nodeText, routingGraphs, routingTitle } from './mermaid.ts';
import { wordsFor, type GraphWords, type RenderContext } from './summary.ts';

const H = 36;
const ROW = 56;
const GAP = 110;
const CHAR = 7;
const MAX_CHARS = 40;
const PAD = 12;

const FILL = { create: ['#ecfdf3', '#067647'], update: ['#eff8ff', '#175cd3'], delete: ['#fef3f2', '#b42318'], none: ['#ffffff', '#98a2b3'] };

interface Box {
  node: GraphNode;
  text: string;
  x: number;
  y: number;
  w: number;
}

/** each node's column: its depth from the nodes nothing points at (a node in a cycle only: column 0) */
function columns(g: RouteGraph): Map<string, number> {
  const depth = new Map<string, number>();
  const pointedAt = new Set(g.edges.map((e) => e.to));
  let layer = g.nodes.filter((n) => !pointedAt.has(n.id)).map((n) => n.id);
  for (let d = 0; layer.length; d++) {
    for (const id of layer) depth.set(id, d);
    layer = [...new Set(g.edges.filter((e) => layer.includes(e.from) && !depth.has(e.to)).map((e) => e.to))];
  }
  for (const n of g.nodes) if (!depth.has(n.id)) depth.set(n.id, 0);
  return depth;
}

const shorten = (text: string) => (text.length > MAX_CHARS ? `${text.slice(0, MAX_CHARS - 1)}…` : text);

export function renderSvg(g: RouteGraph, words: GraphWords): string {
  const depth = columns(g);
  const cols: GraphNode[][] = [];
  for (const n of g.nodes) (cols[depth.get(n.id)!] ??= []).push(n);
  const boxes = new Map<string, Box>();
  let x = PAD;
  for (const col of cols.filter(Boolean)) {
    const texts = col.map((n) => shorten(nodeText(n, words)));
    const w = Math.max(...texts.map((t) => t.length)) * CHAR + 2 * PAD;
    col.forEach((node, i) => boxes.set(node.id, { node, text: texts[i], x, y: PAD + i * ROW, w }));
    x += w + GAP;
  }
  const width = x - GAP + PAD;
  const height = PAD * 2 + Math.max(1, ...cols.map((c) => c?.length ?? 0)) * ROW - (ROW - H) + (g.omitted ? ROW : 0);
  const more = g.omitted ? `<text x="${PAD}" y="${height - PAD}" fill="#667085">${g.omitted} more not shown</text>` : '';
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="route-graph" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(`routing of ${g.entries.join(', ')}`)}" font-family="system-ui, sans-serif" font-size="12">`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="#667085"/></marker></defs>',
    ...g.edges.map((e) => edge(e, boxes.get(e.from)!, boxes.get(e.to)!, words)),
    ...[...boxes.values()].map((b) => node(b, words)),
    more,
    '</svg>',
  ].join('\n');
}

function node(b: Box, words: GraphWords): string {
  const [fill, stroke] = FILL[b.node.mark ?? 'none'];
  const dash = b.node.mark === 'delete' ? ' stroke-dasharray="4 3"' : '';
  const title = nodeText(b.node, words);
  return `<g class="node${b.node.mark ? ` ${b.node.mark}` : ''}"><title>${escapeHtml(title)}</title><rect x="${b.x}" y="${b.y}" width="${b.w}" height="${H}" rx="6" fill="${fill}" stroke="${stroke}" stroke-width="${b.node.mark ? 2 : 1}"${dash}/><text x="${b.x + PAD}" y="${b.y + H / 2 + 4}">${escapeHtml(b.text)}</text></g>`;
}

function edge(e: GraphEdge, from: Box, to: Box, words: GraphWords): string {
  const [x1, y1, x2, y2] = [from.x + from.w, from.y + H / 2, to.x, to.y + H / 2];
  const bend = Math.max(40, Math.abs(x2 - x1) / 2);
  const d = `M${x1} ${y1}C${x1 + bend} ${y1} ${x2 - bend} ${y2} ${x2} ${y2}`;
  const label = edgeText(e, words);
  const stroke = e.removed ? '#b42318' : '#667085';
  const text = label
    ? `<text x="${(x1 + x2) / 2}" y="${(y1 + y2) / 2 - 4}" text-anchor="middle" font-size="11" fill="#475467" stroke="#f9fafb" stroke-width="3" paint-order="stroke">${escapeHtml(label)}</text>`
    : '';
  return `<g class="edge${e.removed ? ' removed' : ''}"><path d="${d}" fill="none" stroke="${stroke}"${e.removed ? ' stroke-dasharray="5 4"' : ''} marker-end="url(#arrow)"/>${text}</g>`;
}

/** the HTML report's pictures of the routing a provider's plan changes; '' when it changes none */
export function svgSection(p: ProviderPlan, ctx: RenderContext): string {
  const graphs = routingGraphs(p, ctx);
  if (!graphs.length) return '';
  const words = wordsFor(ctx.mode).graph;
  return `<section class="routing"><h3>${escapeHtml(routingTitle(p, graphs, ctx))}</h3>${graphs.map((g) => `<figure style="overflow-x:auto;margin:8px 0">${renderSvg(g, words)}</figure>`).join('')}</section>`;
}
