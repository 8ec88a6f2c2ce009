/**
 * The arrays of a run's state (state.ts) that start at 0, listed once per Sim so that a
 * workspace's runs (workspace.ts) reset them without building the list again.
 */
import type { Sim } from './state.js';

export type ZeroedArrays = ReadonlyArray<Uint8Array | Int32Array | Float64Array>;

/**
 * The arrays of `S` that Sim.reset puts back to 0: those of every run, then those of the
 * fraction layer (`fr`) and of the mechanisms the model uses (the shared constant arrays of
 * unused mechanisms are never written, so never listed).
 */
export function startAtZero(S: Sim, fr: boolean, uses: { readonly restart: boolean; readonly crash: boolean; readonly clients: boolean }): ZeroedArrays {
  const zs: Array<Uint8Array | Int32Array | Float64Array> = [S.st, S.stCauseK, S.cs, S.faults, S.disabled, S.warmGen, S.hasB, S.B, S.bT, S.bSlope0,
    S.bCurv, S.bGen, S.collapsed, S.processing, S.full, S.bArr, S.bCap, S.bCapMax, S.bTimeout, S.bRetry,
    S.bMit, S.thrOn, S.thrAutoLift, S.thrByMitigation, S.rampFrom, S.mitGen, S.mitPending, S.mitDue,
    S.impaired, S.lastChange, S.worst, S.backlogPeak, S.collapseEndBy, S.inWork, S.evalCount];
  if (fr) zs.push(S.capK, S.srvK, S.fracAt, S.capT, S.unserved);
  if (uses.restart) zs.push(S.rsOn, S.rsFrom, S.rsK, S.rsGen);
  if (uses.crash) zs.push(S.crashDone, S.crashGen);
  if (uses.clients) zs.push(S.herdRate, S.herdClients, S.herdPending);
  return zs;
}
