/**
 * The explorer's root component: wires keys to the reducer, runs simulations and
 * playback, and lays out the header, the virtualized service list, the right pane
 * (details, timeline or scenario picker), the help and the footer.
 */
import { useEffect, useMemo } from 'react';
import { Box, Text, useApp, useInput } from 'ink';
import type { ExplorerData } from '../state/data.js';
import { useAnalysis, type PendingAnalysis } from '../hooks/useAnalysis.js';
import { keyToAction, splitKeys } from '../state/keys.js';
import { computeLayout, MIN_COLS, MIN_ROWS } from '../state/layout.js';
import { scrollFor, selectedRow } from '../state/reducer.js';
import { helpLines, helpPosition } from '../state/help.js';
import { detailLines, scenarioLines, simLines, type Line } from '../state/view.js';
import { listHeader, listRow, listTitle, simRow } from '../state/view-list.js';
import { inThreadAdvisor, type Advisor } from '../advisor.js';
import { inThreadSimulator, type Simulator } from '../simulator.js';
import { footerLine, headerLine } from '../state/chrome.js';
import { useExplorer } from '../hooks/useExplorer.js';
import { usePlayback } from '../hooks/usePlayback.js';
import { useSimulationRunner } from '../hooks/useSimulationRunner.js';
import { useAdviceRunner } from '../hooks/useAdviceRunner.js';
import { adviceLines } from '../state/view-advice.js';
import { useTerminalSize, type Size } from '../hooks/useTerminalSize.js';
import { positionNote } from '../state/line.js';
import { cellWidth } from '../state/text.js';
import { LineText } from './LineText.js';
import { Panel } from './Panel.js';

export interface AppProps {
  readonly data: ExplorerData;
  /** Colour on (false under NO_COLOR / --no-color). */
  readonly color: boolean;
  /** A fixed size instead of the terminal's (tests, benchmarks). */
  readonly size?: Size;
  /** Milliseconds per playback step. */
  readonly tickMs?: number;
  /** A scenario (index of data.scenarios) to run and play as the explorer opens. */
  readonly scenario?: number;
  /** The ranking and badges of `data` when they are still being computed (large catalogs). */
  readonly analysis?: PendingAnalysis;
  /** Where the advisor runs (`m`); by default in this thread, between frames. */
  readonly advisor?: Advisor;
  /** Where simulations run (`f`, `s`); by default in this thread. */
  readonly simulator?: Simulator;
}

const IN_THREAD = inThreadAdvisor();
const IN_THREAD_SIMULATOR = inThreadSimulator();

export function App({ data: opened, color, size: fixedSize, tickMs, scenario, analysis, advisor = IN_THREAD, simulator = IN_THREAD_SIMULATOR }: AppProps) {
  const size = useTerminalSize(fixedSize);
  const [state, dispatch, current, adopt] = useExplorer(opened, size.cols, size.rows, scenario);
  const { data, error: analysisError } = useAnalysis(opened, analysis, adopt);
  const { exit } = useApp();

  useEffect(() => dispatch({ type: 'resize', cols: size.cols, rows: size.rows }), [size.cols, size.rows, dispatch]);
  useSimulationRunner(simulator, data, state.pending, dispatch);
  // once the ranking is in (the catalog's own work done), the simulator gets ready for a first `f`
  useEffect(() => {
    if (data.analysed) simulator.warm();
  }, [simulator, data.analysed]);
  useAdviceRunner(advisor, data, state.advice, dispatch);
  usePlayback(state.sim?.playing ?? false, dispatch, tickMs);
  useInput((input, key) => {
    // Several typed characters can arrive as one input (fast typing, paste, tmux send-keys):
    // each is a key press of its own, so "/web" opens the search and then types "web".
    for (const k of splitKeys(input, key)) {
      const r = keyToAction(current(), k.input, k.key);
      if (r === null) continue;
      if (r.type === 'quit') {
        exit();
        return;
      }
      dispatch(r);
    }
  });

  const layout = computeLayout(size.cols, size.rows);
  const row = selectedRow(state);
  const { overlay, sim } = state;

  const picker = useMemo(
    () => (overlay.kind === 'scenarios' ? scenarioLines(data, overlay.cursor, layout.paneInner) : overlay.kind === 'advice' && state.advice ? adviceLines(data, state.advice, layout.paneInner) : null),
    [data, overlay, state.advice, layout.paneInner],
  );
  const paneLines: readonly Line[] = useMemo(() => {
    if (picker) return picker.lines;
    if (sim) return simLines(data, sim, row, layout.paneInner);
    if (row === null) return [[{ text: 'No service matches the search and filters.', tone: 'dim' }]];
    return detailLines(data, row, state.depth, layout.paneInner);
  }, [data, picker, sim, row, state.depth, layout.paneInner]);

  const maxPaneScroll = Math.max(0, paneLines.length - layout.paneRows);
  useEffect(() => {
    if (state.paneScroll > maxPaneScroll) dispatch({ type: 'scrollPane', delta: maxPaneScroll - state.paneScroll });
  }, [state.paneScroll, maxPaneScroll, dispatch]);

  if (layout.tooSmall) {
    return (
      <Box flexDirection="column" width={layout.cols}>
        <Text wrap="wrap">
          The terminal is {layout.cols}x{layout.rows}; the explorer needs at least {MIN_COLS}x{MIN_ROWS}. Enlarge it, or press q to quit.
        </Text>
      </Box>
    );
  }

  const header = <LineText line={headerLine(data, layout.cols)} color={color} />;
  const footer = <LineText line={footerLine(data, analysisError && !state.message ? { ...state, message: analysisError } : state, layout.cols)} color={color} />;

  if (overlay.kind === 'help') {
    const help = helpLines(layout.helpInner);
    const position = helpPosition(layout.helpInner, layout.paneRows, overlay.scroll);
    return (
      <Box flexDirection="column" width={layout.cols} height={layout.height}>
        {header}
        <Panel
          title={position ? 'Help · ↑↓ PgUp PgDn scroll · other keys close' : 'Help · any key closes'}
          width={layout.cols}
          height={layout.bodyHeight}
          lines={help.slice(overlay.scroll, overlay.scroll + layout.paneRows)}
          color={color}
          focused
          scroll={{ offset: overlay.scroll, total: help.length }}
          note={position}
        />
        {footer}
      </Box>
    );
  }

  // Only the visible rows are built and rendered: the list is virtualized.
  const top = scrollFor(state.cursor, state.scroll, layout.listRows, state.list.length);
  const listLines: Line[] = [listHeader(layout.listInner, sim)];
  for (let k = top; k < Math.min(state.list.length, top + layout.listRows); k++) {
    const r = data.rows[state.list[k]!]!;
    listLines.push(sim ? simRow(r, sim, layout.listInner, k === state.cursor) : listRow(r, layout.listInner, k === state.cursor, !data.analysed));
  }
  if (state.list.length === 0) listLines.push([{ text: 'no services match', tone: 'dim' }]);

  // The pickers keep the chosen scenario or candidate on screen; other panes scroll with the keys.
  const paneTop = picker ? Math.max(0, Math.min(maxPaneScroll, picker.selected - layout.paneRows + 3)) : Math.min(state.paneScroll, maxPaneScroll);
  const paneTitle = overlay.kind === 'scenarios' ? 'Scenarios' : overlay.kind === 'advice' ? 'Advisor' : sim ? 'Timeline' : 'Service';
  // A pane that does not fit says so in its bottom border, and how to scroll it.
  const position = positionNote(paneLines.length, layout.paneRows, paneTop);
  const paneFocused = state.focus === 'pane' || overlay.kind === 'scenarios' || overlay.kind === 'advice';
  const paneNote = position && !paneFocused && cellWidth(`${position} · Tab scrolls`) + 4 <= layout.paneWidth - 2 ? `${position} · Tab scrolls` : position;
  return (
    <Box flexDirection="column" width={layout.cols} height={layout.height}>
      {header}
      <Box flexDirection="row" height={layout.bodyHeight}>
        <Panel
          title={listTitle(data, state, layout.listWidth - 8)}
          width={layout.listWidth}
          height={layout.bodyHeight}
          lines={listLines}
          color={color}
          focused={state.focus === 'list' && overlay.kind === 'none'}
          scroll={{ offset: top, total: state.list.length + 1 }}
        />
        <Panel
          title={paneTitle}
          width={layout.paneWidth}
          height={layout.bodyHeight}
          lines={paneLines.slice(paneTop, paneTop + layout.paneRows)}
          color={color}
          focused={paneFocused}
          scroll={{ offset: paneTop, total: paneLines.length }}
          note={paneNote}
        />
      </Box>
      {footer}
    </Box>
  );
}
