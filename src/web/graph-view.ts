/**
 * The graph: sigma.js (WebGL) over a graphology graph with the positions computed in Node.
 * Node colour is the service's state at the scrubbed time, size its blast radius; edge colour
 * and width its type. Without WebGL the same services are listed instead, with a message.
 */
import { DirectedGraph } from 'graphology';
import Sigma from 'sigma';
import type { PageEdge, PageNode } from '../report/html/payload.js';
import { byId, fill, h, shown, type Child } from './dom.js';
import type { Shown } from './sim.js';

export const STATE_COLOR: Readonly<Record<Shown, string>> = { idle: '#afb8c1', up: '#2da44e', degraded: '#d4a72c', down: '#cf222e' };
export const EDGE_STYLE: Readonly<Record<PageEdge['kind'], { color: string; size: number; label: string }>> = {
  hard: { color: '#6e7781', size: 1.6, label: 'hard' },
  soft: { color: '#c9d1d9', size: 1, label: 'soft' },
  async: { color: '#54aeff', size: 1.2, label: 'async' },
  failover: { color: '#a475f9', size: 1.6, label: 'failover' },
  group: { color: '#1b7c83', size: 1.6, label: 'redundancy group' },
};
const FADED = '#eaeef2';

/** A colour mixed with white: services away from the selection keep a hint of their state. */
export function fade(hex: string, keep = 0.3): string {
  const n = parseInt(hex.slice(1), 16);
  const mix = (c: number): number => Math.round(255 - (255 - c) * keep);
  return `#${[(n >> 16) & 255, (n >> 8) & 255, n & 255].map((c) => mix(c).toString(16).padStart(2, '0')).join('')}`;
}
const CRITICAL = '#fb8500';

export interface ViewState {
  readonly shownOf: (id: string) => Shown;
  readonly selected: string | null;
  /** Services next to the selection (its dependencies and dependents). */
  readonly near: ReadonlySet<string>;
  /** Critical-path edges "from\0to" when highlighted. */
  readonly critical: ReadonlySet<string> | null;
  readonly criticalNodes: ReadonlySet<string>;
}

export interface GraphView {
  readonly webgl: boolean;
  refresh(): void;
  focus(id: string): void;
  /** Where a service is drawn, in pixels from the graph container's top left (null in the list view). */
  position(id: string): { x: number; y: number } | null;
}

export function nodeSize(radius: number, n: number): number {
  const base = n <= 60 ? 7 : n > 2000 ? 1.5 : 3;
  return Math.min(base * 6, base + 1.6 * Math.sqrt(radius));
}

export function webglAvailable(): boolean {
  try {
    const c = document.createElement('canvas');
    return Boolean(c.getContext('webgl2') ?? c.getContext('webgl'));
  } catch {
    return false;
  }
}

export function createGraphView(nodes: readonly PageNode[], edges: readonly PageEdge[], view: () => ViewState, onSelect: (id: string | null) => void): GraphView {
  const container = byId('graph');
  if (webglAvailable()) {
    try {
      return sigmaView(container, nodes, edges, view, onSelect);
    } catch {
      // fall through to the list
    }
  }
  return listView(nodes, view, onSelect);
}

function sigmaView(container: HTMLElement, nodes: readonly PageNode[], edges: readonly PageEdge[], view: () => ViewState, onSelect: (id: string | null) => void): GraphView {
  const g = new DirectedGraph({ allowSelfLoops: false });
  for (const n of nodes) g.addNode(n.id, { x: n.x, y: -n.y, size: nodeSize(n.radius, nodes.length), label: shown(n.name), color: STATE_COLOR.idle });
  edges.forEach((e, k) => {
    const st = EDGE_STYLE[e.kind];
    g.addDirectedEdgeWithKey(`e${k}`, e.from, e.to, { color: st.color, size: st.size, kind: e.kind, type: e.kind === 'soft' ? 'line' : 'arrow', key: `${e.from}\u0000${e.to}`, from: e.from, to: e.to });
  });
  const renderer = new Sigma(g, container, {
    renderEdgeLabels: false,
    zIndex: true,
    labelRenderedSizeThreshold: nodes.length > 500 ? 9 : 7,
    labelFont: 'system-ui, sans-serif',
    labelSize: 12,
    defaultEdgeType: 'arrow',
    minCameraRatio: 0.02,
    maxCameraRatio: 10,
    nodeReducer: (node, data) => {
      const v = view();
      const state = v.shownOf(node);
      const focus = v.selected !== null ? node === v.selected || v.near.has(node) : v.critical ? v.criticalNodes.has(node) : true;
      return {
        ...data,
        color: focus ? STATE_COLOR[state] : fade(STATE_COLOR[state], state === 'idle' ? 0.3 : 0.45),
        label: focus ? data.label : '',
        zIndex: node === v.selected ? 3 : focus ? (state === 'idle' ? 1 : 2) : 0,
        highlighted: node === v.selected,
        forceLabel: node === v.selected || (v.critical !== null && v.criticalNodes.has(node)),
      };
    },
    edgeReducer: (_edge, data) => {
      const v = view();
      const { from, to, key } = data as { from: string; to: string; key: string };
      if (v.critical?.has(key)) return { ...data, color: CRITICAL, size: 4, zIndex: 3 };
      if (v.selected !== null) {
        const touches = from === v.selected || to === v.selected;
        return { ...data, color: touches ? data.color : FADED, size: touches ? data.size * 1.8 : data.size, zIndex: touches ? 2 : 0 };
      }
      if (v.critical) return { ...data, color: FADED, zIndex: 0 };
      return data;
    },
  });
  // Room on the right for the labels of the right-most column: sigma fits the nodes alone to the
  // pane, and the layout puts dependencies (the trigger among them) on the right, where their
  // labels ran into the side panel. A label is drawn to the right of its node.
  if (nodes.length > 1) {
    let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    for (const n of nodes) { x0 = Math.min(x0, n.x); x1 = Math.max(x1, n.x); y0 = Math.min(y0, -n.y); y1 = Math.max(y1, -n.y); }
    if (x1 > x0) renderer.setCustomBBox({ x: [x0, x1 + 0.2 * (x1 - x0)], y: [y0, y1] });
  }
  renderer.on('clickNode', ({ node }) => onSelect(node));
  renderer.on('clickStage', () => onSelect(null));
  renderer.on('enterNode', () => container.classList.add('pointer'));
  renderer.on('leaveNode', () => container.classList.remove('pointer'));
  return {
    webgl: true,
    refresh: () => renderer.refresh({ skipIndexation: true }),
    focus(id) {
      const d = renderer.getNodeDisplayData(id);
      // large graphs zoom in on the selection; small ones are already readable whole
      const ratio = nodes.length > 100 ? Math.min(renderer.getCamera().ratio, 0.6) : renderer.getCamera().ratio;
      // sigma skips its picking pass while the camera moves: draw once more at rest so clicks find nodes
      if (d) void renderer.getCamera().animate({ x: d.x, y: d.y, ratio }, { duration: 300 }).then(() => renderer.refresh({ skipIndexation: true }));
    },
    position(id) {
      const a = g.getNodeAttributes(id) as { x: number; y: number };
      return renderer.graphToViewport({ x: a.x, y: a.y });
    },
  };
}

const ORDER: Readonly<Record<Shown, number>> = { down: 0, degraded: 1, up: 2, idle: 3 };

/** The list shown without WebGL: every service with its state now, impaired first. */
function listView(nodes: readonly PageNode[], view: () => ViewState, onSelect: (id: string | null) => void): GraphView {
  const box = byId('fallback');
  byId('graph').hidden = true;
  byId('legend').hidden = true;
  box.hidden = false;
  const draw = (): void => {
    const v = view();
    const rows = [...nodes].sort((a, b) => ORDER[v.shownOf(a.id)] - ORDER[v.shownOf(b.id)] || b.radius - a.radius || (a.id < b.id ? -1 : 1));
    const items: Child[] = rows.map((n) => {
      const st = v.shownOf(n.id);
      return h('li', {}, h('button', { type: 'button', 'data-id': n.id, class: n.id === v.selected ? 'selected' : undefined }, h('span', { class: `badge ${st}` }, st), ` ${shown(n.name)} `, h('span', { class: 'id' }, shown(n.id))));
    });
    fill(box, h('p', { class: 'note' }, 'WebGL is not available in this browser, so the graph is shown as a list: impaired services first, then by blast radius.'), h('ol', { class: 'list' }, ...items));
  };
  box.addEventListener('click', (ev) => {
    const b = (ev.target as Element).closest('button[data-id]');
    if (b) onSelect(b.getAttribute('data-id'));
  });
  draw();
  return { webgl: false, refresh: draw, focus: () => undefined, position: () => null };
}
