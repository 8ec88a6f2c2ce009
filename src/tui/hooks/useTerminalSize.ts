/** The terminal's size, updated on the output stream's 'resize' event. */
import { useEffect, useState } from 'react';
import { useStdout } from 'ink';

export interface Size {
  readonly cols: number;
  readonly rows: number;
}

const read = (out: NodeJS.WriteStream): Size => ({ cols: out.columns || 80, rows: out.rows || 24 });

/** Columns and rows of ink's stdout; a fixed `override` (tests, benchmarks) wins. */
export function useTerminalSize(override?: Size): Size {
  const { stdout } = useStdout();
  const [size, setSize] = useState<Size>(() => override ?? read(stdout));
  useEffect(() => {
    if (override) return undefined;
    const onResize = () => setSize((prev) => {
      const next = read(stdout);
      return prev.cols === next.cols && prev.rows === next.rows ? prev : next;
    });
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout, override]);
  return override ?? size;
}
