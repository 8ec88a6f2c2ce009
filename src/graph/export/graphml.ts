/**
 * GraphML for an export graph. graphology-graphml reads GraphML but has no writer, so this
 * writes it: a `<key>` per attribute in use (typed from model.ts `ATTRIBUTE_TYPES`), then
 * the graph's, nodes' and edges' `<data>`. The output reads back through graphology-graphml
 * into the same graph (test/graph/export.test.ts) and follows the GraphML 1.0 schema.
 */
import { ATTRIBUTE_TYPES, type ExportGraph } from './model.js';
import { xmlAttr, xmlText } from './xml.js';

type Domain = keyof typeof ATTRIBUTE_TYPES;
const PREFIX: Readonly<Record<Domain, string>> = { graph: 'g', node: 'n', edge: 'e' };

const value = (v: unknown): string => (typeof v === 'number' ? String(v) : typeof v === 'boolean' ? String(v) : xmlText(String(v)));

export function renderGraphml(g: ExportGraph): string {
  // the attributes in use, in the table's order: keys are declared only for them
  const used: Record<Domain, Set<string>> = { graph: new Set(Object.keys(g.getAttributes())), node: new Set(), edge: new Set() };
  g.forEachNode((_k, a) => Object.keys(a).forEach((k) => used.node.add(k)));
  g.forEachEdge((_k, a) => Object.keys(a).forEach((k) => used.edge.add(k)));
  const keyId = new Map<string, string>();
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
  ];
  for (const domain of ['graph', 'node', 'edge'] as const) {
    Object.entries(ATTRIBUTE_TYPES[domain]).forEach(([name, type], i) => {
      if (!used[domain].has(name)) return;
      const id = `${PREFIX[domain]}${i}`;
      keyId.set(`${domain}.${name}`, id);
      lines.push(`  <key id="${id}" for="${domain}" attr.name="${name}" attr.type="${type}"/>`);
    });
  }
  const data = (domain: Domain, attrs: object, indent: string): string[] =>
    Object.entries(attrs).flatMap(([k, v]) => {
      const id = keyId.get(`${domain}.${k}`);
      if (id === undefined) throw new Error(`bug: ${domain} attribute "${k}" has no declared type`);
      return v === undefined ? [] : [`${indent}<data key="${id}">${value(v)}</data>`];
    });
  lines.push('  <graph id="G" edgedefault="directed">');
  lines.push(...data('graph', g.getAttributes(), '    '));
  g.forEachNode((key, a) => {
    lines.push(`    <node id="${xmlAttr(key)}">`, ...data('node', a, '      '), '    </node>');
  });
  g.forEachEdge((key, a, from, to) => {
    lines.push(`    <edge id="${xmlAttr(key)}" source="${xmlAttr(from)}" target="${xmlAttr(to)}">`, ...data('edge', a, '      '), '    </edge>');
  });
  lines.push('  </graph>', '</graphml>');
  return `${lines.join('\n')}\n`;
}
