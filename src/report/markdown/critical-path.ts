/**
 * The critical-path narrative: why recovery took as long as it did. The engine's chain
 * (last service to recover back to the trigger) is told from the trigger forward, with
 * the time each link added to the time to full recovery.
 */
import type { CriticalStep } from '../../engine/index.js';
import { code, mdText } from './escape.js';
import { byString, type SectionInput } from './input.js';
import { dur } from './time.js';

export interface PathLink {
  readonly step: CriticalStep;
  /** When this link stopped holding the next one (minutes; Infinity when never). */
  readonly end: number;
  /** Minutes this link added after the previous one ended. */
  readonly adds: number;
}

/**
 * The chain from the trigger forward. Link ends are made non-decreasing along the chain
 * (a link cannot release the next before it was itself released); the trigger's end is
 * its fault clearing, capped by when the next link was released.
 */
export function pathLinks(input: Pick<SectionInput, 'result' | 'byId'>): PathLink[] {
  const steps = [...input.result.criticalPath].reverse();
  const ends = steps.map((s) => (Number.isFinite(s.atMinutes) ? s.atMinutes : Infinity));
  const first = steps[0];
  if (first) {
    const svc = input.byId.get(first.id);
    const fault = svc?.intervals.find((i) => i.cause.kind === 'fault' && i.cause.service === first.id);
    if (fault) {
      const faultEnd = fault.end ?? Infinity;
      ends[0] = Math.min(Math.max(ends[0]!, faultEnd), ends[1] ?? Infinity);
    }
  }
  const origin = first ? (input.byId.get(first.id)?.impactStartMinutes ?? 0) : 0;
  const out: PathLink[] = [];
  let prev = origin;
  steps.forEach((step, j) => {
    const end = Math.max(ends[j]!, prev);
    out.push({ step, end, adds: end - prev });
    prev = end;
  });
  return out;
}

export function renderCriticalPath(input: SectionInput): string {
  const { result, time } = input;
  const links = pathLinks(input);
  const full = result.fullRecoveryMinutes;
  const heading = full === null ? '## Why recovery did not finish' : `## Why recovery took ${dur(full)}`;
  if (links.length === 0) return `${heading}\n\nNo service was affected, so there is no critical path.`;
  const last = links[links.length - 1]!;
  const trigger = links[0]!;
  const lines = [heading, ''];
  const major = links
    .filter((l) => l.adds > 0)
    .sort((a, b) => b.adds - a.adds || byString(a.step.id, b.step.id))
    .slice(0, 2);
  const startNote = (input.byId.get(trigger.step.id)?.impactStartMinutes ?? 0) > 0 ? ` (the trigger starts at ${time.when(input.byId.get(trigger.step.id)!.impactStartMinutes)})` : '';
  let para =
    full === null
      ? `Some services never recover: after the last change, at ${time.when(input.lastChange)}, nothing in the scenario restores them. The chain below leads from the trigger to **${mdText(last.step.name)}**, which is among them.`
      : `The time to full recovery is set by a chain of ${links.length} ${links.length === 1 ? 'link' : 'links'}, from the trigger to **${mdText(last.step.name)}**, the last service to recover at ${time.when(full)}${startNote}: each link held up the next until the time shown.`;
  if (major.length && full !== null) {
    para += ` Most of the time went to ${major.map((l) => `**${mdText(l.step.name)}** (${dur(l.adds)}: ${mdText(l.step.cause?.detail ?? l.step.what)})`).join(' and ')}.`;
  }
  lines.push(para, '', '| # | Service | Held up by | Until | Adds |', '| ---: | --- | --- | --- | ---: |');
  links.forEach((l, j) => {
    const svc = input.byId.get(l.step.id);
    const collapse = svc?.collapse && l.step.cause?.kind !== 'collapse' && svc.collapse.startMinutes < l.end
      ? ` (after a metastable collapse from ${time.when(svc.collapse.startMinutes)} to ${time.when(svc.collapse.endMinutes)})`
      : '';
    lines.push(
      `| ${j + 1} | ${mdText(l.step.name)} (${code(l.step.id)}) | ${mdText(l.step.cause?.detail ?? '')}${collapse} | ${time.when(Number.isFinite(l.end) ? l.end : null)} | ${dur(l.adds)} |`,
    );
  });
  return lines.join('\n');
}
