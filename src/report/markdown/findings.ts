/**
 * Findings and recommendations: architecture findings (SPOF, shared fate) that touch the
 * affected services, and recommendations derived from the simulation itself (collapses,
 * backlog drains, throttles and warm-ups on the critical path, sensitivity, services that
 * never recover). Every recommendation names the numbers it comes from.
 */
import { code, mdText } from './escape.js';
import { pathLinks } from './critical-path.js';
import { byString, cmp, type ReportFinding, type SectionInput } from './input.js';
import { dur, thousands } from './time.js';

/** Rows shown in each findings table; the rest are counted. */
export const FINDINGS_SHOWN = 10;

/**
 * Findings that touch the affected services, those whose cause was impaired in this
 * scenario first (they showed), keeping the given order otherwise.
 */
export function relevantFindings(findings: readonly ReportFinding[], affected: ReadonlySet<string>): ReportFinding[] {
  const touches = (f: ReportFinding): boolean =>
    affected.has(f.cause) || (f.kind === 'spof' ? f.targets.some((s) => affected.has(s)) : [f.owner, ...f.lost].some((s) => affected.has(s)));
  const rank = (f: ReportFinding): number => (affected.has(f.cause) ? 0 : 1);
  return findings
    .map((f, k) => ({ f, k }))
    .filter(({ f }) => touches(f))
    .sort((a, b) => rank(a.f) - rank(b.f) || a.k - b.k)
    .map(({ f }) => f);
}

/** A list of service names, the first `max`, then "and N more". */
function names(input: SectionInput, ids: readonly string[], max = 5): string {
  const shown = ids.slice(0, max).map((s) => mdText(input.byId.get(s)?.name ?? s));
  return `${shown.join(', ')}${ids.length > max ? ` and ${ids.length - max} more` : ''}`;
}

/** When the finding's cause was impaired in this scenario, or "not impaired". */
function inScenario(input: SectionInput, id: string): string {
  const s = input.byId.get(id);
  if (!s || s.impactStartMinutes === null) return 'not impaired';
  return `impaired ${input.time.when(s.impactStartMinutes)} to ${input.time.when(s.recovered ? s.recoveredMinutes : null)}`;
}

function renderArchitecture(input: SectionInput, findings: readonly ReportFinding[]): string[] {
  const affected = new Set(input.affected.map((s) => s.id));
  const rel = relevantFindings(findings, affected);
  const spofs = rel.filter((f): f is Extract<ReportFinding, { kind: 'spof' }> => f.kind === 'spof');
  const shared = rel.filter((f): f is Extract<ReportFinding, { kind: 'shared-fate' }> => f.kind === 'shared-fate');
  const name = (id: string): string => mdText(input.byId.get(id)?.name ?? id);
  const more = (n: number): string[] => (n > 0 ? ['', `And ${n} more; \`blast review\` lists every finding with its evidence.`] : []);
  const lines: string[] = [];
  lines.push('### Single points of failure', '');
  if (spofs.length === 0) lines.push('None of the affected services can be taken down by one other service failing alone.');
  else {
    lines.push(
      'Services whose failure alone takes affected services down (from the architecture review; those impaired in this scenario first):',
      '',
      '| Severity | Single point of failure | In this scenario | Takes down alone |',
      '| --- | --- | --- | --- |',
    );
    for (const f of spofs.slice(0, FINDINGS_SHOWN)) {
      lines.push(`| ${f.severity} | ${name(f.cause)} (${code(f.cause)}) | ${inScenario(input, f.cause)} | ${f.targets.length}: ${names(input, f.targets)} |`);
    }
    lines.push(...more(spofs.length - FINDINGS_SHOWN));
    lines.push(
      '',
      'Remedy: make each of these redundant for the services it takes down (a redundancy group whose members share no dependency), or make a dependency soft or async where the service can work without it.',
    );
  }
  lines.push('', '### Shared fate (false redundancy)', '');
  if (shared.length === 0) lines.push('No redundancy group of the affected services is defeated by a single failure.');
  else {
    lines.push('| Severity | Redundancy group | Defeated by | In this scenario | Members lost | Remedy |', '| --- | --- | --- | --- | --- | --- |');
    for (const f of shared.slice(0, FINDINGS_SHOWN)) {
      lines.push(
        `| ${f.severity} | ${f.atLeast} of ${f.members.length} for ${name(f.owner)}: ${names(input, f.members, 6)} | ${name(f.cause)} (${code(f.cause)}) | ${inScenario(input, f.cause)} | ${f.lost.length} of ${f.members.length} | ${mdText(f.remedy)} |`,
      );
    }
    lines.push(...more(shared.length - FINDINGS_SHOWN));
  }
  return lines;
}

const ENDED_BY: Readonly<Record<string, string>> = {
  'admission throttled by operators': 'when operators throttled admission',
  'restarted by operators': 'when operators restarted it',
  'detection and mitigation': 'by automatic detection and mitigation',
  'load shedding engaged': 'when its load shedding engaged',
};

/** How a collapse ended, as the end of a sentence ("ended …"). */
const endedBy = (how: string): string => ENDED_BY[how] ?? `by ${mdText(how)}`;

/** Recommendations derived from the simulation, in a fixed order (collapses, path links, sensitivity, never recovered). */
export function modelRecommendations(input: SectionInput): string[] {
  const { context, time, monteCarlo: mc } = input;
  const out: string[] = [];
  const collapsed = input.affected
    .filter((s) => s.collapse)
    .sort((a, b) => cmp(a.collapse!.startMinutes, b.collapse!.startMinutes) || byString(a.id, b.id));
  for (const s of collapsed) {
    const c = s.collapse!;
    const b = context.services.get(s.id)?.backlog;
    // the queue while collapsed (the run's largest can come after the collapse)
    const peak = c.queued ?? s.backlogPeak;
    const unit = mdText(s.backlogPeak?.unit ?? b?.unit ?? 'units of work');
    // one collapse, or several (its result spans the first's start to the last's end)
    const lasted = c.endMinutes === null
      ? `${c.episodes ? 'last collapse' : 'collapse'} never ended`
      : c.episodes ? `collapses spanned ${dur(c.endMinutes - c.startMinutes)} and the last ended ${endedBy(c.endedBy)}` : `collapse lasted ${dur(c.endMinutes - c.startMinutes)} and ended ${endedBy(c.endedBy)}`;
    let text = `**Admission control for ${mdText(s.name)}** (${code(s.id)}). It collapsed at ${time.when(c.startMinutes)}${c.episodes ? ` (the first of ${c.episodes} collapses)` : ''}`;
    if (b && Number.isFinite(b.timeout) && b.capacity > 0) {
      const bound = b.capacity * b.timeout;
      text += `${peak ? ` with up to ${thousands(peak.value)} ${unit} queued` : ''}, while at its capacity of ${thousands(b.capacity)}/min only ${thousands(bound)} can be served within the ${dur(b.timeout)} timeout, so queued work expired and was retried. The ${lasted}. Bound the queue near ${thousands(bound)} ${unit} (capacity × timeout) and shed or throttle admission to at most ${thousands(b.capacity)}/min while it is above that, automatically, so a recovering dependency cannot tip it into collapse.`;
    } else {
      text += `; the ${lasted}. Bound its queue and throttle admission to its capacity while the queue is long.`;
    }
    const j = c.judgedBefore;
    if (j) text += ` *Caution:* the collapse at ${time.when(j.atMinutes)} was judged before ${mdText(j.name)} took its state at that minute; on the state the minute settled to it may not happen (a known limitation of the engine, docs/model.md "Within an instant").`;
    out.push(text);
  }
  // links that added little are not worth a recommendation: under 10 % of the total and under 30 min
  const full = input.result.fullRecoveryMinutes;
  const worth = (adds: number): boolean => adds > 0 && (full === null || adds >= Math.min(30, 0.1 * full));
  for (const l of pathLinks(input)) {
    if (!worth(l.adds) || !l.step.cause) continue;
    const s = input.byId.get(l.step.id);
    if (!s) continue;
    const head = (label: string): string => `**${label} ${mdText(s.name)}** (${code(s.id)}).`;
    switch (l.step.cause.kind) {
      case 'backlog': {
        const b = context.services.get(s.id)?.backlog;
        const peak = s.backlogPeak;
        let text = `${head('Drain capacity for')} Draining its backlog${peak ? ` (up to ${thousands(peak.value)} ${mdText(peak.unit)})` : ''} is on the critical path and added ${dur(l.adds)}.`;
        if (b && b.capacity > b.arrival) {
          const faster = (l.adds * (b.capacity - b.arrival)) / (2 * b.capacity - b.arrival);
          text += ` At ${thousands(b.capacity)}/min against ${thousands(b.arrival)}/min arriving, twice the capacity during recovery would cut that to roughly ${dur(faster)}.`;
        }
        out.push(text);
        break;
      }
      case 'throttle': {
        const relax = context.actions.find((a) => a.service === s.id && a.kind === 'relax');
        out.push(
          relax
            ? `${head('Throttle release for')} It stayed throttled until ${time.when(l.end)}, after operators began relaxing the throttle at ${time.when(relax.atMinutes)}${relax.overMinutes !== null ? ` over ${dur(relax.overMinutes)}` : ''}; this added ${dur(l.adds)} on the critical path. Relaxing against a measured queue length rather than on a schedule shortens it.`
            : `${head('Throttle release for')} It stayed throttled until ${time.when(l.end)}, when its queue had drained; this added ${dur(l.adds)} on the critical path. More drain capacity, or admission control before the queue builds, shortens it.`,
        );
        break;
      }
      case 'warmup':
        out.push(`${head('Warm-up of')} Its restart and warm-up added ${dur(l.adds)} on the critical path: pre-warmed capacity or caches shorten it.`);
        break;
      case 'disabled':
        out.push(`${head('Disabled:')} It stayed disabled by operators until ${time.when(l.end)}, adding ${dur(l.adds)} on the critical path.`);
        break;
      default:
        break;
    }
  }
  const top = mc?.sensitivity[0];
  if (top && Math.abs(top.correlation) >= 0.3) {
    out.push(
      `**Measure ${mdText(top.parameter)}.** Of all uncertain parameters it moves the time to full recovery most (ρ = ${top.correlation > 0 ? '+' : ''}${top.correlation.toFixed(2)}); a tighter estimate narrows the P50–P90 range most, and improving it moves the outcome most.`,
    );
  }
  const never = input.affected.filter((s) => !s.recovered && !s.partial);
  if (never.length) {
    out.push(`**Recovery plan for ${never.map((s) => mdText(s.name)).join(', ')}.** ${never.length === 1 ? 'It does' : 'They do'} not recover without an operator action that the scenario does not include.`);
  }
  return out;
}

export function renderFindings(input: SectionInput): string {
  const lines = ['## Findings and recommendations', ''];
  if (input.findings === undefined) lines.push('Architecture findings (SPOF, shared fate) were not computed for this report.');
  else lines.push(...renderArchitecture(input, input.findings));
  const recs = modelRecommendations(input);
  lines.push('', '### From the simulation', '');
  if (recs.length === 0) lines.push('- Nothing stands out: no collapse, and no backlog, throttle or warm-up on the critical path.');
  else recs.forEach((r) => lines.push(`- ${r}`));
  return lines.join('\n');
}
