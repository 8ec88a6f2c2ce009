/**
 * Start-up benchmark: `blast --version`, `blast --help` and `blast validate` of a one-service
 * catalog as an installed user runs them (the built CLI, `node dist/cli/main.js ...`), against
 * `node -e 0` (the cost of starting Node at all) in the same run. Each figure is the median of
 * REPS runs, the commands alternating so that the load of a shared machine falls on all of them
 * alike, in CPU time (user + system of every thread, reported by the process itself at exit,
 * bench/rss-hook.mjs), which that load inflates far less than wall time, and in wall time.
 * Target: `blast --help` under 300 ms of wall time. Needs a build (`npm run build`); without
 * one the section says so.
 *
 * Run alone with `npx tsx bench/startup.ts`, or with the others through `npm run bench`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { median } from './timing.js';
import { fmtMs, table, type Row } from './rows.js';

const REPS = 21;
const main = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
const rssHook = pathToFileURL(fileURLToPath(new URL('./rss-hook.mjs', import.meta.url))).href;

interface Run {
  readonly wall: number;
  readonly cpu: number;
}

function once(args: readonly string[]): Run {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', rssHook, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  const wall = performance.now() - t0;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${String(r.stderr)}`);
  const cpu = /blast-bench-cpu (\d+)/.exec(String(r.stderr));
  return { wall, cpu: cpu ? Number(cpu[1]) / 1000 : NaN };
}

/** Median CPU and wall time of `reps` runs of each command, alternating. */
function measure(reps: number, commands: ReadonlyArray<readonly string[]>): Run[] {
  const runs: Run[][] = commands.map(() => []);
  for (const c of commands) once(c);
  for (let r = 0; r < reps; r++) commands.forEach((c, i) => runs[i]!.push(once(c)));
  return runs.map((rs) => ({ wall: median(rs.map((x) => x.wall)), cpu: median(rs.map((x) => x.cpu)) }));
}

const both = (r: Run): string => `${fmtMs(r.cpu)} CPU (${fmtMs(r.wall)} wall)`;

export async function run(): Promise<string> {
  if (!existsSync(main)) return '## Start-up\n\nSkipped: no build in dist/ (run `npm run build` first).';
  const dir = mkdtempSync(join(tmpdir(), 'blast-startup-'));
  const load0 = loadavg()[0]!;
  try {
    const one = join(dir, 'one.yaml');
    writeFileSync(one, 'version: 1\nservices:\n  a:\n    name: A\n');
    const [node, version, help, validate] = measure(REPS, [['-e', '0'], [main, '--version'], [main, '--help'], [main, 'validate', one]]) as [Run, Run, Run, Run];
    const ref = `\`node -e 0\`: ${both(node)}`;
    const rows: Row[] = [
      { work: '`blast --version`, built CLI (answered before commander or any command loads)', measured: both(version), reference: ref, ratio: version.cpu / node.cpu },
      { work: '`blast --help`, built CLI (commander and the command summaries; no command module)', measured: both(help), reference: ref, ratio: help.cpu / node.cpu, target: '< 300 ms wall', met: help.wall < 300 },
      { work: '`blast validate` of a one-service catalog, built CLI (the start-up of a command)', measured: both(validate), reference: ref, ratio: validate.cpu / node.cpu },
    ];
    return [
      '## Start-up',
      '',
      `Median of ${REPS} runs each, alternating, of the built CLI (dist/) against starting Node alone; Node ${process.version}, ${cpus().length} cores, load average ${load0.toFixed(1)} at the start and ${loadavg()[0]!.toFixed(1)} at the end. Ratios are of CPU times.`,
      '',
      table(rows),
    ].join('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) console.log(await run());
