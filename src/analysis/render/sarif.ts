/**
 * SARIF 2.1.0 for code scanning: one rule per finding kind, one result per finding, each
 * pointing at the catalog line that creates it, so a pull request shows findings inline. A
 * finding about several targets (a SPOF, a cut set) points at its most critical target's
 * line and names the others in its message.
 * Pure: the caller says how a catalog file name becomes a URI relative to the repository.
 */
import type { SourcePos } from '../../catalog/model.js';
import { FINDING_KINDS, KIND_TITLES, type Finding, type FindingKind, type Severity } from '../findings.js';
import { evidenceText, findingLine } from './markdown.js';

export type SarifLevel = 'error' | 'warning' | 'note';

/** critical and high are errors, medium a warning, low and info notes. */
export const SARIF_LEVEL: Readonly<Record<Severity, SarifLevel>> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };

const RULE_HELP: Readonly<Record<FindingKind, string>> = {
  spof: 'The failure of this one service takes a critical service down, redundancy groups taken into account. Add redundancy with independent dependencies, or make the dependency soft or async.',
  'shared-fate': 'A redundancy group whose members share a dependency: one failure defeats the group, so it does not protect against that failure. Give members independent dependencies.',
  cycle: 'Hard dependencies in a cycle that cannot start from nothing (cold-start deadlock). Make one dependency soft or async, or let a group reach quorum outside the cycle.',
  'tier-inversion': 'A service depends hard on a service two or more tiers less critical. Raise the dependency\'s tier, or make the dependency soft or async.',
  'cut-set': 'A minimal set of failures that together take critical services down (one result per set, naming the services; the location is where the path from the most critical one starts). Make sure these cannot fail together.',
  'cell-loss': 'Losing this cell (a zone, a region, a shard) in every service that has it, simulated, takes services down or degrades them: no failover, failover beyond the surviving cells\' headroom, or a dependency. Add failover, headroom, or cells that fail independently.',
};

const RULE_NAMES: Readonly<Record<FindingKind, string>> = {
  spof: 'SinglePointOfFailure',
  'shared-fate': 'SharedFate',
  cycle: 'ColdStartDeadlock',
  'tier-inversion': 'TierInversion',
  'cut-set': 'MinimalCutSet',
  'cell-loss': 'CellLoss',
};

const DEFAULT_LEVEL: Readonly<Record<FindingKind, SarifLevel>> = { spof: 'error', 'shared-fate': 'error', cycle: 'error', 'tier-inversion': 'warning', 'cut-set': 'note', 'cell-loss': 'warning' };

export interface SarifOptions {
  readonly toolVersion: string;
  /** Catalog file name (as in positions) → URI relative to the repository root, or an absolute `file:` URI (then without a base). */
  readonly uriOf?: (file: string) => string;
}

/** Relative URI reference for a path: forward slashes, each segment percent-encoded. */
export const pathToUri = (file: string): string => file.replace(/\\/g, '/').split('/').map(encodeURIComponent).join('/');

export function reviewSarif(findings: readonly Finding[], opts: SarifOptions): object {
  const uriOf = opts.uriOf ?? pathToUri;
  // a relative reference resolves against the repository root; an absolute file: URI stands alone
  const artifact = (uri: string) => (uri.startsWith('file:') ? { uri } : { uri, uriBaseId: '%SRCROOT%' });
  const location = (p: SourcePos) => ({
    physicalLocation: {
      artifactLocation: artifact(uriOf(p.file)),
      region: { startLine: Math.max(1, p.line), startColumn: Math.max(1, p.col) },
    },
  });
  // the cell-loss rule (last of the kinds, so the others keep their index) only where it has results:
  // a catalog without cells has none, and its SARIF stays what it was before the check existed
  const kinds = FINDING_KINDS.filter((kind) => kind !== 'cell-loss' || findings.some((f) => f.kind === kind));
  const rules = kinds.map((kind) => ({
    id: kind,
    name: RULE_NAMES[kind],
    shortDescription: { text: KIND_TITLES[kind] },
    fullDescription: { text: RULE_HELP[kind] },
    help: { text: RULE_HELP[kind] },
    defaultConfiguration: { level: DEFAULT_LEVEL[kind] },
    properties: { tags: ['architecture', 'reliability'] },
  }));
  const results = findings.map((f) => ({
    ruleId: f.kind,
    ruleIndex: FINDING_KINDS.indexOf(f.kind),
    level: SARIF_LEVEL[f.severity],
    message: { text: `${findingLine(f)}.${f.evidence.length ? ` ${f.kind === 'cut-set' && f.evidence.length > 1 ? 'Paths' : 'Path'}: ${evidenceText(f)}.` : ''} ${f.remedy}.` },
    locations: [location(f.location)],
    ...(f.related.length ? { relatedLocations: f.related.map((r, i) => ({ id: i + 1, ...location(r.pos), message: { text: r.message } })) } : {}),
    partialFingerprints: { 'blastRadiusFinding/v1': f.fingerprint },
    properties: { severity: f.severity, fingerprint: f.fingerprint },
  }));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'blast-radius', version: opts.toolVersion, rules } },
        columnKind: 'utf16CodeUnits',
        originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The repository root.' } } },
        results,
      },
    ],
  };
}
