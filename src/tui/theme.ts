/**
 * Colours for the explorer's tones. With colour off (NO_COLOR, --no-color) nothing is
 * styled at all: symbols, markers and words carry every distinction on their own.
 */
import type { Tone } from './state/view.js';

export interface TextStyle {
  readonly color?: string;
  readonly bold?: boolean;
  readonly dimColor?: boolean;
  readonly inverse?: boolean;
}

const STYLES: Readonly<Record<Tone, TextStyle>> = {
  title: { bold: true },
  dim: { dimColor: true },
  accent: { color: 'cyan' },
  up: { color: 'green' },
  degraded: { color: 'yellow' },
  down: { color: 'red', bold: true },
  warn: { color: 'yellow', bold: true },
  error: { color: 'red' },
  key: { color: 'cyan', bold: true },
};

const NONE: TextStyle = {};

/** Text props for a tone, or none when colour is off. */
export function toneStyle(tone: Tone | undefined, color: boolean): TextStyle {
  return color && tone ? STYLES[tone] : NONE;
}
