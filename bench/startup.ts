/**
 * Start-up benchmark: wall time of `blast --help` as an installed user runs it (the compiled
 * JavaScript in dist/, `node dist/cli/main.js --help`), against `node -e 0` (the cost of
 * starting Node at all) in the same run. Target: under 300 ms. Needs a build (`npm run build`);
 * without one the section says so.
 *
 * Run alone with `npx tsx bench/startup.ts`, or with the others through `npm run bench`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { median } from './timing.js';
import { fmtMs, table, type Row } from './rows.js';

const REPS = 21;
const main = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));

function wall(args: readonly string[]): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${String(r.stderr)}`);
  return ms;
}

/** Median wall time of `reps` runs, alternating the two commands so load affects both alike. */
function measure(reps: number): { node: number; help: number; version: number } {
  const node: number[] = [];
  const help: number[] = [];
  const version: number[] = [];
  wall(['-e', '0']);
  wall([main, '--help']);
  for (let r = 0; r < reps; r++) {
    node.push(wall(['-e', '0']));
    help.push(wall([main, '--help']));
    version.push(wall([main, '--version']));
  }
  return { node: median(node), help: median(help), version: median(version) };
}

export async function run(): Promise<string> {
  if (!existsSync(main)) return '## Start-up\n\nSkipped: no build in dist/ (run `npm run build` first).';
  const m = measure(REPS);
  const node = `\`node -e 0\`: ${fmtMs(m.node)}`;
  const rows: Row[] = [
    { work: '`blast --version`, compiled CLI', measured: fmtMs(m.version), reference: node, ratio: m.version / m.node },
    { work: '`blast --help`, compiled CLI', measured: fmtMs(m.help), reference: node, ratio: m.help / m.node, target: '< 300 ms', met: m.help < 300 },
  ];
  return ['## Start-up', '', `Median wall time of ${REPS} runs each, alternating, of the compiled CLI (dist/) against starting Node alone.`, '', table(rows)].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) console.log(await run());
