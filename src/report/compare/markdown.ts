/** A comparison as GitHub-flavoured markdown: a summary table, the paired Monte Carlo, a per-service table. */
import type { Comparison } from '../../analysis/compare.js';
import { code, mdText } from '../markdown/escape.js';
import { differenceLine, hours, impactCell, KIND_TEXT, recoveryCell, signedCount, signedDuration, signedHours, span } from './cells.js';

export function compareMarkdown(c: Comparison, opts: { top?: number } = {}): string {
  const top = opts.top ?? 50;
  const name = (s: Comparison['a']): string => `${mdText(s.label)}${s.scenarioName && s.label === s.scenario ? ` (${mdText(s.scenarioName)})` : ''}`;
  const lines = [
    '## Scenario comparison',
    '',
    `- **A**: ${name(c.a)}`,
    `- **B**: ${name(c.b)}`,
    '',
    '| | A | B | B − A |',
    '| --- | --- | --- | --- |',
    `| Time to full recovery | ${span(c.a.fullRecoveryMinutes)} | ${span(c.b.fullRecoveryMinutes)} | ${signedDuration(c.change.fullRecoveryMinutes)} |`,
    `| Affected services | ${c.a.affected} of ${c.a.servicesTotal} | ${c.b.affected} of ${c.b.servicesTotal} | ${signedCount(c.change.affected)} |`,
    `| Service-hours | ${hours(c.a.serviceHours)} | ${hours(c.b.serviceHours)} | ${signedHours(c.change.serviceHours)} |`,
  ];
  const mc = c.monteCarlo;
  if (mc) {
    lines.push('', `### Monte Carlo: ${mc.trials} paired trials (seed ${mc.seed}), B − A`, '');
    lines.push(`- Time to full recovery: ${differenceLine(mc.difference.fullRecoveryMinutes, signedDuration)}`);
    lines.push(`- Affected services: ${differenceLine(mc.difference.affected, signedCount)}`);
    lines.push(`- Service-hours: ${differenceLine(mc.difference.serviceHours, signedHours)}`);
  }
  const moved = c.services.filter((s) => s.kind !== 'unchanged');
  lines.push('', '### Per service, largest change first', '');
  if (moved.length === 0) lines.push('No service changed its impact or recovery time.');
  else {
    lines.push('| Service | Impact A → B | Recovered A → B | |', '| --- | --- | --- | --- |');
    for (const s of moved.slice(0, top)) lines.push(`| ${code(s.id)} ${mdText(s.name)} | ${impactCell(s)} | ${recoveryCell(s)} | ${KIND_TEXT[s.kind]} |`);
    if (moved.length > top) lines.push('', `… ${moved.length - top} more services changed (\`--json\` has all).`);
  }
  const unchanged = c.services.length - moved.length;
  if (unchanged) lines.push('', `${unchanged} affected service${unchanged === 1 ? '' : 's'} unchanged.`);
  return `${lines.join('\n')}\n`;
}
