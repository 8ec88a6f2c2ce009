/**
 * Node positions for the HTML page's graph, computed once in Node so the page opens without
 * running a layout and the file is the same bytes for the same catalog.
 *
 * - Small graphs (up to LAYERED_MAX services): a layered drawing. A service's layer is the
 *   length of the longest chain of dependents above it (entry points on the left, the things
 *   everything depends on to the right); within a layer, services are ordered by the mean
 *   position of their neighbours in the previous layer (a few barycentre sweeps).
 * - Larger graphs: ForceAtlas2 (graphology-layout-forceatlas2, Jacomy et al. 2014,
 *   https://doi.org/10.1371/journal.pone.0098679) for a fixed number of iterations from a
 *   deterministic start (a golden-angle spiral in catalog order); no randomness is involved.
 *
 * Coordinates are rounded to 1/100 so that tiny floating-point differences never reach the file.
 */
import { DirectedGraph } from 'graphology';
import fa2Module from 'graphology-layout-forceatlas2';
import type { Catalog } from '../../catalog/model.js';

export interface Point {
  readonly x: number;
  readonly y: number;
}

export const LAYERED_MAX = 40;

// a CommonJS module whose typings declare an ES default export: take whichever the loader gives
const forceAtlas2 = ((fa2Module as unknown as { default?: unknown }).default ?? fa2Module) as unknown as typeof fa2Module.default;

const round = (v: number): number => Math.round(v * 100) / 100 || 0;

/** Edges dependent → dependency, each pair once, no self-loops. */
function edgesOf(catalog: Catalog): Array<[string, string]> {
  const seen = new Set<string>();
  const out: Array<[string, string]> = [];
  for (const s of catalog.services.values()) {
    for (const d of s.dependsOn) {
      for (const t of d.of) {
        const key = `${s.id}\u0000${t}`;
        if (t === s.id || seen.has(key) || !catalog.services.has(t)) continue;
        seen.add(key);
        out.push([s.id, t]);
      }
    }
  }
  return out;
}

/** The layered drawing (see the module comment). */
export function layeredLayout(catalog: Catalog): Map<string, Point> {
  const ids = [...catalog.services.keys()];
  const edges = edgesOf(catalog);
  const layer = new Map(ids.map((id) => [id, 0]));
  // longest path from the dependents, relaxed at most n times (cycles stop growing there)
  for (let round = 0; round < ids.length; round++) {
    let changed = false;
    for (const [from, to] of edges) {
      const want = layer.get(from)! + 1;
      if (want > layer.get(to)! && want < ids.length) {
        layer.set(to, want);
        changed = true;
      }
    }
    if (!changed) break;
  }
  const layers: string[][] = [];
  for (const id of ids) (layers[layer.get(id)!] ??= []).push(id);
  const dense = layers.filter((l) => l !== undefined);
  const pos = new Map<string, number>();
  dense.forEach((l) => l.forEach((id, k) => pos.set(id, k)));
  const neighbours = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const [a, b] of edges) {
    neighbours.get(a)!.push(b);
    neighbours.get(b)!.push(a);
  }
  for (let sweep = 0; sweep < 4; sweep++) {
    for (const l of dense) {
      const score = new Map(
        l.map((id) => {
          const ns = neighbours.get(id)!;
          return [id, ns.length ? ns.reduce((a, n) => a + pos.get(n)!, 0) / ns.length : pos.get(id)!] as const;
        }),
      );
      l.sort((a, b) => score.get(a)! - score.get(b)! || pos.get(a)! - pos.get(b)!);
      l.forEach((id, k) => pos.set(id, k));
    }
  }
  const out = new Map<string, Point>();
  dense.forEach((l, x) => {
    l.forEach((id, k) => out.set(id, { x: round(x * 20), y: round(((l.length - 1) / 2 - k) * 10) }));
  });
  return out;
}

/** ForceAtlas2 positions (see the module comment). */
export function forceLayout(catalog: Catalog): Map<string, Point> {
  const g = new DirectedGraph({ allowSelfLoops: false });
  const ids = [...catalog.services.keys()];
  const golden = Math.PI * (3 - Math.sqrt(5));
  ids.forEach((id, k) => {
    const r = Math.sqrt(k + 1) * 10;
    g.addNode(id, { x: r * Math.cos(k * golden), y: r * Math.sin(k * golden) });
  });
  for (const [a, b] of edgesOf(catalog)) g.addDirectedEdge(a, b);
  // exact forces while cheap; the Barnes-Hut approximation (O(n log n) per iteration) beyond
  const iterations = ids.length <= 500 ? 500 : ids.length <= 5_000 ? 200 : 100;
  const settings = { ...forceAtlas2.inferSettings(g), barnesHutOptimize: ids.length > 500 };
  const positions = forceAtlas2(g, { iterations, settings });
  const out = new Map<string, Point>();
  for (const id of ids) {
    const p = positions[id]!;
    out.set(id, { x: round(p.x), y: round(p.y) });
  }
  return out;
}

/** Positions of every service of `catalog`: layered for small catalogs, ForceAtlas2 otherwise. */
export function graphLayout(catalog: Catalog): Map<string, Point> {
  return catalog.services.size <= LAYERED_MAX ? layeredLayout(catalog) : forceLayout(catalog);
}
