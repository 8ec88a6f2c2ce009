/**
 * Load faults that grow (docs/model.md, "Load faults that grow"): a fault's capacity or demand
 * written `{from, to, over}` moves linearly from `from` at the fault's start to `to` over
 * `over`, then holds until the fault ends — a resource that leaks, a log that bloats, a
 * leader that slows, demand that climbs through the afternoon. The cut and the demand factor
 * of a service are then lines a + k·(t − now) between kinks (a ramp's end, two cuts
 * crossing), so capacity stays piecewise linear and a queue quadratic: every crossing is
 * solved in closed form, as for a staged restart. The one thing that is not a line is the
 * served fraction of a service whose demand ramps, c(t)/d(t): it is followed by chords whose
 * error is at most RAMP_EPS, and its crossings of full service and of `down` are exact.
 */
import { FRAC_DOWN, FRAC_EPS } from './capacity.js';
import { RAMP_EPS, setDemand, timesLine, wakeBy } from './demand-line.js';
import type { Sim } from './state.js';

export { RAMP_EPS, wakeBy };

/** The size of a ramping fault at t: [value, per-minute slope], the slope 0 once the onset is over. */
export function rampAt(from: number, to: number, t0: number, over: number, t: number, out: Float64Array): void {
  if (!(over > 0) || t >= t0 + over) { out[0] = to; out[1] = 0; return; }
  const k = (to - from) / over;
  out[0] = t <= t0 ? from : from + k * (t - t0);
  out[1] = k;
}

const one = new Float64Array(2);
const dl = new Float64Array(2); // the product of the demands: [value, slope]
let lineA = new Float64Array(8);
let lineK = new Float64Array(8);

/**
 * The capacity cut and the demand factor of service i now, as lines, from its active load
 * faults (ramping or not): the lowest cut (of those level with it, the one falling fastest),
 * the product of the demands (its tangent when two ramp at once). Wakes i at the next kink.
 * Replaces load.ts's step values for a service with a ramp; the operators' multiples apply
 * as there.
 */
export function rampLoad(S: Sim, i: number, active: Uint8Array): void {
  const faults = S.model.faults;
  const v = S.v;
  const t = S.t;
  let cut = 1;
  let cutK = 0;
  dl[0] = 1;
  dl[1] = 0;
  let demRamps = 0;
  let kRamps = 1;
  let next = Infinity;
  let n = 0;
  if (lineA.length < 2 * faults.length) { lineA = new Float64Array(2 * faults.length); lineK = new Float64Array(2 * faults.length); }
  for (let k = 0; k < faults.length; k++) {
    const f = faults[k]!;
    if (f.service !== i || !active[k]) continue;
    const t0 = Math.max(0, v[f.at]!);
    const r = f.ramp;
    if (f.capacity >= 0) {
      const to = Math.max(0, v[f.capacity]!);
      if (r !== undefined && r.capOver >= 0) {
        const over = Math.max(0, v[r.capOver]!);
        rampAt(Math.max(0, v[r.capFrom]!), to, t0, over, t, one);
        if (one[1] !== 0 && t0 + over < next) next = t0 + over;
      } else { one[0] = to; one[1] = 0; }
      const a = one[0]!;
      const kk = one[1]!;
      lineA[n] = a; lineK[n] = kk; n++;
      if (a < cut - FRAC_EPS || (a <= cut + FRAC_EPS && kk < cutK)) { cut = a; cutK = kk; }
    }
    if (f.demand >= 0) {
      const to = Math.max(0, v[f.demand]!);
      if (r !== undefined && r.demOver >= 0) {
        const over = Math.max(0, v[r.demOver]!);
        rampAt(Math.max(0, v[r.demFrom]!), to, t0, over, t, one);
        if (one[1] !== 0) { demRamps++; kRamps *= one[1]!; if (t0 + over < next) next = t0 + over; }
      } else { one[0] = to; one[1] = 0; }
      // the product's tangent: (d·e)' = d'·e + d·e'
      timesLine(dl, one[0]!, one[1]!);
    }
  }
  // a higher cut falling faster crosses the lowest one: there the capacity line bends
  for (let j = 0; j < n; j++) {
    if (lineA[j]! > cut + FRAC_EPS && lineK[j]! < cutK) {
      const x = t + (lineA[j]! - cut) / (cutK - lineK[j]!);
      if (x < next) next = x;
    }
  }
  // two demands ramping at once: their product is quadratic; look again before the tangent
  // drifts from it by more than RAMP_EPS of the demand (|k1·k2|·h² ≤ RAMP_EPS·d)
  const dem = dl[0]!;
  if (demRamps > 1 && kRamps !== 0 && dem > 0) { const h = Math.sqrt((RAMP_EPS * dem) / Math.abs(kRamps)); if (t + h < next) next = t + h; }
  // a capacity coming up from 0 is not down: its served fraction says when it climbs out
  S.capCut[i] = cut < 0 ? 0 : cut;
  S.capCutK[i] = cutK;
  const f = S.opsDem[i]! / (S.hasB[i] ? 1 : S.opsCap[i]!);
  setDemand(S, i, dem * f, dl[1]! * f);
  if (next < Infinity) wakeBy(S, i, next - t, S.rampNext);
}

/**
 * The served fraction c(t)/d(t) of service i from a capacity line cA + cK·x and a demand line
 * dA + dK·x (x: minutes from now) as the chord over the next h minutes, h chosen so that the
 * chord is within RAMP_EPS of the curve: |f''| = 2·|dK|·|cK·dA − cA·dK| / d³ (the numerator is
 * the same at every x), and a chord is off by at most h²·max|f''|/8. Writes [sa, sk] into
 * `out`, and wakes i at the chord's end and, exactly, where c/d crosses 1 or FRAC_DOWN.
 */
export function servedChord(S: Sim, i: number, cA: number, cK: number, dA: number, dK: number, out: Float64Array): void {
  if (!(dA > 0) || dK === 0) return;
  const s0 = cA / dA;
  out[0] = s0;
  // (c/d)' = (cK·dA − cA·dK) / d², one sign along the whole line: from full service on and not
  // falling, it serves in full until the line changes, and nothing needs a look (no chord, no
  // crossing). Origins that take a cold cache's misses within their capacity sit here.
  if (s0 >= 1 && cK * dA - cA * dK >= 0) { out[1] = 0; return; }
  // where c/d meets a threshold θ: cA + cK·x = θ·(dA + dK·x)
  let cross = Infinity;
  for (let j = 0; j < 2; j++) {
    const x = crossingOf(j === 0 ? 1 : FRAC_DOWN, cA, cK, dA, dK);
    if (x < Infinity) { wakeBy(S, i, x, S.rampNext); if (x < cross) cross = x; }
  }
  const w = Math.abs(cK * dA - cA * dK);
  if (w === 0) { out[1] = cK / dA; return; } // c/d is constant
  // while demand falls, go no further than halving it (d stays ≥ dA/2 over the chord)
  const dMin = dK > 0 ? dA : dA / 2;
  let h = Math.sqrt((8 * RAMP_EPS * dMin * dMin * dMin) / (2 * Math.abs(dK) * w));
  if (dK < 0) h = Math.min(h, dA / (2 * -dK));
  // the chord ends at the next crossing, if it comes first: the line then meets the threshold
  // where c/d does, and the wake moveServed (capacity.ts) schedules where the line crosses it is
  // that crossing. (A chord across it meets the threshold early when c/d is convex: the look
  // there finds c/d still below and schedules another, earlier than c/d again, and each look at
  // the service while it climbs, for whatever reason, adds one more such wake: they converge on
  // the crossing without reaching it, thousands of instants within a microminute.)
  if (cross < h) h = cross;
  const s1 = (cA + cK * h) / (dA + dK * h);
  out[1] = (s1 - s0) / h;
  wakeBy(S, i, h, S.rampChord);
}

/**
 * Minutes from now until a served fraction c/d, from a capacity line cA + cK·x and a demand line
 * dA + dK·x, meets the threshold θ: cA + cK·x = θ·(dA + dK·x); Infinity when it does not after
 * FRAC_EPS (parallel lines, a crossing behind, or now).
 */
export function crossingOf(th: number, cA: number, cK: number, dA: number, dK: number): number {
  const den = cK - th * dK;
  if (den === 0) return Infinity;
  const x = (th * dA - cA) / den;
  return x > FRAC_EPS ? x : Infinity;
}

/** The first of c/d's crossings of full service and of `down` ({@link crossingOf}), Infinity when neither comes. */
export function firstCrossing(cA: number, cK: number, dA: number, dK: number): number {
  return Math.min(crossingOf(1, cA, cK, dA, dK), crossingOf(FRAC_DOWN, cA, cK, dA, dK));
}
