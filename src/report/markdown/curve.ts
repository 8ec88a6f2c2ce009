/**
 * The recovery curve: how many services are healthy (up) over time, as a mermaid
 * xychart sampled at even steps, with the times at which half, 90 % and all of the
 * affected services were healthy again written out beneath it.
 */
import type { RecoveryPoint } from '../../engine/index.js';
import { mermaidText } from './escape.js';
import type { SectionInput } from './input.js';

const NICE_STEPS = [1, 2, 5, 10, 15, 20, 30, 60, 120, 180, 240, 360, 480, 720, 1440];

/** Services up at minute `t` of a step-function curve (the last point at or before t). */
export function upAt(curve: readonly RecoveryPoint[], t: number, total: number): number {
  let up = total;
  for (const p of curve) {
    if (p.minute > t) break;
    up = p.up;
  }
  return up;
}

/** The sampling step (a round number of minutes) giving at most `maxPoints` samples over `span`. */
export function sampleStep(span: number, maxPoints: number): number {
  for (const s of NICE_STEPS) if (span / s + 1 <= maxPoints) return s;
  return Math.ceil(span / (maxPoints - 1) / 1440) * 1440;
}

/** The first minute from which at least `target` services are up for good (null when never). */
export function upForGoodAt(curve: readonly RecoveryPoint[], target: number): number | null {
  let since: number | null = null;
  for (const p of curve) {
    if (p.up >= target) since ??= p.minute;
    else since = null;
  }
  return since;
}

export function renderCurve(input: SectionInput): string {
  const { result, time, options } = input;
  const curve = result.recoveryCurve;
  if (input.affected.length === 0 || curve.length === 0) return '';
  const total = result.servicesTotal;
  const end = Math.max(1, input.drawEnd);
  const step = sampleStep(end, options.curvePoints);
  const samples: number[] = [];
  for (let t = 0; t < end + step; t += step) samples.push(upAt(curve, t, total));
  const hours = ((samples.length - 1) * step) / 60;
  const unit = hours >= 2 ? 'hours' : 'minutes';
  const xMax = unit === 'hours' ? Math.round(hours * 100) / 100 : (samples.length - 1) * step;
  const block = [
    '```mermaid',
    // the default palette's first colour is too pale to read on white
    '%%{init: {"themeVariables": {"xyChart": {"plotColorPalette": "#1f6feb"}}}}%%',
    'xychart-beta',
    `  title "${mermaidText(`Services up, of ${total}`, 80)}"`,
    `  x-axis "${unit} from minute 0" 0 --> ${xMax}`,
    `  y-axis "services up" 0 --> ${total}`,
    `  line [${samples.join(', ')}]`,
    '```',
  ].join('\n');
  const unaffected = total - input.affected.length;
  const marks: string[] = [];
  for (const [label, share] of [['half', 0.5], ['90 %', 0.9], ['all', 1]] as const) {
    const target = unaffected + Math.ceil(share * input.affected.length);
    marks.push(`${label} at ${time.when(upForGoodAt(curve, target))}`);
  }
  const lowest = curve.reduce((m, p) => Math.min(m, p.up), total);
  const text = `Sampled every ${step} min. At worst ${lowest} of ${total} services were up. Affected services healthy again for good: ${marks.join(', ')}.`;
  return ['## Recovery curve', '', block, '', text].join('\n');
}
