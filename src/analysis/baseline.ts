/**
 * Baselines: the accepted findings, so a CI gate fails only on new ones and on accepted ones
 * that became more severe. The file is JSON:
 * `{ "version": 2, "findings": { "<fingerprint>": "<severity>", ... } }`, sorted by fingerprint.
 * A fingerprint names the cause or the set, not its targets, so a SPOF that gains a tier-0
 * target keeps its fingerprint; the severity it was accepted at is what catches that.
 * Version 1 files (`"fingerprints": [...]`, no severities: any severity is accepted) are read
 * too, and so are fingerprints from before SPOF findings were aggregated per failing service,
 * shared-fate findings per group and cut-set findings per cut set.
 */
import { escalated, isSeverity, moreSevere, type Finding, type Severity } from './findings.js';

export interface Baseline {
  readonly fingerprints: ReadonlySet<string>;
  /** The severity each fingerprint was accepted at (absent for version 1 files: any severity). */
  readonly severities?: ReadonlyMap<string, Severity>;
}

/** The baseline text for `findings` (stable: sorted, newline-terminated). */
export function serializeBaseline(findings: readonly Finding[]): string {
  const accepted = new Map<string, Severity>();
  for (const f of findings) {
    const had = accepted.get(f.fingerprint);
    if (had === undefined || moreSevere(f.severity, had)) accepted.set(f.fingerprint, f.severity);
  }
  const sorted = Object.fromEntries([...accepted].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return `${JSON.stringify({ version: 2, tool: 'blast-radius', findings: sorted }, null, 2)}\n`;
}

/** A baseline that accepts `findings` as they are (what `--write-baseline` writes). */
export function baselineOf(findings: readonly Finding[]): Baseline {
  return { fingerprints: new Set(findings.map((f) => f.fingerprint)), severities: new Map(findings.map((f) => [f.fingerprint, f.severity])) };
}

/** Parses a baseline file's text; an error message (without the file name) when it is not one. */
export function parseBaseline(text: string): { baseline: Baseline } | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { error: `not valid JSON (${(e as Error).message})` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { error: 'expected an object with "findings" (version 2) or "fingerprints" (version 1)' };
  const version = (value as { version?: unknown }).version;
  if (version === 2) {
    const findings = (value as { findings?: unknown }).findings;
    if (typeof findings !== 'object' || findings === null || Array.isArray(findings)) return { error: 'expected "findings": an object of fingerprint → severity' };
    const severities = new Map<string, Severity>();
    for (const [fp, sev] of Object.entries(findings)) {
      if (typeof sev !== 'string' || !isSeverity(sev)) return { error: `"findings"."${fp}": expected a severity (critical, high, medium, low, info), got ${JSON.stringify(sev)}` };
      severities.set(fp, sev);
    }
    return { baseline: { fingerprints: new Set(severities.keys()), severities } };
  }
  const fps = (value as { fingerprints?: unknown }).fingerprints;
  if (version !== undefined && version !== 1) return { error: `unsupported baseline version ${JSON.stringify(version)} (expected 1 or 2)` };
  if (!Array.isArray(fps) || !fps.every((f) => typeof f === 'string')) return { error: 'expected an object with "fingerprints": an array of strings' };
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

/**
 * Splits findings into those to report (not in the baseline, or in it at a lower severity:
 * those are marked `escalatedFrom`) and those the baseline accepts.
 */
export function applyBaseline(findings: readonly Finding[], baseline: Baseline | undefined): { fresh: Finding[]; accepted: Finding[] } {
  if (!baseline) return { fresh: [...findings], accepted: [] };
  const fresh: Finding[] = [];
  const accepted: Finding[] = [];
  for (const f of findings) {
    if (!baseline.fingerprints.has(f.fingerprint)) fresh.push(f);
    else {
      const was = baseline.severities?.get(f.fingerprint);
      if (was !== undefined && moreSevere(f.severity, was)) fresh.push(escalated(f, was, 'when the baseline accepted it'));
      else accepted.push(f);
    }
  }
  return { fresh, accepted };
}
