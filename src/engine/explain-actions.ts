/**
 * Operator actions as the run carried them out: when each fired, and why then, in words
 * ("restart 40m after detection at 32m"), including the actions that never
 * fired because the event they counted from never happened.
 */
import type { Model } from './model.js';
import type { RunOutcome } from './simulate.js';
import type { ActionResult } from './result.js';
import { MAX_HORIZON } from './simulate.js';
import { ANCHOR_DETECTION, ANCHOR_DOWN, ANCHOR_FAULT_END, ANCHOR_IMPACT, ANCHOR_RECOVERED, ANCHOR_START, type AnchorSpec } from './timing.js';
import { formatDuration } from '../catalog/units.js';

/** Minutes as the JSON gives them (to 1/1000), as in explain.ts. */
const roundMinutes = (x: number): number => Math.round(x * 1000) / 1000;

/** The anchor as written in a catalog: "detection", "db recovered". */
export function anchorText(a: AnchorSpec, ids: readonly string[]): string {
  switch (a.kind) {
    case ANCHOR_START: return 'start';
    case ANCHOR_DETECTION: return 'detection';
    case ANCHOR_FAULT_END: return 'fault-end';
    case ANCHOR_IMPACT: return `${ids[a.service]} impact`;
    case ANCHOR_DOWN: return `${ids[a.service]} down`;
    case ANCHOR_RECOVERED: return `${ids[a.service]} recovered`;
    default: return 'first impact';
  }
}

/** The anchor in a sentence: "40m after <this>". */
function anchorWords(a: AnchorSpec, names: readonly string[]): string {
  switch (a.kind) {
    case ANCHOR_START: return 'the start';
    case ANCHOR_DETECTION: return 'detection';
    case ANCHOR_FAULT_END: return 'the first fault cleared';
    case ANCHOR_IMPACT: return `${names[a.service]} was first impacted`;
    case ANCHOR_DOWN: return `${names[a.service]} first went down`;
    case ANCHOR_RECOVERED: return `${names[a.service]} recovered`;
    default: return 'the first impact';
  }
}

/** Why an anchor never happened, in words. */
function never(a: AnchorSpec, names: readonly string[]): string {
  switch (a.kind) {
    case ANCHOR_DETECTION: return 'the incident was never detected (nothing was impacted)';
    case ANCHOR_FAULT_END: return 'the first fault never cleared';
    case ANCHOR_IMPACT: return `${names[a.service]} was never impacted`;
    case ANCHOR_DOWN: return `${names[a.service]} never went down`;
    case ANCHOR_RECOVERED: return `${names[a.service]} never recovered`;
    default: return 'its event never happened';
  }
}

export function explainActions(model: Model, out: RunOutcome): ActionResult[] {
  const { names } = model;
  const ids = model.graph.ids;
  return model.actions.map((a, k) => {
    const base = { service: ids[a.service]!, do: a.kind };
    const at = out.actionAt[k]!;
    const what = `${a.kind} ${names[a.service]}`;
    if (a.after < 0) {
      return { ...base, atMinutes: roundMinutes(at), after: null, explanation: `${what} at ${formatDuration(at)}` };
    }
    const an = model.timing.anchors[a.after]!;
    const anchorAt = out.anchorAt[a.after]!;
    if (Number.isNaN(at)) {
      return { ...base, atMinutes: null, after: anchorText(an, ids), explanation: `${what} never: it waits for ${anchorWords(an, names)}, but ${never(an, names)}` };
    }
    const delay = at - anchorAt;
    const when =
      an.kind === ANCHOR_START ? `at ${formatDuration(at)}`
      : delay > 0 ? `${formatDuration(delay)} after ${anchorWords(an, names)} at ${formatDuration(anchorAt)}`
      : `${an.kind === ANCHOR_DETECTION ? 'on' : 'when'} ${anchorWords(an, names)} at ${formatDuration(anchorAt)}`;
    if (at > MAX_HORIZON) {
      return { ...base, atMinutes: null, after: anchorText(an, ids), explanation: `${what} never: due ${when}, after the simulated horizon` };
    }
    return { ...base, atMinutes: roundMinutes(at), after: anchorText(an, ids), explanation: `${what} ${when}` };
  });
}
