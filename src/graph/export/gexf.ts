/**
 * GEXF 1.3 for an export graph, written by graphology-gexf (graphology's own serializer).
 * Attributes go out typed (tier an integer, times numbers); with a scenario, each node's
 * state colour is also written as its GEXF `viz:color`, which Gephi shows. GEXF's `<meta>`
 * holds only a creator, a description and keywords: the description is the graph's title
 * (catalog, scenario, grouping); the graph's attributes stay in the other formats.
 */
import { write } from 'graphology-gexf';
import { DirectedGraph } from 'graphology';
import type { ExportEdge, ExportGraph, ExportNode } from './model.js';
import { graphTitle } from './labels.js';

/** What GEXF's `<meta>` can hold (with `pedantic`, graphology-gexf writes only these). */
interface GexfMeta {
  creator: string;
  description?: string;
}

export function renderGexf(g: ExportGraph): string {
  const title = graphTitle(g.getAttributes());
  const { nodes, edges } = g.export();
  const copy = new DirectedGraph<ExportNode, ExportEdge, GexfMeta>({ allowSelfLoops: false });
  copy.import({ nodes, edges });
  copy.replaceAttributes({ creator: 'blast-radius', ...(title ? { description: title } : {}) });
  return write(copy, {
    version: '1.3',
    pretty: true,
    pedantic: true,
    formatNode: (_key, attrs) => {
      const { label, color, ...rest } = attrs;
      return { label, attributes: { ...rest, ...(color !== undefined ? { color } : {}) }, ...(color !== undefined ? { viz: { color } } : {}) };
    },
    formatEdge: (_key, attrs) => ({ attributes: { ...attrs } }),
  });
}
