/**
 * `blast graph`'s formats on the bundled catalogs and on a corpus of hostile names
 * (test/fixtures/graph/hostile). Checked by independent readers: Graphviz renders the DOT
 * to SVG (node and edge counts, the text drawn), graphology-gexf and graphology-graphml read
 * GEXF and GraphML back into the same graph, graphology imports the JSON, and mermaid
 * renders the flowchart in Chromium. Selections and groupings are counted by hand from
 * catalogs/example-shop/services.yaml (edges listed in the comments below).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { DirectedGraph } from 'graphology';
import { parse as parseGexf } from 'graphology-gexf';
import { parse as parseGraphml } from 'graphology-graphml';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.js';
import type { Catalog } from '../../src/catalog/model.js';
import { prepareSimulation, simulate, type SimulationResult } from '../../src/engine/index.js';
import { buildGraph, nodeKey } from '../../src/graph/build.js';
import {
  collapseGraph,
  exportGraph,
  groupValue,
  renderDot,
  renderGexf,
  renderGraphml,
  renderJson,
  renderMermaid,
  selectServices,
  type ExportGraph,
} from '../../src/graph/export/index.js';
import { checkMermaid, chromiumAvailable, CHROMIUM } from '../report/mermaid-browser.js';

const load = (path: string): Catalog => {
  const res = loadCatalog(path);
  if (!res.catalog) throw new Error(`fixture ${path} does not load`);
  return res.catalog;
};
const shop = load('catalogs/example-shop');
const aws = load('catalogs/aws-us-east-1');
const hostile = load('test/fixtures/graph/hostile');
const run = (c: Catalog, scenario: string): SimulationResult => simulate(prepareSimulation(c), { scenario: c.scenarios.get(scenario)! });

function build(c: Catalog, opts: { focus?: string[]; depth?: number; reaches?: string[]; collapse?: string; scenario?: string } = {}): ExportGraph {
  const graph = buildGraph(c);
  const sel = selectServices(graph, opts);
  let g = exportGraph(graph, { ...(sel ? { keep: sel.keep, roots: sel.roots } : {}), ...(opts.scenario ? { outcome: run(c, opts.scenario) } : {}), ...(c.meta.name ? { name: c.meta.name } : {}) });
  if (opts.collapse) g = collapseGraph(g, opts.collapse, (key) => groupValue(graph.getNodeAttributes(key).service, opts.collapse!));
  return g;
}

const services = (g: ExportGraph): string[] => g.mapNodes((_k, a) => a.service).sort();
const edges = (g: ExportGraph): string[] => g.mapEdges((_e, _a, s, t) => `${g.getNodeAttribute(s, 'service')}->${g.getNodeAttribute(t, 'service')}`).sort();

/** Every graph the format checks run on. */
const CASES: Array<[string, () => ExportGraph]> = [
  ['shop', () => build(shop)],
  ['shop, storage outage', () => build(shop, { scenario: 'storage-outage' })],
  ['shop by system, storage outage', () => build(shop, { collapse: 'system', scenario: 'storage-outage' })],
  ['aws, 2025-10-20', () => build(aws, { scenario: '2025-10-20-dynamodb-dns' })],
  ['aws reaches dynamodb by system', () => build(aws, { reaches: ['dynamodb'], collapse: 'system' })],
  ['hostile, outage', () => build(hostile, { scenario: 'outage' })],
  ['hostile by label', () => build(hostile, { collapse: 'zone-group', scenario: 'outage' })],
];

describe('selection (dependency-cruiser conventions)', () => {
  // shop edges: cdn→dns; web→cdn, catalog-api, recommendations (soft), search (soft);
  // catalog-api→catalog-db, cache (soft); catalog-db→db-node-a/b/c (2 of 3); db-node-*→storage;
  // search→catalog-api; recommendations→orders (async); checkout→web, payments, orders, auth;
  // auth→users-db; users-db→storage; payments→payment-gateway, auth; orders→queue (async),
  // catalog-db; queue→storage.
  it('--focus: neighbours each way to the depth, with the edges among them', () => {
    const d1 = build(shop, { focus: ['payments'] });
    expect(services(d1)).toEqual(['auth', 'checkout', 'payment-gateway', 'payments']);
    expect(edges(d1)).toEqual(['checkout->auth', 'checkout->payments', 'payments->auth', 'payments->payment-gateway']);
    expect(d1.filterNodes((_k, a) => a.focus === true)).toEqual(['payments']);
    const d2 = build(shop, { focus: ['payments'], depth: 2 });
    expect(services(d2)).toEqual(['auth', 'checkout', 'payment-gateway', 'payments', 'users-db']);
    expect(d2.size).toBe(5);
    const d0 = build(shop, { focus: ['payments'], depth: 0 });
    expect(services(d0)).toEqual(['payments']);
    expect(d0.size).toBe(0);
  });

  it('--focus in both directions does not mix them (no dependents of dependencies)', () => {
    // depth 2 from auth: out users-db, storage; in payments, checkout (and checkout's dependents: none).
    // payments' other dependency (payment-gateway) is a dependency of a dependent: not included.
    expect(services(build(shop, { focus: ['auth'], depth: 2 }))).toEqual(['auth', 'checkout', 'payments', 'storage', 'users-db']);
  });

  it('--reaches: everything that depends on it, at any distance', () => {
    const g = build(shop, { reaches: ['storage'] });
    const notReaching = ['cache', 'cdn', 'dns', 'payment-gateway'];
    expect(services(g)).toEqual([...shop.services.keys()].filter((id) => !notReaching.includes(id)).sort());
    expect(g.order).toBe(15);
  });

  it('--focus and --reaches together: the union', () => {
    expect(services(build(shop, { focus: ['dns'], reaches: ['payment-gateway'] }))).toEqual(['cdn', 'checkout', 'dns', 'payment-gateway', 'payments']);
  });

  it('--collapse system: one node per system, edges between systems merged and counted by type', () => {
    const g = build(shop, { collapse: 'system' });
    expect(g.mapNodes((_k, a) => `${a.service} ${a.members} tier ${a.tier}`).sort()).toEqual([
      'system:data 7 tier 0',
      'system:discovery 2 tier 2',
      'system:edge 2 tier 0',
      'system:identity 1 tier 0',
      'system:orders 2 tier 1',
      'system:payments 2 tier 0',
      'system:storefront 3 tier 0',
    ]);
    const e = (s: string, t: string) => g.getEdgeAttributes(`system:${s}->system:${t}`);
    expect(g.size).toBe(11);
    expect(e('storefront', 'data')).toMatchObject({ type: 'hard', count: 2, hard: 1, soft: 1, async: 0 });
    expect(e('storefront', 'discovery')).toMatchObject({ type: 'soft', count: 2, hard: 0, soft: 2 });
    expect(e('discovery', 'orders')).toMatchObject({ type: 'async', count: 1, async: 1 });
    expect(e('orders', 'data')).toMatchObject({ type: 'hard', count: 2, hard: 2 });
    expect(e('discovery', 'storefront')).toMatchObject({ type: 'hard', count: 1 });
  });

  it('--collapse by a label key: services without the label stay themselves', () => {
    const g = build(hostile, { collapse: 'zone-group' });
    expect(g.nodes()).toEqual(['zone-group:a', 'zone-group:b', 'backslash', 'control', 'mermaid']);
    expect(g.getNodeAttribute('zone-group:a', 'members')).toBe(2);
  });

  it('with a scenario: every node carries its worst state and times as simulate reports them', () => {
    const result = run(shop, 'storage-outage');
    const g = build(shop, { scenario: 'storage-outage' });
    for (const s of result.services) {
      const a = g.getNodeAttributes(nodeKey(s.id));
      expect(a.state, s.id).toBe(s.worstState);
      expect(a.impactMinutes ?? null, s.id).toBe(s.impactStartMinutes);
      expect(a.recoveredMinutes ?? null, s.id).toBe(s.impactStartMinutes === null ? null : s.recoveredMinutes);
      expect(a.color).toBe(s.worstState === 'down' ? '#f4a6a6' : s.worstState === 'degraded' ? '#ffe08a' : '#d9f2d9');
    }
    expect(g.getAttribute('fullRecoveryMinutes')).toBe(result.fullRecoveryMinutes);
    // a group: its members' worst state, first impact, last recovery
    const c = build(shop, { scenario: 'storage-outage', collapse: 'system' });
    const members = result.services.filter((s) => shop.services.get(s.id)!.system === 'storefront');
    const data = c.getNodeAttributes('system:storefront');
    expect(data.state).toBe('down');
    expect(data.impactMinutes).toBe(Math.min(...members.map((s) => s.impactStartMinutes!)));
    expect(data.recoveredMinutes).toBe(Math.max(...members.map((s) => s.recoveredMinutes!)));
    expect(c.getNodeAttributes('system:edge')).toMatchObject({ state: 'up' });
    expect(c.getNodeAttributes('system:edge').impactMinutes).toBeUndefined();
  });

  it('an id named like an Object.prototype property is an ordinary node', () => {
    const g = build(hostile, { focus: ['constructor'] });
    expect(g.hasNode('%constructor')).toBe(true);
    expect(services(g)).toEqual(['backslash', 'constructor', 'control', 'html']);
  });
});

const dotAvailable = spawnSync('dot', ['-V']).status === 0;

describe('DOT', () => {
  it.for(CASES)('%s: Graphviz renders it to SVG with every node and edge, without warnings', ([, make], ctx) => {
    if (!dotAvailable) ctx.skip('Graphviz `dot` is not installed (apt-get install graphviz; .ci/run does): DOT output not checked');
    const g = make();
    const res = spawnSync('dot', ['-Tsvg'], { input: renderDot(g), encoding: 'utf8' });
    expect(res.stderr).toBe('');
    expect(res.status).toBe(0);
    expect(res.stdout.match(/<g id="node\d+" class="node">/g)?.length ?? 0).toBe(g.order);
    expect(res.stdout.match(/<g id="edge\d+" class="edge">/g)?.length ?? 0).toBe(g.size);
  });

  it('names stay text: quotes, HTML, entities, newlines, backslashes and label escapes drawn as written, on one line', (ctx) => {
    if (!dotAvailable) ctx.skip('Graphviz `dot` is not installed: DOT output not checked');
    const svg = execFileSync('dot', ['-Tsvg'], { input: renderDot(build(hostile)), encoding: 'utf8' });
    const texts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!.replace(/&#(\d+);/g, (_m, d: string) => String.fromCharCode(Number(d))).replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&'));
    expect(texts).toContain('Hostile "graph" <b>&amp;</b>');
    expect(texts).toContain('Quote " double \' single "] close');
    expect(texts).toContain('<script>alert(1)</script> &lt;b&gt;');
    expect(texts).toContain('Line one Line two Line three');
    expect(texts).toContain('Back\\slash \\N \\G \\l \\" end\\');
    // BEL and ESC cannot be carried by XML formats: U+FFFD everywhere; DEL shown as an escape
    expect(texts).toContain('Bell \ufffd escape \ufffd[31m red \\u007f del');
    expect(texts).toContain('A --> B %% comment click x call y() end ]] )) {{');
    expect(svg).not.toMatch(/<script/i);
  });
});

describe('GEXF, GraphML and JSON read back into the same graph', () => {
  const nodesOf = (g: { export(): { nodes: unknown[] } }) => g.export().nodes;
  const edgesOf = (g: { export(): { edges: unknown[] } }) => g.export().edges;

  it.each(CASES)('%s: GEXF through graphology-gexf', (_name, make) => {
    const g = make();
    const back = parseGexf(DirectedGraph, renderGexf(g));
    expect(nodesOf(back)).toEqual(nodesOf(g));
    expect(edgesOf(back)).toEqual(edgesOf(g));
    expect(back.getAttributes()).toEqual({ creator: 'blast-radius', ...(g.getAttribute('name') !== undefined ? { description: expect.stringContaining(g.getAttribute('name')!) } : {}) });
  });

  it.each(CASES)('%s: GraphML through graphology-graphml', (_name, make) => {
    const g = make();
    const back = parseGraphml(DirectedGraph, renderGraphml(g));
    expect(nodesOf(back)).toEqual(nodesOf(g));
    expect(edgesOf(back)).toEqual(edgesOf(g));
    expect(back.getAttributes()).toEqual({ id: 'G', ...g.getAttributes() });
  });

  it.each(CASES)('%s: JSON through graphology import', (_name, make) => {
    const g = make();
    const back = new DirectedGraph();
    back.import(JSON.parse(renderJson(g)));
    const { nodes, edges, attributes } = back.export();
    expect({ nodes, edges, attributes }).toEqual({ nodes: nodesOf(g), edges: edgesOf(g), attributes: g.getAttributes() });
  });

  it('hostile text survives exactly (newlines, quotes, HTML, the % key of constructor)', () => {
    const g = build(hostile, { scenario: 'outage' });
    const back = parseGraphml(DirectedGraph, renderGraphml(g));
    expect(back.getNodeAttribute('newline', 'label')).toBe('Line one\nLine two\r\nLine three');
    expect(back.getNodeAttribute('%constructor', 'service')).toBe('constructor');
    expect(back.getNodeAttribute('%constructor', 'owner')).toBe('<team> & co');
    expect(back.getEdgeAttribute('html->%constructor', 'why')).toBe('because "it" <must>\nsecond line');
    expect(back.getNodeAttribute('control', 'label')).toBe('Bell \ufffd escape \ufffd[31m red \u007f del');
  });

  it('the same input gives the same bytes', () => {
    for (const [, make] of CASES) {
      const a = make();
      const b = make();
      for (const r of [renderDot, renderMermaid, renderGraphml, renderGexf, renderJson]) expect(r(a)).toBe(r(b));
    }
  });
});

describe('mermaid', () => {
  it('parses and renders in mermaid, one node per service, names as text', { timeout: 120_000 }, async (ctx) => {
    if (!chromiumAvailable()) ctx.skip(`no Chromium at ${CHROMIUM} (.ci/run installs it): mermaid output not checked`);
    const graphs = [build(shop, { scenario: 'storage-outage' }), build(shop, { collapse: 'owner' }), build(aws, { reaches: ['dynamodb'] }), build(hostile, { scenario: 'outage' })];
    const results = await checkMermaid(graphs.map(renderMermaid), { render: true });
    expect(results.map((r) => r.error)).toEqual(graphs.map(() => null));
    results.forEach((r, k) => {
      expect(r.type).toBe('flowchart-v2');
      expect(r.svg!.match(/<g class="node /g)?.length ?? 0).toBe(graphs[k]!.order);
    });
    const svg = results[3]!.svg!;
    expect(svg).not.toMatch(/<script/i);
    const text = svg.replace(/<[^>]*>/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
    expect(text).toContain('<script>alert(1)</script> &lt;b&gt;');
    expect(text).toContain('Quote " double \' single "] close');
    expect(text).toContain('A --> B %% comment click x call y() end ]] )) {{');
  });
});
