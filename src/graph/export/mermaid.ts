/**
 * A mermaid flowchart for an export graph (the text of a `.mmd` file, or of a ```mermaid
 * block): nodes `n0, n1, …` in graph order, labelled with name, tier and, with a scenario,
 * worst state and times; arrows by type (hard `-->`, soft `-.->`, async `-.->` labelled),
 * state colours as classes. Catalog text goes through the report's mermaid escaping, so it
 * cannot close a label, start a statement or a comment.
 */
import { mermaidText } from '../../report/markdown/escape.js';
import type { ExportGraph } from './model.js';
import { edgeLabel, nodeLabelLines } from './labels.js';

/** Mermaid's default limit on edges in one diagram (its `maxEdges` setting). */
export const MERMAID_MAX_EDGES = 500;

export function renderMermaid(g: ExportGraph): string {
  const id = new Map<string, string>();
  g.forEachNode((key) => id.set(key, `n${id.size}`));
  const lines = ['flowchart LR'];
  const byClass = new Map<string, string[]>();
  g.forEachNode((key, a) => {
    const label = nodeLabelLines(a)
      .map((l) => mermaidText(l, 80))
      .join('<br/>');
    const [open, close] = a.kind === 'group' ? ['[[', ']]'] : a.tier === 0 ? ['[', ']'] : ['(', ')'];
    lines.push(`  ${id.get(key)}${open}"${label}"${close}`);
    const cls = [...(a.state !== undefined ? [a.state] : []), ...(a.tier === 0 ? ['tier0'] : []), ...(a.focus ? ['focus'] : [])];
    for (const c of cls) byClass.set(c, [...(byClass.get(c) ?? []), id.get(key)!]);
  });
  g.forEachEdge((_e, a, from, to) => {
    const label = edgeLabel(a);
    const arrow = a.type === 'hard' ? (a.count !== undefined && a.count > 1 ? '==>' : '-->') : '-.->';
    lines.push(`  ${id.get(from)} ${arrow}${label ? `|"${mermaidText(label, 60)}"|` : ''} ${id.get(to)}`);
  });
  const defs: Record<string, string> = {
    down: 'fill:#f4a6a6,stroke:#a33,color:#000',
    degraded: 'fill:#ffe08a,stroke:#a80,color:#000',
    up: 'fill:#d9f2d9,stroke:#393,color:#000',
    tier0: 'stroke-width:3px',
    focus: 'stroke:#1f5fa8,stroke-width:3px',
  };
  for (const [cls, style] of Object.entries(defs)) {
    const members = byClass.get(cls);
    if (!members) continue;
    lines.push(`  classDef ${cls} ${style}`);
    lines.push(`  class ${members.join(',')} ${cls}`);
  }
  return `${lines.join('\n')}\n`;
}
