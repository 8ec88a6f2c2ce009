/**
 * The real binary in a real terminal: tmux runs `blast explore` on a private server, the
 * test types keys with send-keys, reads the screen with capture-pane, and checks that the
 * process exits and leaves the terminal as it found it. Skipped only when tmux is not
 * installed (.ci/run installs it).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.js';
import { formatDuration } from '../../src/catalog/units.js';
import { prepareSimulation, simulate } from '../../src/engine/index.js';
import { adviseForFailure, candidatesFor } from '../../src/advise/lookup.js';
import { syntheticCatalogYaml } from './synthetic.js';

const HAS_TMUX = spawnSync('tmux', ['-V']).status === 0;
const BOOT_MS = 60_000;
const KEY_MS = 10_000;
/** How long a screen must stand still to count as a whole frame. */
const STILL_MS = 40;

class Terminal {
  private readonly socket = `blast-e2e-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  private readonly session = 'explore';
  /** Holds the tmux config; removed with the server. */
  private readonly dir = mkdtempSync(join(tmpdir(), 'blast-tmux-'));

  /**
   * Runs `command` on a private tmux server. A shell reports its exit status afterwards
   * and waits for Enter, so the restored screen and cursor can be checked before the
   * session ends.
   */
  constructor(cols: number, rows: number, command: string) {
    const conf = join(this.dir, 'tmux.conf');
    writeFileSync(conf, 'set -g status off\n');
    const wrapped = `${command}; echo "explorer exited with $?"; read done`;
    this.tmux('-f', conf, 'new-session', '-d', '-s', this.session, '-x', String(cols), '-y', String(rows), '-c', process.cwd(), wrapped);
  }

  tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8' });
  }
  screen(colours = false): string {
    return this.tmux('capture-pane', '-p', ...(colours ? ['-e'] : []), '-t', this.session);
  }
  /** Types literal text, or named keys (Enter, Right, …) with `named`. */
  send(keys: string, named = false): void {
    this.tmux('send-keys', '-t', this.session, ...(named ? [keys] : ['-l', keys]));
  }
  info(format: string): string {
    return this.tmux('display-message', '-p', '-t', this.session, format).trim();
  }
  alive(): boolean {
    return spawnSync('tmux', ['-L', this.socket, 'has-session', '-t', this.session]).status === 0;
  }
  /**
   * The first screen that satisfies `pred` and has stood still for STILL_MS: tmux can capture a
   * frame that ink is still writing (the header of the new frame over the rows of the old), so a
   * screen is returned only once a second capture finds it unchanged.
   */
  async waitFor(pred: (screen: string) => boolean, what: string, ms = KEY_MS): Promise<string> {
    const end = Date.now() + ms;
    let last: string | null = null;
    for (;;) {
      const s = this.screen();
      if (pred(s)) {
        if (s === last || Date.now() > end) return s; // (a screen that never stands still: the last one)
        last = s;
        await new Promise((r) => setTimeout(r, STILL_MS));
        continue;
      }
      last = null;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}; screen:\n${s}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  /**
   * Waits until the explorer has put its terminal in raw mode (the line discipline no longer
   * turns Ctrl-C into SIGINT). ink draws the first frame before it enables raw mode, so a key
   * sent on the first frame could still meet the cooked terminal: Ctrl-C would then be SIGINT
   * (exit 130) instead of the explorer's quit key (exit 0).
   */
  async waitForRawMode(ms = KEY_MS): Promise<void> {
    const tty = this.info('#{pane_tty}');
    const end = Date.now() + ms;
    for (;;) {
      const r = spawnSync('stty', ['-F', tty, '-a'], { encoding: 'utf8' });
      if (r.status === 0 && /(^|\s)-isig(\s|$)/.test(r.stdout) && /(^|\s)-icanon(\s|$)/.test(r.stdout)) return;
      if (Date.now() > end) throw new Error(`the explorer did not put ${tty} in raw mode: ${r.stdout || r.stderr}`);
      await new Promise((res) => setTimeout(res, 20));
    }
  }
  /** The explorer's exit status, once the shell reports it. */
  async exitStatus(): Promise<number> {
    const s = await this.waitFor((x) => /explorer exited with \d+/.test(x), 'the explorer to exit');
    return Number(/explorer exited with (\d+)/.exec(s)![1]);
  }
  /** Ends the shell and waits until the session is gone. */
  async end(ms = KEY_MS): Promise<void> {
    this.send('Enter', true);
    const stop = Date.now() + ms;
    while (this.alive()) {
      if (Date.now() > stop) throw new Error('the tmux session did not end');
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  kill(): void {
    spawnSync('tmux', ['-L', this.socket, 'kill-server']);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The process the pane's shell started (the explorer), from /proc, or from pgrep where there is none. */
function childOf(shell: number): number {
  if (existsSync('/proc')) {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        // the parent pid is the 2nd field after the command name, which is in parentheses
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === shell) return Number(entry);
      } catch {
        // the process ended while listing
      }
    }
  }
  return Number(execFileSync('pgrep', ['-P', String(shell)], { encoding: 'utf8' }).trim().split('\n')[0]);
}

const blast = (env: string) => `env -u FORCE_COLOR ${env} node --import tsx src/cli/main.ts explore catalogs/example-shop`;

describe('blast explore in tmux', () => {
  it.skipIf(!HAS_TMUX)(
    HAS_TMUX ? 'searches, fails a service, scrubs the timeline and quits, restoring the terminal' : 'skipped: tmux is not installed',
    async () => {
      // The timeline's step, from the engine directly: ~60 steps over the simulated span.
      const { catalog } = loadCatalog('catalogs/example-shop');
      const span = simulate(prepareSimulation(catalog!), { fail: ['storage'], forMinutes: 40 }).horizonMinutes;
      const step = [0.25, 0.5, 1, 2, 5, 10, 15, 30, 60].find((s) => s >= span / 60)!;

      const term = new Terminal(120, 40, blast('-u NO_COLOR'));
      try {
        await term.waitFor((s) => s.includes('blast explore · Example shop · 19 services'), 'the first frame', BOOT_MS);
        expect(term.info('#{alternate_on}')).toBe('1');
        await term.waitForRawMode();

        term.send('/');
        term.send('storage');
        let s = await term.waitFor((x) => x.includes('/storage▏'), 'the search prompt');
        expect(s).toContain('1 match');
        term.send('Enter', true);
        s = await term.waitFor((x) => x.includes('Services 1/19 · /storage'), 'the kept filter');
        expect(s).toMatch(/│ ▸ storage +T0/);
        expect(s).toContain('Block storage');

        term.send('f');
        await term.waitFor((x) => x.includes('Fail storage for how long?'), 'the duration question');
        term.send('40m');
        term.send('Enter', true);
        s = await term.waitFor((x) => x.includes('storage fails for 40m'), 'the timeline');
        expect(s).toContain('Critical path');

        term.send('Right', true);
        s = await term.waitFor((x) => x.includes('‖ paused'), 'a paused timeline');
        expect(s).toContain(`t ${formatDuration(step)} of ${formatDuration(span)}`);
        // storage is down for its 40 minutes: symbol and word, no colour needed
        expect(s).toMatch(/│ ▸ ✗ storage/);
        expect(s).toContain('✗ storage down');
        expect(s).toMatch(/✗ \d+ down/);

        term.send('q');
        expect(await term.exitStatus()).toBe(0);
        // the terminal is back: main screen, visible cursor, none of the explorer's frame
        expect(term.info('#{alternate_on}')).toBe('0');
        expect(term.info('#{cursor_flag}')).toBe('1');
        expect(term.screen()).not.toContain('Timeline');
        await term.end();
        expect(term.alive()).toBe(false);
      } finally {
        term.kill();
      }
    },
    120_000,
  );

  it.skipIf(!HAS_TMUX)(
    HAS_TMUX ? 'blast start (npm start) opens on the AWS 2025-10-20 scenario, playing' : 'skipped: tmux is not installed',
    async () => {
      const term = new Terminal(120, 40, 'env -u FORCE_COLOR NO_COLOR=1 node --import tsx src/cli/main.ts start');
      try {
        const s = await term.waitFor((x) => x.includes('Timeline'), 'the scenario on the timeline', BOOT_MS);
        expect(s).toContain('blast explore · AWS us-east-1');
        expect(s).toContain('DynamoDB DNS record emptied (2025-10-20)');
        expect(s).toMatch(/▶ playing|‖ paused/); // paused once it has played to the end
        await term.waitForRawMode();
        term.send('q');
        expect(await term.exitStatus()).toBe(0);
      } finally {
        term.kill();
      }
    },
    120_000,
  );

  it.skipIf(!HAS_TMUX)(
    HAS_TMUX ? 'honours NO_COLOR; quits on Ctrl-C and on SIGTERM' : 'skipped: tmux is not installed',
    async () => {
      const coloured = new Terminal(80, 24, blast('-u NO_COLOR'));
      const plain = new Terminal(80, 24, blast('NO_COLOR=1'));
      try {
        await coloured.waitFor((s) => s.includes('blast explore'), 'the first frame', BOOT_MS);
        await plain.waitFor((s) => s.includes('blast explore'), 'the first frame', BOOT_MS);
        // SGR colour codes: 30-37 foreground, 90-97 bright
        const colour = /\u001b\[(?:[0-9;]*;)?(?:3[0-7]|9[0-7])[;m]/;
        expect(coloured.screen(true)).toMatch(colour);
        expect(plain.screen(true)).not.toMatch(colour);
        await plain.waitFor((s) => /│ ▸ storage/.test(s), 'the service list');
        await plain.waitForRawMode();
        plain.send('C-c', true);
        expect(await plain.exitStatus()).toBe(0);
        expect(plain.info('#{alternate_on}')).toBe('0');
        expect(plain.info('#{cursor_flag}')).toBe('1');
        // SIGTERM: the terminal is restored too, and the status says which signal
        process.kill(childOf(Number(coloured.info('#{pane_pid}'))), 'SIGTERM');
        expect(await coloured.exitStatus()).toBe(143);
        expect(coloured.info('#{alternate_on}')).toBe('0');
        expect(coloured.info('#{cursor_flag}')).toBe('1');
      } finally {
        coloured.kill();
        plain.kill();
      }
    },
    120_000,
  );

  it.skipIf(!HAS_TMUX)(
    HAS_TMUX ? 'm shows the advisor\'s candidates for storage; Enter draws the best against the timeline' : 'skipped: tmux is not installed',
    async () => {
      const { catalog } = loadCatalog('catalogs/example-shop');
      const best = candidatesFor(await adviseForFailure(catalog!, 'storage', 30), 'storage')[0]!;
      const term = new Terminal(140, 45, blast('NO_COLOR=1'));
      try {
        await term.waitFor((s) => s.includes('blast explore · Example shop'), 'the first frame', BOOT_MS);
        await term.waitForRawMode();
        term.send('m');
        const s = await term.waitFor((x) => x.includes('Ranked by service-hours saved'), 'the advisor');
        expect(s).toContain('What would help storage');
        expect(s).toContain(`1. ${best.candidate.title}`.slice(0, 50));
        term.send('Enter', true);
        const t = await term.waitFor((x) => x.includes(`with ${best.candidate.id}:`), 'the candidate on the timeline');
        expect(t).toContain('storage fails for 30m');
        term.send('q');
        expect(await term.exitStatus()).toBe(0);
      } finally {
        term.kill();
      }
    },
    120_000,
  );

  it.skipIf(!HAS_TMUX)(
    HAS_TMUX ? 'a 6,000-service catalog opens before its ranking, which a worker thread computes' : 'skipped: tmux is not installed',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'blast-e2e-big-'));
      const file = join(dir, 'big.yaml');
      writeFileSync(file, syntheticCatalogYaml(6000, 3));
      const term = new Terminal(120, 40, `env -u FORCE_COLOR NO_COLOR=1 node --import tsx src/cli/main.ts explore ${file}`);
      try {
        await term.waitFor((s) => s.includes('blast explore · Synthetic 6000 · 6000 services'), 'the first frame', BOOT_MS);
        // tmux can capture a frame while ink is still writing it: wait for the header and the rows together
        const rows = (x: string) => [...x.matchAll(/│ [▸ ] svc-\d+ .*?(\d+) [│┃]/g)].map((m) => Number(m[1]));
        const s = await term.waitFor(
          (x) => /Services 6000 · by blast radius/.test(x) && rows(x).length > 10,
          'the ranking with its rows',
          BOOT_MS,
        );
        // ranked: the top service's radius is the largest listed
        const radii = rows(s);
        expect(radii).toEqual([...radii].sort((a, b) => b - a));
        await term.waitForRawMode();
        term.send('q');
        expect(await term.exitStatus()).toBe(0);
      } finally {
        term.kill();
        rmSync(dir, { recursive: true, force: true });
      }
    },
    120_000,
  );
});
