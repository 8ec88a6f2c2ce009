/**
 * The Monte Carlo section: the spread of the time to full recovery, the parameters that
 * move it most (Spearman rank correlation), and the spread of the slowest services.
 */
import { code, mdText } from './escape.js';
import { byString, cmp, type SectionInput } from './input.js';
import { dur, thousands } from './time.js';

export function renderUncertainty(input: SectionInput): string {
  const mc = input.monteCarlo;
  if (!mc) return '';
  const f = mc.fullRecoveryMinutes;
  const lines = [
    '## Uncertainty',
    '',
    `${thousands(mc.trials)} Monte Carlo trials (seed ${mc.seed}) sample every parameter given as a distribution; trials that never fully recover count as "never".`,
    '',
    '| | P50 | P90 | P99 | mean | min | max |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    `| Time to full recovery | ${dur(f.p50)} | ${dur(f.p90)} | ${dur(f.p99)} | ${dur(f.mean)} | ${dur(f.min)} | ${dur(f.max)} |`,
    `| Services affected | ${mc.affected.p50} | ${mc.affected.p90} | ${mc.affected.p99} | | | |`,
  ];
  // correlations this weak are noise at the usual trial counts
  const sens = mc.sensitivity.filter((s) => Math.abs(s.correlation) >= 0.05).slice(0, input.options.sensitivityTop);
  if (sens.length) {
    lines.push(
      '',
      'The parameters that move the time to full recovery most (Spearman rank correlation over the trials; positive: a larger value means a later recovery):',
      '',
      '| Parameter | ρ |',
      '| --- | ---: |',
      ...sens.map((s) => `| ${mdText(s.parameter)} | ${s.correlation > 0 ? '+' : ''}${s.correlation.toFixed(2)} |`),
    );
  }
  const byIdName = input.byId;
  const slow = [...mc.services]
    .filter((s) => byIdName.has(s.id))
    .sort((a, b) => cmp(b.recoveredMinutes.p90, a.recoveredMinutes.p90) || byString(a.id, b.id))
    .slice(0, 10);
  if (slow.length) {
    lines.push('', 'Recovery of the slowest services across the trials:', '', '| Service | P50 | P90 | P99 | affected in |', '| --- | ---: | ---: | ---: | ---: |');
    for (const s of slow) {
      const svc = byIdName.get(s.id)!;
      lines.push(`| ${mdText(svc.name)} (${code(s.id)})${svc.partial ? ' *(partial)*' : ''} | ${dur(s.recoveredMinutes.p50)} | ${dur(s.recoveredMinutes.p90)} | ${dur(s.recoveredMinutes.p99)} | ${Math.round(s.affectedShare * 100)} % |`);
    }
  }
  return lines.join('\n');
}
