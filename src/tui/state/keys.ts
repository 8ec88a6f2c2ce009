/**
 * Key bindings: what each key press means in the current state. Pure, so the whole
 * keyboard map is tested without a terminal; the UI feeds it ink's key events.
 */
import type { Action, ExplorerState } from './reducer.js';
import { maxHelpScroll } from './help.js';

/** The parts of a key event the bindings look at (a subset of ink's `Key`). */
export interface KeyPress {
  readonly upArrow?: boolean;
  readonly downArrow?: boolean;
  readonly leftArrow?: boolean;
  readonly rightArrow?: boolean;
  readonly pageUp?: boolean;
  readonly pageDown?: boolean;
  readonly home?: boolean;
  readonly end?: boolean;
  readonly return?: boolean;
  readonly escape?: boolean;
  readonly ctrl?: boolean;
  readonly meta?: boolean;
  readonly tab?: boolean;
  readonly backspace?: boolean;
  readonly delete?: boolean;
}

export type KeyResult = Action | { readonly type: 'quit' } | null;

const QUIT = { type: 'quit' } as const;

/** Typed text, when the key is plain text (not a control or navigation key). */
function typed(input: string, key: KeyPress): string | null {
  if (key.ctrl || key.meta || key.return || key.escape || key.tab || key.backspace || key.delete) return null;
  if (key.upArrow || key.downArrow || key.leftArrow || key.rightArrow || key.pageUp || key.pageDown || key.home || key.end) return null;
  return input.length > 0 ? input : null;
}

/** Up/down, page and home/end keys of a list. */
function navigation(input: string, key: KeyPress, vi: boolean): Action | null {
  if (key.upArrow || (vi && input === 'k')) return { type: 'move', delta: -1 };
  if (key.downArrow || (vi && input === 'j')) return { type: 'move', delta: 1 };
  if (key.pageUp) return { type: 'page', direction: -1 };
  if (key.pageDown) return { type: 'page', direction: 1 };
  if (key.home || (vi && input === 'g')) return { type: 'jump', to: 'first' };
  if (key.end || (vi && input === 'G')) return { type: 'jump', to: 'last' };
  return null;
}

/** The key a single character stands for when it arrives inside a longer chunk. */
function charKey(ch: string): { input: string; key: KeyPress } {
  const c = ch.codePointAt(0)!;
  if (ch === '\r' || ch === '\n') return { input: '', key: { return: true } };
  if (ch === '\t') return { input: '', key: { tab: true } };
  if (c === 0x7f || c === 0x08) return { input: '', key: { backspace: true } };
  if (c < 0x20) return { input: String.fromCharCode(c + 96), key: { ctrl: true } };
  return { input: ch, key: {} };
}

/**
 * One key press per character when several arrive as one input (fast typing, a paste,
 * tmux send-keys): "/web" then opens the search and types "web", and "\rf" is Enter then f.
 * Navigation keys and escape sequences arrive on their own and pass through unchanged.
 */
export function splitKeys(input: string, key: KeyPress): Array<{ input: string; key: KeyPress }> {
  const chars = [...input];
  const special = key.upArrow || key.downArrow || key.leftArrow || key.rightArrow || key.pageUp || key.pageDown || key.home || key.end || key.escape || key.meta;
  if (chars.length <= 1 || special) return [{ input, key }];
  return chars.map(charKey);
}

export function keyToAction(s: ExplorerState, input: string, key: KeyPress): KeyResult {
  if (key.ctrl && input === 'c') return QUIT;

  switch (s.overlay.kind) {
    case 'duration': {
      if (key.return) return { type: 'promptSubmit' };
      if (key.escape) return { type: 'closeOverlay' };
      if (key.backspace || key.delete) return { type: 'promptBackspace' };
      const text = typed(input, key);
      return text ? { type: 'promptInput', text } : null;
    }
    case 'help': {
      if (input === 'q') return QUIT;
      // When the help does not fit, the navigation keys scroll it; any other key closes it.
      if (maxHelpScroll(s.helpWidth, s.paneRows) > 0) {
        if (key.upArrow || input === 'k') return { type: 'helpScroll', delta: -1 };
        if (key.downArrow || input === 'j') return { type: 'helpScroll', delta: 1 };
        if (key.pageUp) return { type: 'helpScroll', delta: -Math.max(1, s.paneRows - 1) };
        if (key.pageDown || input === ' ') return { type: 'helpScroll', delta: Math.max(1, s.paneRows - 1) };
        if (key.home || input === 'g') return { type: 'helpJump', to: 'first' };
        if (key.end || input === 'G') return { type: 'helpJump', to: 'last' };
      }
      return { type: 'closeOverlay' };
    }
    case 'scenarios':
      if (input === 'q') return QUIT;
      if (key.upArrow || input === 'k') return { type: 'scenarioMove', delta: -1 };
      if (key.downArrow || input === 'j') return { type: 'scenarioMove', delta: 1 };
      if (key.return) return { type: 'scenarioSubmit' };
      if (key.escape || input === 's') return { type: 'closeOverlay' };
      return null;
    case 'advice':
      if (input === 'q') return QUIT;
      if (key.upArrow || input === 'k') return { type: 'adviceMove', delta: -1 };
      if (key.downArrow || input === 'j') return { type: 'adviceMove', delta: 1 };
      if (key.return) return { type: 'adviceChoose' };
      if (key.escape || input === 'm') return { type: 'closeOverlay' };
      return null;
    case 'none':
      break;
  }

  if (s.searching) {
    if (key.return) return { type: 'searchEnd', keep: true };
    if (key.escape) return { type: 'searchEnd', keep: false };
    if (key.backspace || key.delete) return { type: 'searchBackspace' };
    const nav = navigation(input, key, false);
    if (nav) return nav;
    const text = typed(input, key);
    return text ? { type: 'searchInput', text } : null;
  }

  if (input === 'q') return QUIT;
  if (input === '?') return { type: 'openHelp' };
  if (input === '/') return { type: 'searchStart' };
  if (key.tab) return { type: 'toggleFocus' };
  if (s.focus === 'pane') {
    if (key.upArrow || input === 'k') return { type: 'scrollPane', delta: -1 };
    if (key.downArrow || input === 'j') return { type: 'scrollPane', delta: 1 };
    if (key.pageUp) return { type: 'scrollPane', delta: -Math.max(1, s.paneRows - 1) };
    if (key.pageDown) return { type: 'scrollPane', delta: Math.max(1, s.paneRows - 1) };
  } else {
    const nav = navigation(input, key, true);
    if (nav) return nav;
  }
  if (input === 't') return { type: 'cycleTier' };
  if (input === 'y') return { type: 'cycleSystem' };
  if (input === '+' || input === '=') return { type: 'depth', delta: 1 };
  if (input === '-' || input === '_') return { type: 'depth', delta: -1 };
  if (input === 'f') return { type: 'promptFail' };
  if (input === 's') return { type: 'openScenarios' };
  if (input === 'm') return { type: 'openAdvice' };
  if (s.sim) {
    if (key.leftArrow || input === 'h') return { type: 'scrub', steps: -1 };
    if (key.rightArrow || input === 'l') return { type: 'scrub', steps: 1 };
    if (input === ',' || input === '<') return { type: 'seekEvent', direction: -1 };
    if (input === '.' || input === '>') return { type: 'seekEvent', direction: 1 };
    if (input === ' ') return { type: 'togglePlay' };
    if (input === 'a') return { type: 'toggleAffected' };
    if (input === 'x' || key.escape) return { type: 'closeSimulation' };
  }
  if (key.escape && (s.query || s.tier !== null || s.system !== null)) return { type: 'clearFilters' };
  return null;
}
