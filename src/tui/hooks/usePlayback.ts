/** Advances the timeline while it plays: one step per tick. */
import { useEffect } from 'react';
import type { Action } from '../state/reducer.js';

/** Milliseconds between steps while playing. */
export const TICK_MS = 150;

export function usePlayback(playing: boolean, dispatch: (a: Action) => void, tickMs = TICK_MS): void {
  useEffect(() => {
    if (!playing) return undefined;
    const timer = setInterval(() => dispatch({ type: 'tick' }), tickMs);
    return () => clearInterval(timer);
  }, [playing, dispatch, tickMs]);
}
