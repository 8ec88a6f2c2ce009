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
  const row = (what: string, ms: number) => `| ${what} | ${ms.toFixed(0)} | ${(ms / m.node).toFixed(2)}× |`;
  return [
    '## Start-up',
    '',
    `Median wall time of ${REPS} runs each, alternating, of the compiled CLI (dist/) against starting Node alone. Target: \`blast --help\` under 300 ms.`,
    '',
    '| command | ms | vs `node -e 0` |',
    '|---|---:|---:|',
    row('`node -e 0`', m.node),
    row('`blast --version`', m.version),
    row('`blast --help`', m.help),
    '',
    `\`blast --help\`: ${m.help.toFixed(0)} ms, ${m.help < 300 ? 'under' : 'OVER'} the 300 ms target.`,
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) console.log(await run());
