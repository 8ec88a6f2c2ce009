/** The fit for people: parameters with their intervals and status, milestones before and after, cross-validation. */
import { formatDuration, formatRate } from '../catalog/units.js';
import type { ReplayResult } from '../replay/compare.js';
import { hang, TEXT_WIDTH } from '../util/wrap.js';
import { counted, scoreLine, signedDuration, simulatedText, table } from '../replay/render.js';
import { safeText } from '../util/text.js';
import type { FitResult, FittedParam } from './fit.js';
import { significant } from './write.js';

/**
 * The unit of a parameter, from its engine label (src/engine/model.ts names every slot): rates
 * and plain numbers by name, durations otherwise. A slot taken from a prior
 * ("prior:<name> ×<k> (<where>)") has the unit of where it is used: a duration prior goes only
 * where a duration does, `catch-up` only in a backlog's capacity, a rate.
 */
export function unitOf(label: string): 'duration' | 'rate' | 'number' {
  const prior = /^prior:\S+(?: ×\S+)? \((.*)\)$/.exec(label);
  if (prior) return unitOf(prior[1]!);
  if (/\.backlog\.(arrival|capacity)$/.test(label) || /\.restart\.rate$/.test(label) || /^scenario: action \d+ \(.*\) rate$/.test(label)) return 'rate';
  if (/\.backlog\.(cap|retry|degradedCapacity)$/.test(label) || /\.restart\.(units|coldStart)$/.test(label) || /\.clients\.(count|retry)$/.test(label) || /\.crashLoop\.jitter$/.test(label) || /\.fill\.hitRatio$/.test(label)) return 'number';
  if (/^scenario: fault \d+ \(.*\) (capacity|demand)$/.test(label)) return 'number';
  return 'duration';
}

/** A parameter value in its unit: "25m", "300/min", "52/h" (a rate under 1/min), "0.45". */
export function formatParam(label: string, v: number): string {
  if (!Number.isFinite(v)) return String(v);
  switch (unitOf(label)) {
    case 'rate':
      return v > 0 && v < 1 ? `${significant(v * 60, 3)}/h` : formatRate(Number(significant(v, 3)));
    case 'number':
      return significant(v, 3);
    default:
      return v > 0 && v < 1 ? `${Math.round(v * 60)}s` : formatDuration(v);
  }
}

const STATUS: Record<FittedParam['status'], string> = {
  determined: 'determined',
  undetermined: 'undetermined: no milestone depends on it (left as written)',
  together: 'determined only together with',
};

export interface FitView {
  readonly scenario: string;
  readonly result: FitResult;
  readonly before: ReplayResult;
  readonly after: ReplayResult;
}

export function renderFit(v: FitView): string {
  const r = v.result;
  const lines: string[] = [];
  lines.push(`Fit of scenario ${safeText(v.scenario)}: ${counted(r.params.length, 'free parameter')}, ${r.evaluations.toLocaleString('en-US')} simulations, seed ${r.seed}`);
  lines.push(`Loss ${r.optimum.fWritten.toFixed(3)} as written → ${r.optimum.f.toFixed(3)} fitted (soft-L1 on errors in tolerances, plus prior penalties)`);
  lines.push(`As written: ${scoreLine(v.before.score)}`);
  lines.push(`Fitted:     ${scoreLine(v.after.score)}`);
  lines.push('');
  lines.push(...table(
    ['parameter', 'as written', 'fitted', 'interval (loss +1)', 'status'],
    r.params.map((p) => [
      safeText(p.label),
      formatParam(p.label, p.written),
      formatParam(p.label, p.fitted),
      `${formatParam(p.label, p.interval[0])} – ${formatParam(p.label, p.interval[1])}`,
      p.status === 'together' ? `${STATUS.together} ${safeText(p.partner ?? '')}` : STATUS[p.status],
    ]),
    new Set([1, 2]),
    { column: 0, width: 100 },
  ));
  lines.push('');
  lines.push(...table(
    ['#', 'milestone', 'observed', 'as written', 'error', 'fitted', 'error', 'within'],
    v.after.rows.map((a, k) => {
      const b = v.before.rows[k]!;
      return [
        String(k + 1), safeText(a.label), formatDuration(a.observed),
        b.simulated === null ? simulatedText(b) : formatDuration(b.simulated), b.error === null ? '' : signedDuration(b.error),
        a.simulated === null ? simulatedText(a) : formatDuration(a.simulated), a.error === null ? '' : signedDuration(a.error),
        a.status === 'not-simulated' ? 'n/a' : a.within ? 'yes' : 'no',
      ];
    }),
    new Set([0, 2, 3, 4, 5, 6]),
    { column: 1, width: 100 },
  ));
  if (r.holdout) {
    const h = r.holdout;
    lines.push('');
    lines.push(hang('Cross-validation ', `(${counted(h.folds.length, 'fold')}): ${h.within} of ${h.total} held-out milestones within tolerance when predicted by a fit on the others`, TEXT_WIDTH, 2));
    lines.push(...table(
      ['#', 'held-out milestone', 'observed', 'predicted', 'error', 'within'],
      h.rows.map((row) => [String(row.index + 1), safeText(row.label), formatDuration(row.observed), row.simulated === null ? simulatedText(row) : formatDuration(row.simulated), row.error === null ? '' : signedDuration(row.error), row.status === 'not-simulated' ? 'n/a' : row.within ? 'yes' : 'no']),
      new Set([0, 2, 3, 4]),
      { column: 1, width: 100 },
    ));
  }
  return lines.join('\n');
}
