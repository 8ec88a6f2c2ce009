/** A progress bar on stderr, shown only on a terminal and only once a run has taken over a second. */
import type { OutStream } from './io.js';

export function progressBar(stream: OutStream, total: number, label: string, now: () => number = () => performance.now()): { update(done: number): void; done(): void } {
  const started = now();
  let shown = false;
  let last = -1;
  const width = 30;
  return {
    update(done: number) {
      if (!stream.isTTY || now() - started < 1000) return;
      const pct = Math.floor((done / total) * 100);
      if (pct === last) return;
      last = pct;
      shown = true;
      const fill = Math.round((done / total) * width);
      stream.write(`\r${label} [${'#'.repeat(fill)}${'-'.repeat(width - fill)}] ${pct}% (${done}/${total})`);
    },
    done() {
      if (shown) stream.write('\r\u001b[2K');
    },
  };
}
