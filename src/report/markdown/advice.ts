/**
 * "What would help most" (`blast report --advise`): the advisor's candidate changes for the
 * report's scenario, ranked by the tier-weighted service-hours each saves, with the time to full
 * recovery, the services affected, the saving per unit of effort, and the top candidates written
 * as YAML patches. Every number is the advisor's own (src/advise): the difference between the
 * baseline and a simulation of the patched catalog on the same inputs and draws.
 */
import { EFFORT_WEIGHT, type Evaluated } from '../../advise/model.js';
import { NEGLIGIBLE_HOURS } from '../../advise/advise.js';
import { gain } from '../../advise/render.js';
import { code, mdText } from './escape.js';
import type { ReportPatch, SectionInput } from './input.js';
import { dur, thousands } from './time.js';

const hours = (x: number): string => (Number.isFinite(x) ? x.toFixed(1) : '∞');
/** A count of services: whole for a point estimate, one decimal for a mean over trials. */
const count = (x: number, trials: number): string => (trials > 0 ? x.toFixed(1) : String(Math.round(x)));

/** A fence longer than any run of backticks in `text`, so that catalog text cannot close it. */
export function fenceFor(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  return '`'.repeat(Math.max(3, longest + 1));
}

/** The candidates the section lists: those that save something, best first. */
export function savingCandidates(ranked: readonly Evaluated[]): Evaluated[] {
  return ranked.filter((e) => e.benefit.serviceHours > NEGLIGIBLE_HOURS);
}

function patchBlock(p: ReportPatch, title: string): string[] {
  const head = `**#${p.rank}, ${mdText(title)}**, as a patch of the catalog (each change preceded by a comment naming it; \`blast advise\` with this scenario, trials and seed and \`--patch --apply ${p.rank}\` prints the same):`;
  if ('error' in p) return [`**#${p.rank}, ${mdText(title)}**: cannot be written into the catalog's YAML in place (${mdText(p.error)}); write it by hand.`];
  const fence = fenceFor(p.diff);
  return [head, '', `${fence}diff`, p.diff, fence];
}

export function renderAdvice(input: SectionInput): string {
  const ra = input.advice;
  if (!ra) return '';
  const a = ra.advice;
  const mc = a.trials > 0;
  const b = a.baseline;
  const lines = [
    '## What would help most',
    '',
    `The advisor's candidate changes for this scenario, each written into a copy of the catalog and simulated (\`blast advise\`, docs/advise.md): ${
      mc ? `${thousands(a.trials)} Monte Carlo trials per change, seed ${a.seed}, on the same draws as the baseline (± is the half-width of a 95 % interval of the paired difference)` : 'a point estimate, every parameter at its median'
    }. Service-hours are tier-weighted (tier 0 = 8, 1 = 4, 2 = 2, 3 = 1) and a degraded hour counts half; saved per effort divides by the effort's weight (small 1, medium 2, large 4).`,
    '',
    `Without a change: ${hours(b.serviceHours)} service-hours, full recovery ${mc ? `P50 ${dur(b.fullP50)}, P90 ${dur(b.fullP90)}` : `after ${dur(b.fullP50)}`}, ${count(b.affected, a.trials)} services affected.`,
    '',
  ];
  const saving = savingCandidates(a.ranked);
  if (!saving.length) {
    lines.push(`None of the ${a.ranked.length} candidate changes simulated saves any service-hours in this scenario (docs/advise.md lists the kinds of change the advisor knows).`);
    return lines.join('\n');
  }
  const shown = saving.slice(0, ra.rows);
  lines.push(
    mc
      ? '| # | Change | Kind | Effort | Service-hours saved | Time to full recovery, P50 | P90 | Services affected | Saved per effort |'
      : '| # | Change | Kind | Effort | Service-hours saved | Time to full recovery | Services affected | Saved per effort |',
    mc ? '| ---: | --- | --- | --- | ---: | ---: | ---: | ---: | ---: |' : '| ---: | --- | --- | --- | ---: | ---: | ---: | ---: |',
  );
  shown.forEach((e, i) => {
    const saved = `${hours(e.benefit.serviceHours)}${mc ? ` ± ${e.ci95.toFixed(1)}` : ''}`;
    const recovery = mc ? `${gain(b.fullP50, e.measure.fullP50)} | ${gain(b.fullP90, e.measure.fullP90)}` : gain(b.fullP50, e.measure.fullP50);
    const affected = `${count(b.affected, a.trials)} → ${count(e.measure.affected, a.trials)}`;
    lines.push(`| ${i + 1} | ${mdText(e.candidate.title)} | ${code(e.candidate.kind)} | ${e.effort} | ${saved} | ${recovery} | ${affected} | ${hours(e.benefit.serviceHours / EFFORT_WEIGHT[e.effort])} |`);
  });
  const less = saving.length - shown.length;
  const none = a.ranked.length - saving.length;
  const notes: string[] = [];
  if (less > 0) notes.push(`${less} more change${less === 1 ? ' saves' : 's save'} less (\`--advise-rows ${saving.length}\` lists ${less === 1 ? 'it' : 'them'}).`);
  if (none > 0) notes.push(`${none} more ${none === 1 ? 'was' : 'were'} simulated and ${none === 1 ? 'saves' : 'save'} nothing here.`);
  if (a.screenedOut) notes.push(`${a.screenedOut} more with smaller point-estimate savings were not run through Monte Carlo.`);
  if (notes.length) lines.push('', notes.join(' '));
  const assumptions = shown.flatMap((e, i) => (e.candidate.assumption ? [`- #${i + 1}: ${mdText(e.candidate.assumption)}`] : []));
  if (assumptions.length) lines.push('', 'Assumptions to confirm before relying on a change:', '', ...assumptions);
  for (const p of ra.patches) {
    const e = shown[p.rank - 1];
    if (e) lines.push('', ...patchBlock(p, e.candidate.title));
  }
  return lines.join('\n');
}
