/**
 * The "Model vs observed" section, for a scenario that carries observed milestones: the
 * replay's score, one row per milestone with its source as a link, and the order pairs
 * the simulation reverses.
 */
import type { ReplayResult, ReplayRow } from '../../replay/compare.js';
import { scoreLine, signedDuration, simulatedText, withinText, boundText } from '../../replay/render.js';
import { formatDuration } from '../../catalog/units.js';
import { mdText } from './escape.js';
import type { SectionInput } from './input.js';

const URL_RE = /https?:\/\/[^\s]+/;

/**
 * The first URL of a source as a markdown link destination: characters that could end or
 * break the link (parentheses, brackets, angle brackets, quotes, backslashes) percent-encoded.
 */
export function linkTarget(source: string): string | null {
  const m = URL_RE.exec(source);
  if (!m) return null;
  return m[0].replace(/[^A-Za-z0-9\-._~:/?#@!$&*+,;=%]/g, (c) => encodeURIComponent(c).replace(/[!'()*]/g, (x) => `%${x.charCodeAt(0).toString(16).toUpperCase()}`));
}

function sourceCell(r: ReplayRow): string {
  const target = linkTarget(r.source);
  return target ? `[source](${target})` : mdText(r.source);
}

export function renderObserved(input: SectionInput): string {
  const res: ReplayResult | undefined = input.replay;
  if (!res || res.rows.length === 0) return '';
  const t = input.time;
  const lines = [
    '## Model vs observed',
    '',
    `The scenario states what was observed; the simulation (every parameter at its median) against it: **${mdText(scoreLine(res.score))}**. Tolerance: as stated per milestone, otherwise max(20 min, 25 % of the observed time); \`blast replay\` prints the same comparison.`,
    '',
    '| Milestone | Observed | Simulated | Error | Tolerance | Within | Source |',
    '| --- | --- | --- | ---: | ---: | :-: | --- |',
    ...res.rows.map((r) => {
      const sim = r.simulated === null ? simulatedText(r) : t.when(r.simulated);
      const within = withinText(r) + (r.bound ? ` (${boundText(r)})` : '');
      return `| ${mdText(r.label)} | ${t.when(r.observed)} | ${sim} | ${r.error === null ? '' : signedDuration(r.error)} | ${formatDuration(r.tolerance)} | ${within} | ${sourceCell(r)} |`;
    }),
  ];
  // the median run is not the run at the medians (docs/incidents.md, "Are the ranges honest?")
  if (res.trials?.p50) lines.push('', `Over the ${res.trials.count.toLocaleString('en-US')} Monte Carlo trials, the median (P50) of each milestone's simulated time against the same observations: **${mdText(scoreLine(res.trials.p50))}**.`);
  if (res.order.reversed.length) {
    lines.push('', 'Milestones the simulation puts in the reverse of the observed order:', '');
    for (const p of res.order.reversed) lines.push(`- ${mdText(p.first)} (observed ${t.when(p.observed[0])}) comes after ${mdText(p.second)} (observed ${t.when(p.observed[1])})`);
  }
  const a = res.affected;
  if (a.missed.length) lines.push('', `Named as affected by the sources but not affected in the simulation: ${a.missed.map((id) => `\`${id}\``).join(', ')}.`);
  return lines.join('\n');
}
