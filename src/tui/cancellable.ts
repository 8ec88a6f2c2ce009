/**
 * Shell: work the explorer starts in the background and may give up (the advisor, a
 * simulation): a run whose result never settles once it is cancelled, so nothing is
 * dispatched for a question the user no longer asks.
 */

/** A run: its result, and a way to stop it (the result then never settles). */
export interface Run<T> {
  readonly result: Promise<T>;
  cancel(): void;
}

class Cancelled extends Error {}

/** Runs `steps` (an async function calling `check` after each of its awaits) until cancelled. */
export function cancellable<T>(steps: (check: () => void) => Promise<T>): Run<T> {
  let cancelled = false;
  const check = (): void => {
    if (cancelled) throw new Cancelled();
  };
  const result = new Promise<T>((resolve, reject) => {
    steps(check).then(
      (r) => {
        if (!cancelled) resolve(r);
      },
      (e: unknown) => {
        if (!(e instanceof Cancelled) && !cancelled) reject(e);
      },
    );
  });
  return { result, cancel: () => void (cancelled = true) };
}

/** The next turn of the event loop, after what it has to read (keys) is read. */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
