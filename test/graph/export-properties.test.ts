/**
 * Properties of the graph formats over arbitrary catalogs.
 *
 * Round trip: whatever text a catalog holds (any code units: quotes, markup, line breaks,
 * control characters, unpaired surrogates) and whatever its ids (including names of
 * Object.prototype properties), GraphML and GEXF read back through graphology's own parsers
 * into exactly the graph graphology's JSON holds, and that graph holds the catalog's text
 * unchanged where XML can carry it (U+FFFD where it cannot). (graphology-gexf reads a file
 * with no edges as a mixed graph unless told to respect the requested type.) Catalogs are built directly
 * from the model types, so the catalog parser's own limits play no part.
 *
 * Drawn formats: Graphviz renders the DOT with exactly one node per service and one edge per
 * dependency, and the mermaid text has one statement line for each, whatever the names.
 */
import fc from 'fast-check';
import { DirectedGraph } from 'graphology';
import { parse as parseGexf } from 'graphology-gexf';
import { parse as parseGraphml } from 'graphology-graphml';
import { describe, expect, it } from 'vitest';
import type { Catalog, Dependency, Service } from '../../src/catalog/model.js';
import { buildGraph, nodeKey } from '../../src/graph/build.js';
import { exportGraph, renderDot, renderGexf, renderGraphml, renderJson, renderMermaid } from '../../src/graph/export/index.js';
import { spawnSync } from 'node:child_process';

const pos = { file: 'p.yaml', line: 1, col: 1 };
// XML 1.0's characters, written out independently of the code under test
const xmlChar = (cp: number): boolean => cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || cp >= 0x10000;
const expectedText = (s: string): string => {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && s.charCodeAt(i + 1) >= 0xdc00 && s.charCodeAt(i + 1) <= 0xdfff) {
      out += s[i]! + s[i + 1]!;
      i++;
    } else out += xmlChar(c) && !(c >= 0xd800 && c <= 0xdfff) ? s[i]! : '\ufffd';
  }
  return out;
};

const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 30 }), fc.constantFrom('"', "'", '<b>&amp;</b>', 'a\nb\r\nc', '\\N\\"', ']]>', '<!--', '\u0000\u001b', '\ud800', '&#10;'));
const ids = fc.uniqueArray(fc.oneof(fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,6}$/), fc.constantFrom('constructor', 'valueof', 'tostring')), { minLength: 1, maxLength: 8 });

const catalogOf = (list: ReadonlyArray<{ id: string; name: string; system: string; why: string; deps: number[] }>): Catalog => {
  const services = new Map<string, Service>();
  list.forEach((s, k) => {
    const dependsOn: Dependency[] = [...new Set(s.deps.map((d) => d % list.length))]
      .filter((d) => d !== k)
      .map((d) => ({ of: [list[d]!.id], atLeast: 1, group: false, type: (['hard', 'soft', 'async'] as const)[d % 3]!, failOn: 'down', failover: d % 2 === 0, why: s.why, pos, memberPos: [pos] }));
    services.set(s.id, { id: s.id, name: s.name, tier: (k % 4) as 0 | 1 | 2 | 3, system: s.system, links: [], labels: new Map(), dependsOn, partial: false, pos });
  });
  return { meta: {}, services, scenarios: new Map(), files: [] };
};

describe('graph export round trip (property)', () => {
  it('GraphML and GEXF read back to the JSON graph; text kept exactly where XML can carry it', () => {
    fc.assert(
      fc.property(
        ids.chain((list) => fc.tuple(fc.constant(list), fc.array(fc.record({ name: text, system: text, why: text, deps: fc.array(fc.nat(20), { maxLength: 3 }) }), { minLength: list.length, maxLength: list.length }), text)),
        ([list, rows, name]) => {
          const catalog = catalogOf(list.map((id, k) => ({ id, ...rows[k]! })));
          const g = exportGraph(buildGraph(catalog), { name });
          const json = JSON.parse(renderJson(g)) as ReturnType<typeof g.export>;
          for (const [k, id] of list.entries()) {
            const a = g.getNodeAttributes(nodeKey(id));
            expect(a.service).toBe(id);
            // an empty name is labelled with the id; an empty system is no system
            expect(a.label).toBe(rows[k]!.name === '' ? id : expectedText(rows[k]!.name));
            expect(a.system).toBe(rows[k]!.system === '' ? undefined : expectedText(rows[k]!.system));
          }
          for (const back of [parseGraphml(DirectedGraph, renderGraphml(g)), parseGexf(DirectedGraph, renderGexf(g), { respectInputGraphType: true })]) {
            expect(back.export().nodes).toEqual(json.nodes);
            expect(back.export().edges).toEqual(json.edges);
          }
          expect(parseGraphml(DirectedGraph, renderGraphml(g)).getAttribute('name')).toBe(name === '' ? undefined : expectedText(name));
        },
      ),
      { numRuns: 150 },
    );
  });
});

const dotAvailable = spawnSync('dot', ['-V']).status === 0;

describe('DOT and mermaid with arbitrary text (property)', () => {
  it('Graphviz draws exactly the services and dependencies, whatever the names', (ctx) => {
    if (!dotAvailable) ctx.skip('Graphviz `dot` is not installed (.ci/run installs it): DOT property not checked');
    fc.assert(
      fc.property(
        ids.chain((list) => fc.tuple(fc.constant(list), fc.array(fc.record({ name: text, system: text, why: text, deps: fc.array(fc.nat(20), { maxLength: 3 }) }), { minLength: list.length, maxLength: list.length }), text)),
        ([list, rows, name]) => {
          const g = exportGraph(buildGraph(catalogOf(list.map((id, k) => ({ id, ...rows[k]! })))), { name });
          const res = spawnSync('dot', ['-Tsvg'], { input: renderDot(g), encoding: 'utf8' });
          expect(res.status, res.stderr).toBe(0);
          expect(res.stderr).toBe('');
          expect(res.stdout.match(/<g id="node\d+" class="node">/g)?.length ?? 0).toBe(g.order);
          expect(res.stdout.match(/<g id="edge\d+" class="edge">/g)?.length ?? 0).toBe(g.size);
          // mermaid: one statement line per node and per edge, whatever the text (no line breaks leak)
          const lines = renderMermaid(g).trimEnd().split('\n');
          expect(lines.filter((l) => /^ {2}n\d+[[(]/.test(l))).toHaveLength(g.order);
          expect(lines.filter((l) => /^ {2}n\d+ (-->|-\.->|==>)/.test(l))).toHaveLength(g.size);
        },
      ),
      { numRuns: 40 },
    );
  });
});
