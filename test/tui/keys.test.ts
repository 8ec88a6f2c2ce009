import { describe, expect, it } from 'vitest';
import { keyToAction, splitKeys, type KeyPress } from '../../src/tui/state/keys.js';
import { initialState, reduce, type ExplorerState } from '../../src/tui/state/reducer.js';
import { runSimulation } from '../../src/tui/state/simulate.js';
import { shopData } from './fixtures.js';

const data = shopData();
const browse = initialState(data, 80, 24);
const searching: ExplorerState = { ...browse, searching: true };
const prompting = reduce(data, browse, { type: 'promptFail' });
const help = reduce(data, browse, { type: 'openHelp' });
const smallHelp = reduce(data, initialState(data, 60, 14), { type: 'openHelp' });
const picking = reduce(data, browse, { type: 'openScenarios' });
const asked = reduce(data, reduce(data, prompting, { type: 'promptInput', text: '10m' }), { type: 'promptSubmit' });
const { result, label } = runSimulation(data, asked.pending!);
const simulating = reduce(data, asked, { type: 'simulated', result, label });

describe('keyToAction', () => {
  it.each<[string, ExplorerState, string, KeyPress, unknown]>([
    ['q quits', browse, 'q', {}, { type: 'quit' }],
    ['Ctrl-C quits while typing', searching, 'c', { ctrl: true }, { type: 'quit' }],
    ['Ctrl-C quits in the prompt', prompting, 'c', { ctrl: true }, { type: 'quit' }],
    ['q is text in the search', searching, 'q', {}, { type: 'searchInput', text: 'q' }],
    ['q is text in the prompt', prompting, 'q', {}, { type: 'promptInput', text: 'q' }],
    ['/ starts a search', browse, '/', {}, { type: 'searchStart' }],
    ['↓ moves', browse, '', { downArrow: true }, { type: 'move', delta: 1 }],
    ['j moves', browse, 'j', {}, { type: 'move', delta: 1 }],
    ['j is text in the search', searching, 'j', {}, { type: 'searchInput', text: 'j' }],
    ['↑ moves while searching', searching, '', { upArrow: true }, { type: 'move', delta: -1 }],
    ['Enter keeps the search', searching, '', { return: true }, { type: 'searchEnd', keep: true }],
    ['Esc clears the search', searching, '', { escape: true }, { type: 'searchEnd', keep: false }],
    ['backspace edits the search', searching, '', { backspace: true }, { type: 'searchBackspace' }],
    ['delete (DEL byte) edits too', searching, '', { delete: true }, { type: 'searchBackspace' }],
    ['f asks for a duration', browse, 'f', {}, { type: 'promptFail' }],
    ['Enter submits the duration', prompting, '', { return: true }, { type: 'promptSubmit' }],
    ['Esc cancels the duration', prompting, '', { escape: true }, { type: 'closeOverlay' }],
    ['s opens scenarios', browse, 's', {}, { type: 'openScenarios' }],
    ['Enter runs the scenario', picking, '', { return: true }, { type: 'scenarioSubmit' }],
    ['q quits from the picker', picking, 'q', {}, { type: 'quit' }],
    ['? opens help', browse, '?', {}, { type: 'openHelp' }],
    ['any key closes help', help, 'x', {}, { type: 'closeOverlay' }],
    ['q quits from help', help, 'q', {}, { type: 'quit' }],
    ['↓ closes help when it all fits (80x24)', help, '', { downArrow: true }, { type: 'closeOverlay' }],
    ['↓ scrolls a help that does not fit (60x14)', smallHelp, '', { downArrow: true }, { type: 'helpScroll', delta: 1 }],
    ['k scrolls it back', smallHelp, 'k', {}, { type: 'helpScroll', delta: -1 }],
    ['PgDn pages it by its 9 rows less one', smallHelp, '', { pageDown: true }, { type: 'helpScroll', delta: 8 }],
    ['space pages it too', smallHelp, ' ', {}, { type: 'helpScroll', delta: 8 }],
    ['PgUp pages it back', smallHelp, '', { pageUp: true }, { type: 'helpScroll', delta: -8 }],
    ['G goes to its end', smallHelp, 'G', {}, { type: 'helpJump', to: 'last' }],
    ['Home goes to its start', smallHelp, '', { home: true }, { type: 'helpJump', to: 'first' }],
    ['Esc closes a scrolling help', smallHelp, '', { escape: true }, { type: 'closeOverlay' }],
    ['? closes a scrolling help', smallHelp, '?', {}, { type: 'closeOverlay' }],
    ['q quits from a scrolling help', smallHelp, 'q', {}, { type: 'quit' }],
    ['+ deepens the trees', browse, '+', {}, { type: 'depth', delta: 1 }],
    ['t cycles tiers', browse, 't', {}, { type: 'cycleTier' }],
    ['y cycles systems', browse, 'y', {}, { type: 'cycleSystem' }],
    ['Tab switches panes', browse, '', { tab: true }, { type: 'toggleFocus' }],
    ['→ scrubs forward', simulating, '', { rightArrow: true }, { type: 'scrub', steps: 1 }],
    ['← scrubs back', simulating, '', { leftArrow: true }, { type: 'scrub', steps: -1 }],
    ['space plays or pauses', simulating, ' ', {}, { type: 'togglePlay' }],
    ['. seeks the next change', simulating, '.', {}, { type: 'seekEvent', direction: 1 }],
    ['a toggles affected only', simulating, 'a', {}, { type: 'toggleAffected' }],
    ['Esc closes the simulation', simulating, '', { escape: true }, { type: 'closeSimulation' }],
    ['→ does nothing without a simulation', browse, '', { rightArrow: true }, null],
    ['space does nothing without a simulation', browse, ' ', {}, null],
    ['Esc does nothing without filters', browse, '', { escape: true }, null],
    ['Esc clears filters', { ...browse, tier: 0 }, '', { escape: true }, { type: 'clearFilters' }],
  ])('%s', (_name, state, input, key, want) => {
    expect(keyToAction(state, input, key)).toEqual(want);
  });
  it('scrolls the right pane instead of the list when it has focus', () => {
    const pane = { ...browse, focus: 'pane' as const };
    expect(keyToAction(pane, '', { downArrow: true })).toEqual({ type: 'scrollPane', delta: 1 });
    expect(keyToAction(pane, '', { pageDown: true })).toEqual({ type: 'scrollPane', delta: pane.paneRows - 1 });
  });
});

describe('splitKeys', () => {
  it('splits typed text into one key per character', () => {
    expect(splitKeys('/web', {}).map((k) => k.input)).toEqual(['/', 'w', 'e', 'b']);
  });
  it('recognises Enter, Tab, backspace and control characters inside a chunk', () => {
    expect(splitKeys('\rf\t\u007f\u0003', {})).toEqual([
      { input: '', key: { return: true } },
      { input: 'f', key: {} },
      { input: '', key: { tab: true } },
      { input: '', key: { backspace: true } },
      { input: 'c', key: { ctrl: true } },
    ]);
  });
  it('leaves single keys and escape sequences alone', () => {
    expect(splitKeys('q', {})).toEqual([{ input: 'q', key: {} }]);
    expect(splitKeys('[A', { upArrow: true })).toEqual([{ input: '[A', key: { upArrow: true } }]);
  });
  it('keeps wide characters whole', () => {
    expect(splitKeys('検索', {}).map((k) => k.input)).toEqual(['検', '索']);
  });
});
