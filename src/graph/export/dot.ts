/**
 * Graphviz DOT for an export graph: one box per service (thicker border for more critical
 * tiers), an arrow from each dependent to what it depends on, drawn by type (hard solid,
 * soft dashed, async dotted), redundancy groups labelled with their quorum. With a scenario,
 * boxes are filled by worst state and labelled with impact and recovery times.
 *
 * Catalog text is data: every string is written as a DOT quoted string on one line, with
 * backslashes and quotes escaped, so a name can neither end the string nor use Graphviz's
 * label escapes (`\N`, `\G`, `\l`); HTML-like labels are never used.
 */
import { oneLine } from '../../report/markdown/escape.js';
import type { ExportEdge, ExportGraph, ExportNode } from './model.js';
import { edgeLabel, graphTitle, nodeLabelLines } from './labels.js';

/**
 * A DOT quoted string: one line, `\` and `"` escaped, and `&` written as `&amp;` (Graphviz
 * decodes HTML entities in every string, so a literal `&lt;` would otherwise show as `<`).
 */
export const dotString = (s: string): string => `"${oneLine(s).replace(/[\\"]/g, (c) => `\\${c}`).replace(/&/g, '&amp;')}"`;

const EDGE_STYLE: Readonly<Record<ExportEdge['type'], string>> = { hard: 'solid', soft: 'dashed', async: 'dotted' };
const PEN_BY_TIER = [3, 2, 1.2, 1];

/** A node's attribute list; label lines joined with DOT's centred line break (`\n`). */
function nodeAttrs(a: ExportNode): string {
  const label = nodeLabelLines(a)
    .map((l) => dotString(l).slice(1, -1))
    .join('\\n');
  const attrs = [
    `label="${label}"`,
    `tier=${a.tier}`,
    `penwidth=${PEN_BY_TIER[a.tier] ?? 1}`,
    ...(a.kind === 'group' ? ['shape=box3d', `members=${a.members ?? 0}`] : []),
    ...(a.focus ? ['peripheries=2'] : []),
    ...(a.color !== undefined ? [`fillcolor=${dotString(a.color)}`] : []),
    ...(a.state !== undefined ? [`state=${a.state}`] : []),
  ];
  return attrs.join(', ');
}

function edgeAttrs(a: ExportEdge): string {
  const label = edgeLabel(a);
  const attrs = [
    `type=${a.type}`,
    `style=${EDGE_STYLE[a.type]}`,
    ...(label ? [`label=${dotString(label)}`] : []),
    ...(a.failover ? ['arrowhead=empty', 'failover=true'] : []),
    ...(a.group !== undefined ? [`redundancy=${dotString(a.group)}`, 'color="#1f5fa8"'] : []),
    ...(a.count !== undefined ? [`count=${a.count}`, `penwidth=${Math.min(4, 1 + Math.log2(a.count))}`] : []),
  ];
  return attrs.join(', ');
}

/** The export graph as a DOT digraph (left to right: dependents on the left). */
export function renderDot(g: ExportGraph): string {
  const attrs = g.getAttributes();
  const title = graphTitle(attrs);
  const lines = [
    `digraph ${dotString(attrs.name ?? 'catalog')} {`,
    `  graph [rankdir=LR, fontname="Helvetica", labelloc=t${title ? `, label=${dotString(title)}` : ''}];`,
    `  node [shape=box, style="rounded,filled", fillcolor="#ffffff", fontname="Helvetica", fontsize=11];`,
    `  edge [fontname="Helvetica", fontsize=9, color="#555555"];`,
  ];
  // node ids are service ids (`system:data` for a group), not graph keys: Graphviz reserves names starting with `%`
  const id = (key: string): string => dotString(g.getNodeAttribute(key, 'service'));
  g.forEachNode((key, a) => lines.push(`  ${id(key)} [${nodeAttrs(a)}];`));
  g.forEachEdge((_e, a, from, to) => lines.push(`  ${id(from)} -> ${id(to)} [${edgeAttrs(a)}];`));
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
