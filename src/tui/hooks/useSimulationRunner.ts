/**
 * Runs a requested simulation outside the key handler: the frame saying "simulating…"
 * goes out first, then the engine runs and its result (or failure) is dispatched.
 */
import { useEffect } from 'react';
import type { ExplorerData } from '../state/data.js';
import type { Action, SimRequest } from '../state/reducer.js';
import { runSimulation } from '../state/simulate.js';

export function useSimulationRunner(data: ExplorerData, pending: SimRequest | null, dispatch: (a: Action) => void): void {
  useEffect(() => {
    if (!pending) return undefined;
    const timer = setTimeout(() => {
      try {
        const { result, label, replay } = runSimulation(data, pending);
        dispatch({ type: 'simulated', result, label, replay, request: pending });
      } catch (e) {
        dispatch({ type: 'simulationFailed', message: `simulation failed (a bug, please report it): ${(e as Error)?.message ?? String(e)}` });
      }
    }, 0);
    return () => clearTimeout(timer);
  }, [data, pending, dispatch]);
}
