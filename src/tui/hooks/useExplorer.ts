/**
 * The explorer's state as a hook: the pure reducer applied synchronously to a ref, so
 * several keys arriving in one read (pasted text, fast typing, tmux send-keys) are each
 * interpreted against the state the previous one produced; React renders the latest.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ExplorerData } from '../state/data.js';
import { initialState, reduce, type Action, type ExplorerState } from '../state/reducer.js';

export function useExplorer(data: ExplorerData, cols: number, rows: number, scenario?: number): [ExplorerState, (a: Action) => void, () => ExplorerState] {
  const ref = useRef<ExplorerState | null>(null);
  if (ref.current === null) ref.current = initialState(data, cols, rows, scenario);
  const [state, setState] = useState<ExplorerState>(ref.current);
  // The data changes once, when the ranking arrives: the reducer then works on the new data.
  const dataRef = useRef(data);
  const dispatch = useCallback((a: Action) => {
    const next = reduce(dataRef.current, ref.current!, a);
    if (next !== ref.current) {
      ref.current = next;
      setState(next);
    }
  }, []);
  useEffect(() => {
    if (dataRef.current === data) return;
    dataRef.current = data;
    dispatch({ type: 'analysed' });
  }, [data, dispatch]);
  const current = useCallback(() => ref.current!, []);
  return [state, dispatch, current];
}
