/**
 * graphology's JSON serialization of an export graph (`graph.export()`): `{options,
 * attributes, nodes: [{key, attributes}], edges: [{key, source, target, attributes}]}`,
 * which `graph.import()` (and sigma.js, or anything that reads graphology's format) loads.
 */
import type { ExportGraph } from './model.js';

export function renderJson(g: ExportGraph): string {
  return `${JSON.stringify(g.export(), null, 2)}\n`;
}
