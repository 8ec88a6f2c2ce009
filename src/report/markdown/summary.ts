/** The report's title block and summary: trigger, reach, time to full recovery, longest impaired. */
import { code, mdText } from './escape.js';
import { byImpaired, type SectionInput } from './input.js';
import { dur, thousands } from './time.js';

/** The report's title: the scenario's name, or its id for an ad-hoc failure. */
export function reportTitle(input: SectionInput): string {
  return `# Impact report: ${mdText(input.result.scenarioName ?? input.result.scenario)}`;
}

/** One line under the title: catalog, scenario id, minute 0, how the numbers were made. */
export function renderByline(input: SectionInput): string {
  const { result, context, time, monteCarlo: mc } = input;
  const parts: string[] = [];
  if (context.catalogName) parts.push(`Catalog: ${mdText(context.catalogName)}`);
  parts.push(`scenario ${code(result.scenario)}`);
  if (time.origin) parts.push(`minute 0 = ${time.origin} (${time.zone})`);
  parts.push(mc ? `point estimate at median parameters, with Monte Carlo over ${thousands(mc.trials)} trials (seed ${mc.seed})` : 'point estimate at median parameters');
  return parts.join(' · ');
}

export function renderSummary(input: SectionInput): string {
  const { result, context, time, monteCarlo: mc, affected, options } = input;
  const lines = ['## Summary', ''];
  if (context.scenarioDescription) lines.push(mdText(context.scenarioDescription), '');
  for (const f of context.faults) {
    const until = f.untilMinutes === null ? 'and never clears' : `until ${time.when(f.untilMinutes)}`;
    const outage = f.capacity === null && f.demand === null;
    lines.push(`- **Trigger:** ${mdText(f.name)} (${code(f.service)}) ${mdText(f.what)} ${outage ? 'at' : 'from'} ${time.when(f.atMinutes)} ${until}.`);
  }
  if (context.faults.length === 0) {
    // no fault: what starts the scenario is its first operator action(s) (a maintenance command,
    // a bad push written as `disable`), else nothing but its name
    const first = context.actions.filter((a) => a.atMinutes === context.actions[0]?.atMinutes);
    if (first.length === 0) lines.push(`- **Trigger:** ${mdText(result.scenario)} (no fault or operator action).`);
    for (const a of first) lines.push(`- **Trigger:** operators ${actionWhat(a)} ${mdText(a.name)} (${code(a.service)}) at ${time.when(a.atMinutes)}${a.why ? `: ${mdText(a.why)}` : ''}.`);
  }
  if (context.actions.length) {
    const n = context.actions.length;
    const first = time.when(context.actions[0]!.atMinutes);
    const last = time.when(context.actions[n - 1]!.atMinutes);
    // one time for them all is a time, not a range from it to itself
    const when = first !== last ? `from ${first} to ${last}` : n === 1 ? `at ${first}` : `${n === 2 ? 'both' : 'all'} at ${first}`;
    lines.push(`- **Operator actions:** ${n}, ${when} (listed under Operator actions).`);
  }
  const down = affected.filter((s) => s.worstState === 'down').length;
  const degraded = affected.length - down;
  const partial = affected.filter((s) => s.partial);
  const partialText = partial.length
    ? `; partial impact, not counted in the time to full recovery: ${partial.map((s) => `${mdText(s.name)} until ${time.when(s.recovered ? s.recoveredMinutes : null)}`).join(', ')}`
    : '';
  lines.push(`- **Affected:** **${result.affected} of ${result.servicesTotal}** services (${down} down at worst, ${degraded} degraded only${partialText}).`);
  const full = result.fullRecoveryMinutes;
  const fullClock = full === null ? null : time.clock(full);
  let rec = full === null ? '**never**: some services stay impaired' : `**${dur(full)}**${fullClock ? ` (${fullClock})` : ''}`;
  if (mc) {
    const f = mc.fullRecoveryMinutes;
    rec += `; over ${thousands(mc.trials)} Monte Carlo trials P50 **${dur(f.p50)}**, P90 **${dur(f.p90)}**, P99 ${dur(f.p99)}`;
  }
  lines.push(`- **Time to full recovery:** ${rec}.`);
  const longest = affected.filter((s) => !s.partial).sort(byImpaired).slice(0, options.summaryTop);
  if (longest.length) {
    lines.push(`- **Longest impaired:** ${longest.map((s) => `${mdText(s.name)} (${dur(s.impairedMinutes)})`).join(', ')}.`);
  }
  const never = affected.filter((s) => !s.recovered);
  if (never.length) {
    lines.push(`- **Never recovered** (still impaired after the last change, at ${time.when(input.lastChange)}): ${never.map((s) => mdText(s.name)).join(', ')}.`);
  }
  return lines.join('\n');
}

/** Operator actions in time order (only when the scenario has any). */
export function renderActions(input: SectionInput): string {
  const { context, time } = input;
  if (context.actions.length === 0) return '';
  const lines = ['## Operator actions', '', '| When | Service | Action | Why |', '| --- | --- | --- | --- |'];
  for (const a of context.actions) {
    lines.push(`| ${time.when(a.atMinutes)} | ${mdText(a.name)} (${code(a.service)}) | ${actionWhat(a)} | ${a.why ? mdText(a.why) : ''} |`);
  }
  return lines.join('\n');
}

/** An operator action in words: "throttle admission to 1,000/min", "restart, dropping queued work", "disable". */
function actionWhat(a: SectionInput['context']['actions'][number]): string {
  return a.kind === 'throttle' && a.rate !== null
    ? `throttle admission to ${thousands(a.rate)}/min`
    : a.kind === 'relax' && a.overMinutes !== null
      ? `relax the throttle over ${dur(a.overMinutes)}`
      : a.kind === 'restart' && a.drop
        ? 'restart, dropping queued work'
        : a.kind;
}
