/**
 * The HTML page's script: reads the data the file carries, draws the graph, the time slider
 * with the recovery curve, the service panel and the report's charts, and re-runs the engine
 * in the page for "fail this service". Nothing is fetched; every catalog string is shown as text.
 */
import { prepareSimulation, simulate, type Prepared, type SimulationResult } from '../engine/index.js';
import { catalogFromJson } from '../report/html/catalog-json.js';
import type { PageEdge, PageNode, PagePayload } from '../report/html/payload.js';
import { dur, timeFormat, type TimeFormat } from '../report/markdown/time.js';
import { cascadeChart, curveChart, ganttChart, timebarCurve, uncertaintyChart } from './charts.js';
import { byId, fill, h, shown } from './dom.js';
import { createGraphView, EDGE_STYLE, STATE_COLOR, type GraphView, type ViewState } from './graph-view.js';
import { helpTable } from './keys.js';
import { FAIL_DURATIONS, renderPanel } from './panel.js';
import { changeTimes, countsAt, decodeResult, searchServices, shownAt, timeSpan, type Shown } from './sim.js';

interface WhatIf {
  readonly id: string;
  readonly label: string;
}

class App {
  readonly nodes: ReadonlyMap<string, PageNode>;
  readonly out = new Map<string, PageEdge[]>();
  readonly in = new Map<string, PageEdge[]>();
  readonly base: SimulationResult | null;
  result: SimulationResult | null;
  whatIf: WhatIf | null = null;
  time: TimeFormat;
  span = 1;
  changes: number[] = [0];
  t = 0;
  selected: string | null = null;
  critical = false;
  failIndex = 2;
  playing: number | null = null;
  prepared: Prepared | null = null;
  view!: GraphView;
  cursor: ((t: number) => void) | null = null;

  constructor(readonly data: PagePayload) {
    this.nodes = new Map(data.nodes.map((n) => [n.id, n]));
    for (const e of data.edges) {
      (this.out.get(e.from) ?? this.out.set(e.from, []).get(e.from)!).push(e);
      (this.in.get(e.to) ?? this.in.set(e.to, []).get(e.to)!).push(e);
    }
    this.base = data.scenario ? decodeResult(data.scenario.result) : null;
    this.result = this.base;
    this.time = timeFormat(this.base?.start ?? null);
  }

  start(): void {
    this.view = createGraphView(this.data.nodes, this.data.edges, () => (this.vs ??= this.viewState()), (id) => this.select(id, false));
    document.body.dataset.webgl = this.view.webgl ? 'yes' : 'no';
    this.charts();
    this.wire();
    this.setResult(this.result, null);
    document.body.dataset.ready = 'yes';
  }

  /** The graph's view of the state, computed once per redraw (the reducers ask it for every node). */
  private vs: ViewState | null = null;

  redraw(): void {
    this.vs = this.viewState();
    this.view.refresh();
  }

  viewState(): ViewState {
    const near = new Set<string>();
    if (this.selected) {
      for (const e of this.out.get(this.selected) ?? []) near.add(e.to);
      for (const e of this.in.get(this.selected) ?? []) near.add(e.from);
    }
    const path = this.result?.criticalPath ?? [];
    // the path runs from the last service back to the trigger: step k waited on step k+1, its dependency
    const critical = this.critical ? new Set(path.slice(0, -1).map((st, k) => `${st.id}\u0000${path[k + 1]!.id}`)) : null;
    // every service's state at t, once: the node reducer asks for each node on every frame
    const shownNow = new Map<string, Shown>();
    for (const x of this.result?.services ?? []) if (x.impactStartMinutes !== null) shownNow.set(x.id, shownAt(x, this.t));
    return {
      shownOf: (id) => shownNow.get(id) ?? 'idle',
      selected: this.selected,
      near,
      critical,
      criticalNodes: new Set(this.critical ? path.map((st) => st.id) : []),
    };
  }

  /** The report scenario's faults and actions: moments on its time axis even when no state changes. */
  scenarioTimes(): number[] {
    const sc = this.data.scenario;
    return sc ? [...sc.actions.map((a) => a.atMinutes), ...sc.faults.map((f) => f.atMinutes)] : [];
  }

  setResult(r: SimulationResult | null, whatIf: WhatIf | null): void {
    this.result = r;
    this.whatIf = whatIf;
    const extra = r === this.base ? this.scenarioTimes() : [];
    this.changes = r ? changeTimes(r, extra) : [0];
    this.span = r ? timeSpan(r, extra) : 1;
    this.time = timeFormat(r?.start ?? null);
    const slider = byId<HTMLInputElement>('slider');
    slider.max = String(this.span);
    if (r) {
      const curve = timebarCurve(r, this.span);
      fill(byId('curve'), curve.svg, h('span', { class: 'caption' }, curve.caption));
      this.cursor = curve.moveCursor;
    } else this.cursor = null;
    byId('timebar').hidden = r === null;
    const banner = byId('whatif');
    if (whatIf) {
      const close = h('button', { type: 'button', id: 'whatif-close', title: 'Back (x)' }, this.base ? 'Back to the report scenario' : 'Close');
      close.addEventListener('click', () => this.setResult(this.base, null));
      fill(banner, h('span', {}, h('b', {}, 'What-if: '), shown(whatIf.label), r ? ` — ${r.affected} of ${r.servicesTotal} services affected, full recovery ${r.fullRecoveryMinutes === null ? 'never' : `after ${dur(r.fullRecoveryMinutes)}`}.` : ''), close);
      banner.hidden = false;
    } else banner.hidden = true;
    document.body.classList.toggle('whatif-open', whatIf !== null);
    this.legend();
    this.setTime(Math.min(this.t, this.span));
  }

  setTime(t: number): void {
    this.t = Math.max(0, Math.min(this.span, t));
    const slider = byId<HTMLInputElement>('slider');
    if (slider.value !== String(this.t)) slider.value = String(this.t);
    fill(byId('clock'), this.result ? this.time.when(this.t) : '');
    this.cursor?.(this.t);
    this.status();
    this.redraw();
    if (this.selected) this.panel();
  }

  status(): void {
    const el = byId('status');
    const r = this.result;
    if (!r) {
      fill(el, `${this.data.nodes.length} services, ${this.data.edges.length} dependency edges. Select a service and fail it to simulate.`);
      return;
    }
    const c = countsAt(r, this.t);
    Object.assign(el.dataset, { up: String(c.up), degraded: String(c.degraded), down: String(c.down), impairedFull: String(c.impairedFull), affected: String(r.affected) });
    const all = c.impairedFull === 0 && this.t >= (r.fullRecoveryMinutes ?? Infinity);
    fill(
      el,
      h('b', {}, String(c.down)), ' down · ', h('b', {}, String(c.degraded)), ' degraded · ', h('b', {}, String(c.up)), ' up',
      all ? ` — all up${c.impairedPartial ? ` but ${c.impairedPartial} partial` : ''}` : '',
      ` · ${r.affected} of ${r.servicesTotal} affected · full recovery ${r.fullRecoveryMinutes === null ? 'never' : `+${dur(r.fullRecoveryMinutes)}`}`,
    );
  }

  select(id: string | null, focus: boolean): void {
    this.selected = id !== null && this.nodes.has(id) ? id : null;
    if (this.selected) {
      this.panel();
      if (focus) this.view.focus(this.selected);
    } else fill(byId('panel'), h('p', { class: 'hint' }, 'Click a service, or search for one, to see its dependencies, its dependents and why it is impaired.'));
    this.redraw();
  }

  panel(): void {
    const node = this.nodes.get(this.selected!)!;
    const panel = byId('panel');
    fill(
      panel,
      ...renderPanel({ node, nodes: this.nodes, out: this.out.get(node.id) ?? [], in: this.in.get(node.id) ?? [], findings: this.data.findings, result: this.result, t: this.t, time: this.time, failIndex: this.failIndex }),
    );
  }

  fail(id: string): void {
    this.prepared ??= prepareSimulation(catalogFromJson(this.data.catalog));
    const d = FAIL_DURATIONS[this.failIndex]!;
    const r = simulate(this.prepared, { fail: [id], forMinutes: d.minutes });
    this.stop();
    this.t = 0;
    this.setResult(r, { id, label: `${this.nodes.get(id)?.name ?? id} fails at minute 0${d.minutes === null ? ' and never clears' : ` for ${d.label}`}` });
    byId('panel').scrollTop = 0;
  }

  play(): void {
    if (this.playing !== null) return this.stop();
    if (this.t >= this.span) this.setTime(0);
    const step = Math.max(1, this.span / 300);
    this.playing = window.setInterval(() => {
      if (this.t >= this.span) this.stop();
      else this.setTime(this.t + step);
    }, 50);
    fill(byId('play'), 'Pause');
  }

  stop(): void {
    if (this.playing !== null) window.clearInterval(this.playing);
    this.playing = null;
    fill(byId('play'), 'Play');
  }

  legend(): void {
    const dot = (color: string, label: string): HTMLElement => {
      const i = h('i');
      i.style.background = color;
      return h('span', {}, i, label);
    };
    const line = (color: string, label: string): HTMLElement => {
      const i = h('i', { class: 'edge' });
      i.style.background = color;
      return h('span', {}, i, label);
    };
    fill(
      byId('legend'),
      h('div', {}, dot(STATE_COLOR.idle, 'not affected'), dot(STATE_COLOR.degraded, 'degraded'), dot(STATE_COLOR.down, 'down'), dot(STATE_COLOR.up, 'up again'), h('span', {}, 'size: blast radius')),
      h('div', {}, ...Object.values(EDGE_STYLE).map((e) => line(e.color, e.label)), this.result ? h('button', { type: 'button', id: 'critical-button', title: 'Highlight the critical path (c)' }, line('#fb8500', 'critical path (c)')) : null),
    );
    document.getElementById('critical-button')?.addEventListener('click', () => {
      this.critical = !this.critical;
      this.redraw();
    });
  }

  charts(): void {
    const sc = this.data.scenario;
    if (!sc || !this.base) return;
    for (const el of document.querySelectorAll<HTMLElement>('.chart[data-chart]')) {
      const kind = el.dataset.chart;
      const span = timeSpan(this.base, this.scenarioTimes());
      const scenario = { ...sc, result: this.base };
      const chart = kind === 'gantt' ? ganttChart(scenario, span) : kind === 'cascade' ? cascadeChart(scenario) : kind === 'uncertainty' ? uncertaintyChart(scenario) : curveChart(this.base, span);
      if (chart) fill(el, chart);
      else el.hidden = true;
    }
  }

  stepTo(dir: 1 | -1, change: boolean): void {
    if (!this.result) return;
    if (!change) return this.setTime(this.t + dir * Math.max(1, Math.round(this.span / 200)));
    const next = dir > 0 ? this.changes.find((c) => c > this.t + 1e-9) : [...this.changes].reverse().find((c) => c < this.t - 1e-9);
    if (next !== undefined) this.setTime(next);
  }

  wire(): void {
    const slider = byId<HTMLInputElement>('slider');
    slider.addEventListener('input', () => this.setTime(Number(slider.value)));
    byId('play').addEventListener('click', () => this.play());
    byId('panel').addEventListener('click', (ev) => {
      const target = ev.target as Element;
      const b = target.closest('button[data-id]');
      if (b) this.select(b.getAttribute('data-id'), true);
      if (target.closest('#fail-button') && this.selected) this.fail(this.selected);
    });
    byId('panel').addEventListener('change', (ev) => {
      const t = ev.target as HTMLSelectElement;
      if (t.id === 'fail-for') this.failIndex = Number(t.value);
    });
    const search = byId<HTMLInputElement>('search');
    const results = byId('search-results');
    const hits = (): Array<{ id: string; name: string }> => searchServices(this.data.nodes, search.value);
    let active = 0;
    const showHits = (): void => {
      const list = hits();
      active = Math.max(0, Math.min(active, list.length - 1));
      fill(results, ...list.map((x, k) => h('li', {}, h('button', { type: 'button', 'data-id': x.id, class: k === active ? 'active' : undefined }, shown(x.name), h('span', { class: 'rid' }, shown(x.id))))));
      if (search.value.trim() && list.length === 0) fill(results, h('li', { class: 'hint' }, 'no match'));
      results.hidden = search.value.trim() === '';
    };
    search.addEventListener('input', () => {
      active = 0;
      showHits();
    });
    search.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter') {
        const pick = hits()[active];
        if (pick) {
          this.select(pick.id, true);
          results.hidden = true;
        }
      } else if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
        ev.preventDefault();
        active += ev.key === 'ArrowDown' ? 1 : -1;
        showHits();
      } else if (ev.key === 'Escape') {
        search.value = '';
        results.hidden = true;
        search.blur();
      }
    });
    results.addEventListener('click', (ev) => {
      const b = (ev.target as Element).closest('button[data-id]');
      if (b) {
        this.select(b.getAttribute('data-id'), true);
        results.hidden = true;
      }
    });
    // an id in the report (a `code` span naming a service) selects it in the graph above
    document.getElementById('report')?.addEventListener('click', (ev) => {
      const c = (ev.target as Element).closest('code');
      const id = c?.textContent ?? '';
      if (c && this.nodes.has(id)) {
        this.select(id, true);
        byId('graph').parentElement?.scrollIntoView({ behavior: 'smooth', block: 'start' });
      }
    });
    for (const c of document.querySelectorAll('#report code')) if (this.nodes.has(c.textContent ?? '')) c.classList.add('service-id');
    const help = byId('help');
    fill(help, helpTable());
    byId('help-button').addEventListener('click', () => (help.hidden = !help.hidden));
    document.addEventListener('keydown', (ev) => this.key(ev, search, help));
  }

  key(ev: KeyboardEvent, search: HTMLInputElement, help: HTMLElement): void {
    const target = ev.target as HTMLElement;
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (target.closest('input, select, textarea') && target !== byId('slider')) return;
    const k = ev.key;
    const handled = (): void => ev.preventDefault();
    if (k === '/') {
      handled();
      search.focus();
      search.select();
    } else if (k === '?') help.hidden = !help.hidden;
    else if (k === 'Escape') {
      help.hidden = true;
      byId('search-results').hidden = true;
      this.critical = false;
      this.select(null, false);
    } else if (k === 'ArrowRight' || k === 'l') {
      handled();
      this.stepTo(1, false);
    } else if (k === 'ArrowLeft' || k === 'h') {
      handled();
      this.stepTo(-1, false);
    } else if (k === '.') this.stepTo(1, true);
    else if (k === ',') this.stepTo(-1, true);
    else if (k === 'Home' || k === 'g') this.setTime(0);
    else if (k === 'End' || k === 'G') this.setTime(this.span);
    else if (k === ' ') {
      handled();
      this.play();
    } else if (k === 'c') {
      this.critical = !this.critical;
      this.redraw();
    } else if (k === 'f' && this.selected) this.fail(this.selected);
    else if (k === 'x' && this.whatIf) this.setResult(this.base, null);
  }
}

function main(): void {
  const raw = document.getElementById('blast-data')?.textContent ?? '';
  const app = new App(JSON.parse(raw) as PagePayload);
  app.start();
  Object.defineProperty(window, 'blastPage', {
    value: Object.freeze({ position: (id: string) => app.view.position(id), counts: () => (app.result ? countsAt(app.result, app.t) : null) }),
  });
}

main();
