/**
 * The cascade as a flowchart: an arrow from each cause to the service it impaired,
 * nodes coloured by worst state. Bounded: the critical path and the trigger first, then
 * the most impaired services that connect to what is already drawn, up to a maximum.
 */
import type { Cause, ServiceResult } from '../../engine/index.js';
import { mermaidText } from './escape.js';
import { byString, cmp, serviceOf, type SectionInput } from './input.js';
import { dur } from './time.js';

const EDGE_LABEL: Readonly<Record<Cause['kind'], string>> = {
  fault: 'fault',
  dependency: 'depends',
  group: 'quorum',
  warmup: 'warm-up',
  backlog: 'backlog',
  collapse: 'collapse',
  throttle: 'throttle',
  disabled: 'disabled',
  capacity: 'capacity',
  demand: 'demand',
  restart: 'restart',
  crashloop: 'crash loop',
  herd: 'reconnects',
  cell: 'cell',
  fill: 'cold cache',
  shedding: 'shedding',
};

/**
 * Distinct services that caused `s`'s impairments (other than itself), concurrent causes
 * included, first cause kind each. A service with cells is impaired through its cells, so
 * its cells' causes count too, each named by its service.
 */
export function causesOf(s: ServiceResult): Map<string, Cause['kind']> {
  const out = new Map<string, Cause['kind']>();
  for (const owner of [s, ...(s.cells ?? [])]) {
    for (const i of owner.intervals) {
      for (const c of i.causes ?? [i.cause]) {
        const id = serviceOf(c.service);
        if (id !== s.id && !out.has(id)) out.set(id, c.kind);
      }
    }
  }
  return out;
}

/** The services drawn: critical path, triggers, then greedily the most impaired ones connected to the drawing. */
export function selectNodes(input: Pick<SectionInput, 'result' | 'affected' | 'context'>, max: number): string[] {
  const chosen: string[] = [];
  const has = new Set<string>();
  const add = (id: string): void => {
    if (chosen.length < max && !has.has(id)) {
      has.add(id);
      chosen.push(id);
    }
  };
  const affectedIds = new Set(input.affected.map((s) => s.id));
  for (const f of input.context.faults) if (affectedIds.has(serviceOf(f.service))) add(serviceOf(f.service));
  for (const st of [...input.result.criticalPath].reverse()) if (affectedIds.has(st.id)) add(st.id);
  const rank = (s: ServiceResult): number => (s.worstState === 'down' ? 1 : 0);
  const candidates = [...input.affected].sort((a, b) => rank(b) - rank(a) || cmp(b.impairedMinutes, a.impairedMinutes) || byString(a.id, b.id));
  const causes = new Map(input.affected.map((s) => [s.id, causesOf(s)]));
  // connected first: a candidate joins once one of its causes is drawn
  for (let progress = true; progress && chosen.length < max; ) {
    progress = false;
    for (const s of candidates) {
      if (chosen.length >= max) break;
      if (has.has(s.id)) continue;
      if ([...causes.get(s.id)!.keys()].some((c) => has.has(c))) {
        add(s.id);
        progress = true;
        break; // restart from the top so higher-ranked candidates that just became connected go first
      }
    }
  }
  for (const s of candidates) add(s.id);
  return chosen;
}

export function renderFlowchart(input: SectionInput): string {
  const { affected, options, byId, result } = input;
  if (affected.length === 0) return '';
  const ids = selectNodes(input, options.flowchartMax);
  const node = new Map(ids.map((id, k) => [id, `n${k}`]));
  // a step at a cell (`storage@use1-az1`) is drawn on its service
  const critical = new Set(result.criticalPath.map((s) => serviceOf(s.id)));
  const criticalEdge = new Set<string>();
  result.criticalPath.forEach((s, k) => {
    const prev = result.criticalPath[k + 1];
    if (prev) criticalEdge.add(`${serviceOf(prev.id)}\u0000${serviceOf(s.id)}`);
  });
  const triggers = new Set(input.context.faults.map((f) => serviceOf(f.service)));
  const lines = ['```mermaid', 'flowchart LR'];
  for (const id of ids) {
    const s = byId.get(id)!;
    const label = `${mermaidText(s.name, 48)}<br/>${s.worstState} ${s.recovered ? mermaidText(dur(s.impairedMinutes)) : 'never recovers'}`;
    lines.push(`  ${node.get(id)}["${label}"]`);
  }
  for (const id of ids) {
    const s = byId.get(id)!;
    const cs = [...causesOf(s).entries()].filter(([c]) => node.has(c)).sort((a, b) => byString(a[0], b[0]));
    for (const [c, kind] of cs) {
      const onPath = criticalEdge.has(`${c}\u0000${id}`);
      // plain dependencies are the common case: only the other kinds are labelled
      const label = kind === 'dependency' ? '' : `|${EDGE_LABEL[kind]}|`;
      lines.push(`  ${node.get(c)} ${onPath ? '==>' : '-->'}${label} ${node.get(id)}`);
    }
  }
  lines.push(
    '  classDef down fill:#f8d0d0,stroke:#b42318,color:#1b1b1b',
    '  classDef degraded fill:#fdebc8,stroke:#b54708,color:#1b1b1b',
    '  classDef trigger fill:#b42318,stroke:#7a1a12,color:#ffffff',
    '  classDef critical stroke-width:3px',
  );
  const cls = (pred: (s: ServiceResult) => boolean): string[] => ids.filter((id) => pred(byId.get(id)!)).map((id) => node.get(id)!);
  const down = cls((s) => s.worstState === 'down' && !triggers.has(s.id));
  const degraded = cls((s) => s.worstState === 'degraded' && !triggers.has(s.id));
  const trig = cls((s) => triggers.has(s.id));
  const crit = cls((s) => critical.has(s.id));
  if (down.length) lines.push(`  class ${down.join(',')} down`);
  if (degraded.length) lines.push(`  class ${degraded.join(',')} degraded`);
  if (trig.length) lines.push(`  class ${trig.join(',')} trigger`);
  if (crit.length) lines.push(`  class ${crit.join(',')} critical`);
  lines.push('```');
  const hidden = affected.length - ids.length;
  const note =
    `Arrows point from a cause to the service it impaired (unlabelled: a dependency); thick arrows are the critical path, dark red is the trigger, red went down, amber was degraded only.` +
    (hidden > 0 ? ` ${hidden} more affected ${hidden === 1 ? 'service is' : 'services are'} not drawn (the diagram shows at most ${options.flowchartMax}).` : '');
  return ['## Cascade', '', lines.join('\n'), '', note].join('\n');
}
