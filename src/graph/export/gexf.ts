/**
 * GEXF 1.3 for an export graph, written by graphology-gexf (graphology's own serializer).
 * Attributes go out typed (tier an integer, times doubles); with a scenario, each node's
 * state colour is also written as its GEXF `viz:color`, which Gephi shows.
 */
import { write } from 'graphology-gexf';
import type { ExportGraph } from './model.js';

export function renderGexf(g: ExportGraph): string {
  return write(g, {
    version: '1.3',
    pretty: true,
    formatNode: (_key, attrs) => {
      const { label, color, ...rest } = attrs;
      return { label, attributes: { ...rest, ...(color !== undefined ? { color } : {}) }, ...(color !== undefined ? { viz: { color } } : {}) };
    },
    formatEdge: (_key, attrs) => ({ attributes: { ...attrs } }),
  });
}
