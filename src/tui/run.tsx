/**
 * Runs the explorer on a terminal: the alternate screen, ink with keyboard input, and
 * the terminal put back as it was on every way out (q, Ctrl-C, SIGTERM, SIGHUP, SIGINT).
 * Imported only when the explorer opens, so other commands never load ink or React.
 */
import React from 'react';
import { render } from 'ink';
import { App } from './components/App.js';
import type { ExplorerData } from './state/data.js';
import type { PendingAnalysis } from './hooks/useAnalysis.js';
import type { Advisor } from './advisor.js';
import type { Simulator } from './simulator.js';

// The UI's own ink and App, for a caller that renders into another terminal (bench/tui.ts):
// from the bundle (scripts/build-tui.ts), React and ink must be the bundle's copies.
export { render, App, React };

export interface RunOptions {
  readonly color: boolean;
  readonly stdin: NodeJS.ReadStream;
  readonly stdout: NodeJS.WriteStream;
  /** A scenario (index of data.scenarios) to run and play as the explorer opens. */
  readonly scenario?: number;
  /** The ranking and badges, when still being computed. */
  readonly analysis?: PendingAnalysis;
  /** Where the advisor runs (a worker thread in the terminal). */
  readonly advisor?: Advisor;
  /** Where simulations run (the explorer's worker thread in the terminal). */
  readonly simulator?: Simulator;
}

const ENTER_ALT_SCREEN = '\u001b[?1049h\u001b[H';
const LEAVE_ALT_SCREEN = '\u001b[?1049l';
const SHOW_CURSOR = '\u001b[?25h';
const SIGNALS = ['SIGTERM', 'SIGHUP', 'SIGINT'] as const;
const SIGNAL_NUMBER: Readonly<Record<(typeof SIGNALS)[number], number>> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };

export async function runExplorer(data: ExplorerData, opts: RunOptions): Promise<void> {
  const { stdin, stdout } = opts;
  let restored = false;
  const restore = (): void => {
    if (restored) return;
    restored = true;
    stdout.write(LEAVE_ALT_SCREEN + SHOW_CURSOR);
  };
  stdout.write(ENTER_ALT_SCREEN);
  // Raw mode before the first frame, not after it (ink enables it when its input hook mounts):
  // Ctrl-C typed as soon as the explorer shows is then the quit key, never a SIGINT.
  if (stdin.isTTY) stdin.setRawMode(true);
  const instance = render(<App data={data} color={opts.color} {...(opts.scenario !== undefined ? { scenario: opts.scenario } : {})} {...(opts.analysis ? { analysis: opts.analysis } : {})} {...(opts.advisor ? { advisor: opts.advisor } : {})} {...(opts.simulator ? { simulator: opts.simulator } : {})} />, {
    stdin,
    stdout,
    // Ctrl-C is a key binding of the explorer, handled like q so the terminal is restored.
    exitOnCtrlC: false,
    patchConsole: true,
    maxFps: 60,
    // ink 6.8's line-diffing mode misplaces the cursor by one row when the frame ends in a
    // newline (as it does when shorter than the terminal), so every frame is redrawn whole;
    // terminals that support synchronized output show it without flicker.
    incrementalRendering: false,
  });
  // Signals end the process without an 'exit' event; restore the screen and exit with 128+n.
  // (Ctrl-C typed in the explorer is a key, not SIGINT: the terminal is in raw mode.)
  const onSignal = (sig: (typeof SIGNALS)[number]): void => {
    instance.unmount();
    restore();
    process.exit(128 + SIGNAL_NUMBER[sig]);
  };
  for (const sig of SIGNALS) process.on(sig, onSignal);
  process.once('exit', restore);
  try {
    await instance.waitUntilExit();
  } finally {
    for (const sig of SIGNALS) process.off(sig, onSignal);
    process.off('exit', restore);
    restore();
  }
}
