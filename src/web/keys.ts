/** The page's keys, matching the terminal explorer's where they mean the same thing. */
import { h } from './dom.js';

export const KEYS: ReadonlyArray<readonly [string, string]> = [
  ['/', 'search ids and names (exact id first); ↑ ↓ choose, Enter opens'],
  ['click', 'a service: its panel; the background: clear the selection'],
  ['← →  h l', 'scrub time by one step'],
  [', .', 'previous or next change'],
  ['Home End  g G', 'first or last moment'],
  ['space', 'play or pause'],
  ['f', 'fail the selected service (for the duration chosen in its panel)'],
  ['c', 'highlight the critical path'],
  ['x', 'close the what-if simulation (back to the report scenario)'],
  ['Esc', 'clear the search and the selection, close this help'],
  ['?', 'this help'],
];

export function helpTable(): HTMLElement {
  return h(
    'div',
    {},
    h('h3', {}, 'Keys'),
    h('table', {}, ...KEYS.map(([k, what]) => h('tr', {}, h('td', {}, h('kbd', {}, k)), h('td', {}, what)))),
    h('p', { class: 'hint' }, 'Colours: grey not affected, amber degraded, red down, green up again. Size: blast radius.'),
  );
}
