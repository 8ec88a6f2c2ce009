/**
 * Screen geometry from the terminal size: a header row, the service list on the left,
 * the detail or timeline pane on the right, a footer row. One row is left free below the
 * frame so the renderer updates lines in place instead of clearing the whole screen.
 */

export const MIN_COLS = 60;
export const MIN_ROWS = 14;

export interface Layout {
  readonly cols: number;
  readonly rows: number;
  /** Rows the frame uses. */
  readonly height: number;
  /** Rows between the header and the footer. */
  readonly bodyHeight: number;
  /** Outer widths of the two panes (borders included). */
  readonly listWidth: number;
  readonly paneWidth: number;
  /** Service rows visible at once. */
  readonly listRows: number;
  /** Text rows inside the right pane. */
  readonly paneRows: number;
  /** Inner (text) widths of the two panes. */
  readonly listInner: number;
  readonly paneInner: number;
  /** Inner width of the help, which takes the whole body (its rows are paneRows). */
  readonly helpInner: number;
  readonly tooSmall: boolean;
}

export function computeLayout(cols: number, rows: number): Layout {
  const c = Math.max(1, Math.floor(cols));
  const r = Math.max(1, Math.floor(rows));
  const height = Math.max(1, r - 1);
  const bodyHeight = Math.max(3, height - 2);
  // Wide terminals give the list half the width again: its name column needs it more than
  // the right pane, whose lines rarely fill 80 cells.
  const listWidth = c >= 160 ? Math.floor(c / 2) : c >= 120 ? Math.floor(c * 0.45) : Math.floor(c / 2);
  const paneWidth = c - listWidth;
  return {
    cols: c,
    rows: r,
    height,
    bodyHeight,
    listWidth,
    paneWidth,
    // Border above and below, and the column-header row.
    listRows: Math.max(1, bodyHeight - 3),
    paneRows: Math.max(1, bodyHeight - 2),
    // Border and one space of padding on each side.
    listInner: Math.max(1, listWidth - 4),
    paneInner: Math.max(1, paneWidth - 4),
    helpInner: Math.max(1, c - 4),
    tooSmall: c < MIN_COLS || r < MIN_ROWS,
  };
}
