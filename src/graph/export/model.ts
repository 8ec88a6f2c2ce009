/**
 * The graph that `blast graph` writes, before any file format: a graphology graph whose
 * attributes are flat scalars (strings, numbers, booleans), so GEXF, GraphML and
 * graphology's JSON carry them as typed attributes and every renderer reads the same data.
 *
 * Node keys are graph keys (see ../build.ts: an id that names an Object.prototype property
 * gets a `%` prefix so graphology can read the file back); the `service` attribute always
 * holds the service id. Text is kept exactly, except characters XML 1.0 cannot carry, which
 * become U+FFFD in every format alike.
 */
import { DirectedGraph } from 'graphology';
import type { DependencyType } from '../../catalog/model.js';
import type { ServiceResult, SimulationResult, StateName } from '../../engine/result.js';
import type { ServiceGraph } from '../build.js';

/** Attributes of a node: one service, or a group of services after `--collapse`. */
export interface ExportNode {
  /** The service's name, or the group's value (e.g. the system's name). */
  label: string;
  kind: 'service' | 'group';
  /** The service id; for a group, `<attribute>:<value>` (e.g. `system:data`). */
  service: string;
  /** The tier; for a group, the most critical (lowest) tier of its members. */
  tier: number;
  system?: string;
  owner?: string;
  /** A group's number of services. */
  members?: number;
  /** A service named by --focus or --reaches. */
  focus?: boolean;
  /** With a scenario: worst state over the run (a group: the worst of its members). */
  state?: StateName;
  /** With a scenario: first minute impaired (absent: never). */
  impactMinutes?: number;
  /** With a scenario: minute back up for good (absent: never affected, or never recovered). */
  recoveredMinutes?: number;
  /** With a scenario, for an affected node: false when it is still impaired at the end of the run. */
  recovered?: boolean;
  /** With a scenario: the fill colour for its worst state (CSS hex). */
  color?: string;
}

/** Attributes of an edge: a dependency from the dependent to what it depends on. */
export interface ExportEdge {
  type: DependencyType;
  failOn: 'down' | 'degraded';
  failover: boolean;
  /** A redundancy group member: the group (`<dependent>#<n>`, the n-th requirement), its quorum and size. */
  group?: string;
  atLeast?: number;
  groupSize?: number;
  /** The requirement's one-line justification. */
  why?: string;
  /** After --collapse: how many dependencies the edge stands for, and of which types. */
  count?: number;
  hard?: number;
  soft?: number;
  async?: number;
}

export interface ExportGraphAttributes {
  name?: string;
  /** The scenario whose outcome colours the nodes. */
  scenario?: string;
  scenarioName?: string;
  /** Time to full recovery of the scenario (absent: never, with `recovered: false`). */
  fullRecoveryMinutes?: number;
  recovered?: boolean;
  /** The attribute the nodes were grouped by (`system`, `owner`, or a label key). */
  collapsedBy?: string;
}

export type ExportGraph = DirectedGraph<ExportNode, ExportEdge, ExportGraphAttributes>;

/** The type of every attribute any format may carry (GraphML and GEXF declare them). */
export const ATTRIBUTE_TYPES = {
  graph: { name: 'string', scenario: 'string', scenarioName: 'string', fullRecoveryMinutes: 'double', recovered: 'boolean', collapsedBy: 'string' },
  node: {
    label: 'string', kind: 'string', service: 'string', tier: 'int', system: 'string', owner: 'string', members: 'int', focus: 'boolean',
    state: 'string', impactMinutes: 'double', recoveredMinutes: 'double', recovered: 'boolean', color: 'string',
  },
  edge: {
    type: 'string', failOn: 'string', failover: 'boolean', group: 'string', atLeast: 'int', groupSize: 'int', why: 'string',
    count: 'int', hard: 'int', soft: 'int', async: 'int',
  },
} as const satisfies Record<'graph' | 'node' | 'edge', Record<string, 'string' | 'int' | 'double' | 'boolean'>>;

/** Fill colours by worst state (light, so black text stays readable). */
export const STATE_COLORS: Readonly<Record<StateName, string>> = { down: '#f4a6a6', degraded: '#ffe08a', up: '#d9f2d9' };

// Characters XML 1.0 cannot carry (C0 controls other than tab, newline and carriage return,
// U+FFFE/U+FFFF, unpaired surrogates).
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Text as every export format can carry it: exact, except characters XML cannot hold (→ U+FFFD). */
export const exportText = (s: string): string => s.replace(NOT_XML, '\ufffd');

/**
 * An optional text attribute: absent when empty, since GEXF has no empty value (its writer
 * leaves empty attributes out) and every format should say the same.
 */
const optionalText = <K extends string>(key: K, s: string | undefined): Partial<Record<K, string>> =>
  s === undefined || s === '' ? {} : ({ [key]: exportText(s) } as Record<K, string>);

/** The edge key of a dependency: `<from key>-><to key>` (`>` is never in an id). */
export const edgeKey = (from: string, to: string): string => `${from}->${to}`;

/** Minutes rounded as the engine's results are (1/1000 minute). */
const minutes = (x: number): number => Math.round(x * 1000) / 1000;

/** What a service's scenario outcome adds to its node. */
export function outcomeAttributes(r: ServiceResult): Pick<ExportNode, 'state' | 'impactMinutes' | 'recoveredMinutes' | 'recovered' | 'color'> {
  return {
    state: r.worstState,
    ...(r.impactStartMinutes !== null ? { impactMinutes: minutes(r.impactStartMinutes) } : {}),
    ...(r.impactStartMinutes !== null && r.recoveredMinutes !== null && r.recovered ? { recoveredMinutes: minutes(r.recoveredMinutes) } : {}),
    ...(r.impactStartMinutes !== null ? { recovered: r.recovered } : {}),
    color: STATE_COLORS[r.worstState],
  };
}

export interface ExportOptions {
  /** The graph keys to keep (default: every service). */
  readonly keep?: ReadonlySet<string>;
  /** Keys to mark as `focus`. */
  readonly roots?: ReadonlySet<string>;
  /** A simulation whose outcome colours and annotates the nodes. */
  readonly outcome?: SimulationResult;
  readonly name?: string;
}

/**
 * The export graph of `graph`: services (those in `keep`, in catalog order) with their
 * dependencies among them, and the scenario's outcome when one is given.
 */
export function exportGraph(graph: ServiceGraph, opts: ExportOptions = {}): ExportGraph {
  const out: ExportGraph = new DirectedGraph<ExportNode, ExportEdge, ExportGraphAttributes>({ allowSelfLoops: false });
  if (opts.name !== undefined && opts.name !== '') out.setAttribute('name', exportText(opts.name));
  const results = opts.outcome ? new Map(opts.outcome.services.map((s) => [s.id, s])) : undefined;
  if (opts.outcome) {
    const o = opts.outcome;
    out.setAttribute('scenario', exportText(o.scenario));
    if (o.scenarioName !== null && o.scenarioName !== '') out.setAttribute('scenarioName', exportText(o.scenarioName));
    if (o.fullRecoveryMinutes !== null) out.setAttribute('fullRecoveryMinutes', minutes(o.fullRecoveryMinutes));
    out.setAttribute('recovered', o.fullRecoveryMinutes !== null);
  }
  graph.forEachNode((key, { service: s }) => {
    if (opts.keep && !opts.keep.has(key)) return;
    const r = results?.get(s.id);
    out.addNode(key, {
      label: exportText(s.name === '' ? s.id : s.name), // an empty name would be no label at all
      kind: 'service',
      service: s.id,
      tier: s.tier,
      ...optionalText('system', s.system),
      ...optionalText('owner', s.owner),
      ...(opts.roots?.has(key) ? { focus: true } : {}),
      ...(r ? outcomeAttributes(r) : {}),
    });
  });
  graph.forEachEdge((_edge, a, from, to, fromAttrs) => {
    if (!out.hasNode(from) || !out.hasNode(to)) return;
    const why = fromAttrs.service.dependsOn[a.requirement]?.why;
    out.addDirectedEdgeWithKey(edgeKey(from, to), from, to, {
      type: a.type,
      failOn: a.failOn,
      failover: a.failover,
      ...(a.group ? { group: `${fromAttrs.service.id}#${a.requirement + 1}`, atLeast: a.group.atLeast, groupSize: a.group.size } : {}),
      ...optionalText('why', why),
    });
  });
  return out;
}
