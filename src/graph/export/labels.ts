/**
 * The words on nodes and edges, shared by the drawn formats (DOT, mermaid): a node's name,
 * tier and, with a scenario, its worst state with impact and recovery times; an edge's type
 * when it is not hard, failover, a redundancy group's quorum, and a merged edge's count.
 */
import { formatDuration } from '../../catalog/units.js';
import type { ExportEdge, ExportGraphAttributes, ExportNode } from './model.js';

const at = (m: number): string => `+${formatDuration(m)}`;

/** The scenario outcome of a node in words, e.g. `down +5m → +1h10m`; undefined without a scenario. */
export function outcomeText(a: ExportNode): string | undefined {
  if (a.state === undefined) return undefined;
  if (a.impactMinutes === undefined) return 'not affected';
  const end = a.recovered === false ? 'never recovers' : a.recoveredMinutes !== undefined ? at(a.recoveredMinutes) : '?';
  return `${a.state} ${at(a.impactMinutes)} → ${end}`;
}

/** A node's label as lines (plain text; each renderer escapes it). */
export function nodeLabelLines(a: ExportNode): string[] {
  const lines = [a.label];
  lines.push(a.kind === 'group' ? `${a.members ?? 0} service${a.members === 1 ? '' : 's'}, tier ${a.tier}+` : `tier ${a.tier}`);
  const o = outcomeText(a);
  if (o !== undefined) lines.push(o);
  return lines;
}

/** An edge's label (empty for a plain hard dependency). */
export function edgeLabel(a: ExportEdge): string {
  const parts: string[] = [];
  if (a.count !== undefined) {
    const kinds = (['hard', 'soft', 'async'] as const).filter((t) => (a[t] ?? 0) > 0).map((t) => `${a[t]} ${t}`);
    parts.push(a.count > 1 ? `×${a.count}: ${kinds.join(', ')}` : a.type !== 'hard' ? a.type : '');
  } else if (a.type !== 'hard') parts.push(a.type);
  if (a.failOn === 'degraded' && a.count === undefined) parts.push('fails on degraded');
  if (a.failover) parts.push('failover');
  if (a.atLeast !== undefined && a.groupSize !== undefined) parts.push(`${a.atLeast} of ${a.groupSize}`);
  return parts.filter(Boolean).join(', ');
}

/** A one-line title: catalog name, scenario, grouping (e.g. `Example shop · scenario Block storage outage · by system`). */
export function graphTitle(a: ExportGraphAttributes): string {
  return [a.name, a.scenario !== undefined ? `scenario ${a.scenarioName ?? a.scenario}` : undefined, a.collapsedBy !== undefined ? `by ${a.collapsedBy}` : undefined]
    .filter((x): x is string => x !== undefined)
    .join(' · ');
}
