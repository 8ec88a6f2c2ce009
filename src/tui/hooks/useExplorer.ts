/**
 * The explorer's state as a hook: the pure reducer applied synchronously to a ref, so
 * several keys arriving in one read (pasted text, fast typing, tmux send-keys) are each
 * interpreted against the state the previous one produced; React renders the latest.
 */
import { useCallback, useRef, useState } from 'react';
import type { ExplorerData } from '../state/data.js';
import { initialState, reduce, type Action, type ExplorerState } from '../state/reducer.js';

/**
 * The state, its dispatch, a reader of the latest state, and `adopt`, which binds the reducer
 * to new data (the analysed catalog) and re-sorts the list in the same update, so no frame
 * shows the new data with the old order.
 */
export function useExplorer(data: ExplorerData, cols: number, rows: number, scenario?: number): [ExplorerState, (a: Action) => void, () => ExplorerState, (d: ExplorerData) => void] {
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
  const adopt = useCallback(
    (d: ExplorerData) => {
      if (dataRef.current === d) return;
      dataRef.current = d;
      dispatch({ type: 'analysed' });
    },
    [dispatch],
  );
  const current = useCallback(() => ref.current!, []);
  return [state, dispatch, current, adopt];
}
