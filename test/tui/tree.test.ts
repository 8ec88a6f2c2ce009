import { describe, expect, it } from 'vitest';
import { neighbourhoodTree, type Direction, type TreeNode } from '../../src/analysis/neighbourhood.js';
import { treeLinesOf } from '../../src/tui/state/tree.js';
import { shopData, yamlData } from './fixtures.js';
import { syntheticCatalogYaml } from './synthetic.js';
import type { ExplorerData } from '../../src/tui/state/data.js';
import { buildGraph } from '../../src/graph/build.js';

/** The full tree from analysis/neighbourhood.ts, flattened the same way: the oracle. */
function oracle(root: TreeNode): string[] {
  const out: string[] = [];
  const walk = (nodes: readonly TreeNode[], indent: string) =>
    nodes.forEach((n, i) => {
      const last = i === nodes.length - 1;
      const bits = [...(n.via && n.via.type !== 'hard' ? [n.via.type] : []), ...(n.via?.group ? [`${n.via.group.atLeast} of ${n.via.group.size}`] : [])];
      out.push(`${indent}${last ? '└─ ' : '├─ '}${n.id}${bits.length ? ` [${bits.join(', ')}]` : ''}${n.repeated ? ' ↑' : n.truncated ? ' …' : ''}`);
      walk(n.children, `${indent}${last ? '   ' : '│  '}`);
    });
  walk(root.children, '');
  return out;
}

const render = (data: ExplorerData, id: string, dir: Direction, depth: number, max = Infinity) =>
  treeLinesOf(data.graph, id, dir, depth, max).lines.map((l) => `${l.guide}${l.id}${l.via}${l.mark}`);

const graphs = new WeakMap<ExplorerData, ReturnType<typeof buildGraph>>();
/** The graphology graph of graph/build.ts, which the explorer's trees no longer use: the oracle's. */
const graphOf = (data: ExplorerData) => graphs.get(data) ?? graphs.set(data, buildGraph(data.catalog)).get(data)!;

describe('treeLinesOf', () => {
  const shop = shopData();
  const catalogs: Array<[string, ExplorerData]> = [['example shop', shop], ...[1, 2, 3].map((seed): [string, ExplorerData] => [`synthetic seed ${seed}`, yamlData(syntheticCatalogYaml(120, seed))])];
  it.each(catalogs)('%s: lists exactly what neighbourhoodTree lists, every service, depth and direction', (_name, data) => {
    for (const r of data.rows) {
      for (const dir of ['dependencies', 'dependents'] as const) {
        for (const depth of [1, 2, 3]) {
          expect(render(data, r.rawId, dir, depth), `${r.rawId} ${dir} ${depth}`).toEqual(oracle(neighbourhoodTree(graphOf(data), r.rawId, dir, depth)));
        }
      }
    }
  });
  it('stops at the budget with a prefix of the full tree, and says how far it got', () => {
    const full = render(shop, 'storage', 'dependents', 3);
    expect(full.length).toBeGreaterThan(6);
    const t = treeLinesOf(shop.graph, 'storage', 'dependents', 3, 5);
    expect(t.lines.map((l) => `${l.guide}${l.id}${l.via}${l.mark}`)).toEqual(full.slice(0, 5));
    expect(t.cut).toBe(true);
    // storage's direct dependents: the three database nodes, users-db and queue
    expect(t.totalDirect).toBe(5);
    expect(t.shownDirect).toBeLessThan(5);
    expect(treeLinesOf(shop.graph, 'storage', 'dependents', 3, 1000).cut).toBe(false);
  });
  it('shows the example shop by hand: catalog-db needs 2 of its 3 nodes, each on storage', () => {
    expect(render(shop, 'catalog-db', 'dependencies', 2)).toEqual([
      '├─ db-node-a [2 of 3]',
      '│  └─ storage',
      '├─ db-node-b [2 of 3]',
      '│  └─ storage ↑',
      '└─ db-node-c [2 of 3]',
      '   └─ storage ↑',
    ]);
    expect(render(shop, 'catalog-db', 'dependencies', 1)).toEqual(['├─ db-node-a [2 of 3] …', '├─ db-node-b [2 of 3] …', '└─ db-node-c [2 of 3] …']);
  });
});
