/**
 * Drives the explorer through ink-testing-library: write keys to its stdin, then wait
 * until the frame satisfies a condition (React schedules updates, so a key's effect
 * shows up a little later, never synchronously).
 */
import { render } from 'ink-testing-library';
import { App, type AppProps } from '../../src/tui/components/App.js';

export const KEY = {
  up: '\u001b[A',
  down: '\u001b[B',
  right: '\u001b[C',
  left: '\u001b[D',
  enter: '\r',
  escape: '\u001b',
  backspace: '\u007f',
  tab: '\t',
  ctrlC: '\u0003',
} as const;

export interface Driven {
  frame(): string;
  /** Every frame drawn so far, oldest first. */
  frames(): readonly string[];
  /** Writes keys, one write per argument (like separate key presses). */
  press(...keys: string[]): Promise<void>;
  /** Waits until `pred(frame)` holds; fails with the last frame after `ms`. */
  waitFor(pred: (frame: string) => boolean, ms?: number): Promise<string>;
  resize(cols: number, rows: number): void;
  unmount(): void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function drive(props: AppProps): Promise<Driven> {
  const inst = render(<App tickMs={3_600_000} {...props} />);
  const setSize = (cols: number, rows: number): void => {
    Object.defineProperty(inst.stdout, 'columns', { configurable: true, get: () => cols });
    Object.defineProperty(inst.stdout, 'rows', { configurable: true, get: () => rows });
  };
  // ink lays frames out at the width of its stdout (100 columns in ink-testing-library):
  // give it the size the App is told, or wider frames would be cut at 100 by ink itself.
  if (props.size) {
    setSize(props.size.cols, props.size.rows);
    inst.stdout.emit('resize');
  }
  const frame = () => inst.lastFrame() ?? '';
  const waitFor = async (pred: (f: string) => boolean, ms = 5000): Promise<string> => {
    const end = Date.now() + ms;
    for (;;) {
      const f = frame();
      if (pred(f)) return f;
      if (Date.now() > end) throw new Error(`frame never matched; last frame:\n${f}`);
      await sleep(5);
    }
  };
  await waitFor((f) => f.length > 0);
  // Let the input hook subscribe before the first key.
  await sleep(10);
  return {
    frame,
    frames: () => inst.frames,
    waitFor,
    async press(...keys) {
      for (const k of keys) {
        const before = inst.frames.length;
        inst.stdin.write(k);
        // A key that changes nothing renders nothing: wait briefly for a frame, then go on.
        const end = Date.now() + 200;
        while (inst.frames.length === before && Date.now() < end) await sleep(2);
      }
    },
    resize(cols, rows) {
      setSize(cols, rows);
      inst.stdout.emit('resize');
    },
    unmount: () => inst.unmount(),
  };
}
