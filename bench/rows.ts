/**
 * One shape for every benchmark figure: what was measured, against which reference measured in the
 * same run, their ratio, and the target the project holds it to. Sections render their rows with
 * `table`, so `npm run bench` prints every figure the same way and docs/performance.md can be
 * regenerated from them.
 */

export interface Row {
  /** What was measured, with the size of the input ("`blast validate`, 100k / 1M, whole process"). */
  readonly work: string;
  /** The measured figure in words ("1.84 s", "12,300 trials/s"). */
  readonly measured: string;
  /** The reference measured in the same run, named ("JSON.parse of the same catalog: 230 ms"). */
  readonly reference: string;
  /** measured / reference, oriented so that the target reads as "ratio ≤ target" or "≥" (see `target`). */
  readonly ratio?: number;
  /** The target, as text ("≤ 8×", "≥ 1.7×", "< 1 s"), or omitted. */
  readonly target?: string;
  /** Whether the target is met, when there is one and it could be checked. */
  readonly met?: boolean;
  /** Peak RSS of the process in MiB, when measured (from the process itself, not a heap snapshot). */
  readonly rssMiB?: number;
}

export const fmtMs = (x: number): string =>
  x >= 10_000 ? `${(x / 1000).toFixed(0)} s` : x >= 1000 ? `${(x / 1000).toFixed(2)} s` : x >= 10 ? `${x.toFixed(0)} ms` : `${x.toFixed(1)} ms`;

export const fmtRatio = (x: number): string => `${x >= 10 ? x.toFixed(0) : x.toFixed(2)}×`;

export const fmtInt = (x: number): string => Math.round(x).toLocaleString('en-US');

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** A markdown table of rows: work, measured, reference, ratio, target (met or not), peak RSS. */
export function table(rows: readonly Row[]): string {
  const out = ['| work | measured | reference (same run) | ratio | target | peak RSS |', '|---|---:|---:|---:|---|---:|'];
  for (const r of rows) {
    const target = r.target === undefined ? '' : `${r.target}${r.met === undefined ? '' : r.met ? ' ✓' : ' ✗ not met'}`;
    const rss = r.rssMiB === undefined || !Number.isFinite(r.rssMiB) ? '' : `${r.rssMiB.toFixed(0)} MiB`;
    out.push(`| ${cell(r.work)} | ${cell(r.measured)} | ${cell(r.reference)} | ${r.ratio === undefined ? '' : fmtRatio(r.ratio)} | ${cell(target)} | ${rss} |`);
  }
  return out.join('\n');
}
