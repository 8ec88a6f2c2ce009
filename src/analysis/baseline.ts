/**
 * Baselines: the fingerprints of accepted findings, so a CI gate fails only on new ones.
 * The file is JSON: { "version": 1, "fingerprints": [ ... ] }, sorted, one per finding.
 * Files from before SPOF findings were aggregated per failing service, shared-fate findings
 * per group and cut-set findings per cut set are read too.
 */
import type { Finding } from './findings.js';

export interface Baseline {
  readonly fingerprints: ReadonlySet<string>;
}

/** The baseline text for `findings` (stable: sorted, newline-terminated). */
export function serializeBaseline(findings: readonly Finding[]): string {
  const fingerprints = [...new Set(findings.map((f) => f.fingerprint))].sort();
  return `${JSON.stringify({ version: 1, tool: 'blast-radius', fingerprints }, null, 2)}\n`;
}

/** Parses a baseline file's text; an error message (without the file name) when it is not one. */
export function parseBaseline(text: string): { baseline: Baseline } | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { error: `not valid JSON (${(e as Error).message})` };
  }
  const fps = (value as { fingerprints?: unknown } | null)?.fingerprints;
  if (typeof value !== 'object' || value === null || !Array.isArray(fps) || !fps.every((f) => typeof f === 'string')) {
    return { error: 'expected an object with "fingerprints": an array of strings' };
  }
  const version = (value as { version?: unknown }).version;
  if (version !== undefined && version !== 1) return { error: `unsupported baseline version ${JSON.stringify(version)} (expected 1)` };
  return { baseline: { fingerprints: new Set((fps as string[]).map(migrateFingerprint)) } };
}

/**
 * Fingerprints written before SPOF findings were one per failing service, shared-fate
 * findings one per group and cut-set findings one per cut set: `spof:<target>:<cause>` reads
 * as `spof:<cause>`, the finding that now covers every target of that cause;
 * `shared-fate:<owner>:<members>:<cause>` as `shared-fate:<owner>:<members>`; and
 * `cut-set:<target>:<members>` as `cut-set:<members>`, the finding that now covers every
 * target of that set. So accepting one target's old finding accepts the aggregated one, as
 * for SPOFs. Ids contain no colon, so the forms cannot be confused.
 */
export function migrateFingerprint(fp: string): string {
  const parts = fp.split(':');
  if (parts[0] === 'spof' && parts.length === 3) return `spof:${parts[2]!}`;
  if (parts[0] === 'shared-fate' && parts.length === 4) return `shared-fate:${parts[1]!}:${parts[2]!}`;
  if (parts[0] === 'cut-set' && parts.length === 3) return `cut-set:${parts[2]!}`;
  return fp;
}

/** Splits findings into new ones and those the baseline accepts. */
export function applyBaseline(findings: readonly Finding[], baseline: Baseline | undefined): { fresh: Finding[]; accepted: Finding[] } {
  if (!baseline) return { fresh: [...findings], accepted: [] };
  const fresh: Finding[] = [];
  const accepted: Finding[] = [];
  for (const f of findings) (baseline.fingerprints.has(f.fingerprint) ? accepted : fresh).push(f);
  return { fresh, accepted };
}
