/**
 * The service panel: what the service is, its state and why at the scrubbed time (the chain
 * of causes back to the trigger), its impaired intervals, its dependencies and dependents,
 * SPOF and shared-fate badges, and "fail this service".
 */
import type { SimulationResult } from '../engine/index.js';
import type { ReportFinding } from '../report/markdown/input.js';
import type { PageEdge, PageNode } from '../report/html/payload.js';
import { dur, type TimeFormat } from '../report/markdown/time.js';
import { h, shown, type Child } from './dom.js';
import { EDGE_STYLE } from './graph-view.js';
import { shownAt, whyAt } from './sim.js';

/** Fault durations offered by "fail this service", as the terminal explorer's `f` key cycles them. */
export const FAIL_DURATIONS: ReadonlyArray<{ readonly label: string; readonly minutes: number | null }> = [
  { label: '90s', minutes: 1.5 },
  { label: '15m', minutes: 15 },
  { label: '1h', minutes: 60 },
  { label: '2h', minutes: 120 },
  { label: 'never clears', minutes: null },
];

export interface PanelInput {
  readonly node: PageNode;
  readonly nodes: ReadonlyMap<string, PageNode>;
  readonly out: readonly PageEdge[];
  readonly in: readonly PageEdge[];
  readonly findings: readonly ReportFinding[];
  readonly result: SimulationResult | null;
  readonly t: number;
  readonly time: TimeFormat;
  readonly failIndex: number;
}

const link = (id: string, nodes: ReadonlyMap<string, PageNode>): HTMLElement => h('button', { type: 'button', 'data-id': id }, shown(nodes.get(id)?.name ?? id));

/** Most dependencies or dependents listed in a panel; the rest are counted. */
export const LIST_MAX = 60;

function edgeList(edges: readonly PageEdge[], end: 'from' | 'to', nodes: ReadonlyMap<string, PageNode>): HTMLElement {
  if (edges.length === 0) return h('p', { class: 'hint' }, 'none');
  return h(
    'ul',
    {},
    ...edges.slice(0, LIST_MAX).map((e) => h('li', {}, link(e[end], nodes), ' ', h('span', { class: 'id' }, `${EDGE_STYLE[e.kind].label}${e.group ? `, ${e.group}` : ''}`))),
    edges.length > LIST_MAX ? h('li', { class: 'hint' }, `and ${edges.length - LIST_MAX} more`) : null,
  );
}

export function renderPanel(p: PanelInput): Child[] {
  const { node, result, t, time } = p;
  const svc = result?.services.find((x) => x.id === node.id);
  const state = shownAt(svc, t);
  const spof = p.findings.filter((f) => f.kind === 'spof' && f.cause === node.id);
  const shared = p.findings.filter((f) => f.kind === 'shared-fate' && (f.cause === node.id || f.owner === node.id));
  const badges: Child[] = [
    h('span', { class: `badge ${state}`, 'data-state': state, id: 'panel-state' }, state === 'idle' ? (svc ? 'up (not affected)' : 'up') : `${state} at ${time.when(t)}`),
    h('span', { class: 'badge tier' }, `tier ${node.tier}`),
    ...spof.map((f) => h('span', { class: 'badge spof', title: 'single point of failure' }, `SPOF: takes down ${f.kind === 'spof' ? f.targets.length : 0} alone`)),
    ...shared.map((f) => h('span', { class: 'badge shared', title: 'shared fate: one failure defeats a redundancy group' }, f.kind === 'shared-fate' && f.cause === node.id ? `shared fate: defeats ${shown(p.nodes.get(f.owner)?.name ?? f.owner)}'s group` : 'shared fate: its redundancy group has a single cause')),
    node.partial ? h('span', { class: 'badge partial' }, 'partial impact') : null,
  ];
  const why = svc ? whyAt(result!, node.id, t) : [];
  const whySection: Child[] = [h('h3', {}, 'Why, now')];
  if (why.length) {
    whySection.push(h('ol', { class: 'why' }, ...why.map((w) => h('li', {}, h('b', {}, shown(w.name)), ` ${w.state}: ${shown(w.detail)} `, h('span', { class: 'id' }, `since ${time.when(w.since)}`)))));
  } else if (svc && svc.impactStartMinutes !== null) {
    whySection.push(h('p', {}, t < svc.impactStartMinutes ? `Up; impaired from ${time.when(svc.impactStartMinutes)}.` : `Up again${svc.recovered ? ` since ${time.when(svc.recoveredMinutes)}` : ''}.`));
  } else whySection.push(h('p', { class: 'hint' }, result ? 'Not affected in this simulation.' : 'No simulation: fail a service to see the cascade.'));
  const intervals: Child[] = [];
  if (svc && svc.intervals.length) {
    intervals.push(
      h('h3', {}, 'Impaired'),
      h(
        'table',
        {},
        h('tr', {}, h('th', {}, 'state'), h('th', {}, 'from'), h('th', {}, 'to'), h('th', {}, 'cause')),
        ...svc.intervals.map((i) => h('tr', {}, h('td', {}, i.state), h('td', {}, `+${dur(i.start)}`), h('td', {}, i.end === null ? 'never' : `+${dur(i.end)}`), h('td', {}, shown(i.cause.detail)))),
      ),
      h('p', { class: 'hint' }, `Impaired ${dur(svc.impairedMinutes)} in all${svc.recovered ? '' : '; never recovers'}.`),
    );
  }
  const select = h('select', { id: 'fail-for', 'aria-label': 'Fault duration' }, ...FAIL_DURATIONS.map((d, k) => h('option', { value: String(k), selected: k === p.failIndex }, d.label)));
  return [
    h('h2', {}, shown(node.name)),
    h('div', { class: 'id' }, shown(node.id), node.system ? ` · system ${shown(node.system)}` : '', node.owner ? ` · owner ${shown(node.owner)}` : ''),
    h('div', {}, ...badges),
    h('p', {}, `If it fails alone, ${node.radius} other ${node.radius === 1 ? 'service is' : 'services are'} down or degraded (blast radius).`),
    ...whySection,
    ...intervals,
    h('h3', {}, `Depends on (${p.out.length})`),
    edgeList(p.out, 'to', p.nodes),
    h('h3', {}, `Dependents (${p.in.length})`),
    edgeList(p.in, 'from', p.nodes),
    h('div', { class: 'fail' }, h('button', { type: 'button', id: 'fail-button', class: 'primary', title: 'Fail this service (f)' }, 'Fail this service'), ' for ', select),
  ];
}
