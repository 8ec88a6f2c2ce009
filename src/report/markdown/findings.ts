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

const SEVERITY_ORDER: Readonly<Record<ReportFinding['severity'], number>> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };

/** Findings that name at least one affected service, most severe first. */
export function relevantFindings(findings: readonly ReportFinding[], affected: ReadonlySet<string>): ReportFinding[] {
  return findings
    .filter((f) => f.services.some((s) => affected.has(s)))
    .sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || byString(a.kind, b.kind) || byString(a.title, b.title));
}

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
    const peak = s.backlogPeak;
    const unit = mdText(peak?.unit ?? b?.unit ?? 'units of work');
    const lasted = c.endMinutes === null ? 'did not end within the horizon' : `lasted ${dur(c.endMinutes - c.startMinutes)} and ended by ${mdText(c.endedBy)}`;
    let text = `**Admission control for ${mdText(s.name)}** (${code(s.id)}). It collapsed at ${time.when(c.startMinutes)}`;
    if (b && Number.isFinite(b.timeout) && b.capacity > 0) {
      const bound = b.capacity * b.timeout;
      text += `${peak ? ` with up to ${thousands(peak.value)} ${unit} queued` : ''}, while at its capacity of ${thousands(b.capacity)}/min only ${thousands(bound)} can be served within the ${dur(b.timeout)} timeout, so queued work expired and was retried. The collapse ${lasted}. Bound the queue near ${thousands(bound)} ${unit} (capacity × timeout) and shed or throttle admission to at most ${thousands(b.capacity)}/min while it is above that, automatically, so a recovering dependency cannot tip it into collapse.`;
    } else {
      text += `; the collapse ${lasted}. Bound its queue and throttle admission to its capacity while the queue is long.`;
    }
    out.push(text);
  }
  for (const l of pathLinks(input)) {
    if (l.adds <= 0 || !l.step.cause) continue;
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
    out.push(`**Recovery plan for ${never.map((s) => mdText(s.name)).join(', ')}.** ${never.length === 1 ? 'It does' : 'They do'} not recover within the horizon without an operator action that the scenario does not include.`);
  }
  return out;
}

export function renderFindings(input: SectionInput): string {
  const lines = ['## Findings and recommendations', ''];
  const affected = new Set(input.affected.map((s) => s.id));
  if (input.findings === undefined) {
    lines.push('Architecture findings (SPOF, shared fate) were not computed for this report.');
  } else {
    const rel = relevantFindings(input.findings, affected);
    if (rel.length === 0) {
      lines.push('No architecture finding (SPOF, shared fate) touches the affected services.');
    } else {
      lines.push('Architecture findings that touch the affected services:', '', '| Severity | Finding | Services | Recommendation |', '| --- | --- | --- | --- |');
      for (const f of rel) {
        const svcs = f.services.filter((s) => affected.has(s)).sort(byString);
        const shown = svcs.slice(0, 6).map((s) => mdText(input.byId.get(s)?.name ?? s));
        lines.push(`| ${f.severity} | ${mdText(f.title)} | ${shown.join(', ')}${svcs.length > 6 ? ` and ${svcs.length - 6} more` : ''} | ${f.recommendation ? mdText(f.recommendation) : ''} |`);
      }
    }
  }
  const recs = modelRecommendations(input);
  lines.push('', 'From the simulation:', '');
  if (recs.length === 0) lines.push('- Nothing stands out: no collapse, and no backlog, throttle or warm-up on the critical path.');
  else recs.forEach((r) => lines.push(`- ${r}`));
  return lines.join('\n');
}
