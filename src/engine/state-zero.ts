/**
 * The arrays of a run's state (state.ts) that start at 0, listed once per Sim so that a
 * workspace's runs (workspace.ts) reset them without building the list again.
 */

/** Those of every run. */
const EVERY_RUN = ['st', 'stCauseK', 'cs', 'faults', 'disabled', 'warmGen', 'hasB', 'B', 'bT', 'bSlope0',
  'bCurv', 'bGen', 'collapsed', 'blockedIn', 'processing', 'full', 'bArr', 'bCap', 'bCapMax', 'bTimeout', 'bRetry',
  'bMit', 'thrOn', 'thrAutoLift', 'thrByMitigation', 'rampFrom', 'mitGen', 'mitPending', 'mitDue',
  'impaired', 'lastChange', 'worst', 'backlogPeak', 'collapseEndBy', 'evalCount'] as const;
/** The fraction layer's. */
const FRAC = ['capK', 'srvK', 'fracAt', 'capT', 'unserved'] as const;
/** Staged restarts', crash loops', reconnect herds'. */
const RESTART = ['rsOn', 'rsFrom', 'rsK', 'rsGen'] as const;
const CRASH = ['crashDone', 'crashGen'] as const;
const CLIENTS = ['herdRate', 'herdClients', 'herdPending'] as const;

type Name = (typeof EVERY_RUN)[number] | (typeof FRAC)[number] | (typeof RESTART)[number] | (typeof CRASH)[number] | (typeof CLIENTS)[number];
export type ZeroedArrays = ReadonlyArray<Uint8Array | Int32Array | Float64Array>;

/**
 * The arrays of `S` (a Sim) that Sim.reset puts back to 0: those of every run, then those of
 * the fraction layer (`fr`) and of the mechanisms the model uses (the shared constant arrays
 * of unused mechanisms are never written, so never listed).
 */
export function startAtZero(S: { readonly [K in Name]: Uint8Array | Int32Array | Float64Array }, fr: boolean, uses: { readonly restart: boolean; readonly crash: boolean; readonly clients: boolean }): ZeroedArrays {
  const names: Name[] = [...EVERY_RUN];
  if (fr) names.push(...FRAC);
  if (uses.restart) names.push(...RESTART);
  if (uses.crash) names.push(...CRASH);
  if (uses.clients) names.push(...CLIENTS);
  return names.map((k) => S[k]);
}
