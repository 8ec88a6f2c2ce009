/**
 * Is the engine of the working tree faster or slower than the engine of another commit?
 * `npx tsx scripts/engine-ab.ts <commit> [--services 1000] [--modes read,rec,uns,none] [--rounds 6]`.
 *
 * Each measurement is a process of its own that loads one engine, warms it up and keeps the
 * least CPU time of many batches of runs (as bench/engine-reference.ts does); the two engines
 * take turns, process after process, and the script prints the median of each and their ratio
 * with its range. Why processes of their own: timing two engines (or an engine and the frozen
 * reference) side by side in one process is biased by several per cent, in a direction that
 * depends on which was loaded first and on what they share; the same code against itself has
 * come out at 0.985 that way, and one change at +7 % that separate processes put at +2.5 %.
 * Separate processes vary by about ±2 % each, so a difference of 2 % or more shows over six
 * rounds; a smaller one does not.
 *
 * The other commit is checked out into a temporary git worktree (node_modules linked to this
 * one), removed at the end. Modes: `read` (a run whose curves and unserved minutes are read, as
 * `blast simulate` does), `rec` (curves recorded, not read), `uns` (only the unserved minutes
 * read, as `blast rank --hours` and `blast advise` do), `none` (no curves, as Monte Carlo runs).
 * Every process first loads yaml, as the CLI and the benchmark do: whether a CommonJS package is
 * loaded moves an engine's CPU time by several per cent.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { engineRunner, leastCpuMs, type EngineMode } from '../bench/timing.js';

const USAGE = `Usage: npx tsx scripts/engine-ab.ts <commit> [--services <n>] [--modes read,rec,uns,none] [--rounds <n>]
The engine of the working tree against the engine of <commit>: CPU time per run, each measured
in a process of its own, the two taking turns.
  --services <n>   synthetic catalog size (default 1000)
  --modes <list>   which runs to time: read, rec, uns, none (default read,none)
  --rounds <n>     processes per engine and mode (default 6)
`;
const MODES = ['read', 'rec', 'uns', 'none'] as const;
type Mode = EngineMode;

/** In a child process: time one engine (the tree at `root`) in one mode; print ms per run. */
async function child(root: string, mode: Mode, services: number): Promise<void> {
  await import('yaml');
  const engine = (await import(pathToFileURL(join(root, 'src/engine/index.js')).href)) as typeof import('../src/engine/index.js');
  const { syntheticCatalog } = (await import(pathToFileURL(join(root, 'bench/synthetic.js')).href)) as typeof import('../bench/synthetic.js');
  const m = engine.buildModel(engine.prepareSimulation(syntheticCatalog(services, 7)), { fail: ['s0'], forMinutes: 60 });
  const v = m.params.medians();
  process.stdout.write(`${leastCpuMs(engineRunner(engine.run, m, v, mode), services >= 10_000, services >= 10_000 ? 25 : 150)}\n`);
}

function fail(message: string): never {
  process.stderr.write(`error: ${message}\n\n${USAGE}`);
  process.exit(2);
}

if (process.env.ENGINE_AB_CHILD) {
  const [root, mode, services] = JSON.parse(process.env.ENGINE_AB_CHILD) as [string, Mode, number];
  await child(root, mode, services);
} else {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ allowPositionals: true, options: { services: { type: 'string' }, modes: { type: 'string' }, rounds: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  } catch (e) {
    fail((e as Error).message);
  }
  if (parsed.values.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  if (parsed.positionals.length !== 1) fail('name one commit to compare with');
  const commit = parsed.positionals[0]!;
  const services = Number(parsed.values.services ?? 1000);
  if (!Number.isInteger(services) || services < 10 || services > 200_000) fail(`--services: a whole number from 10 to 200000, got "${String(parsed.values.services)}"`);
  const rounds = Number(parsed.values.rounds ?? 6);
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > 100) fail(`--rounds: a whole number from 1 to 100, got "${String(parsed.values.rounds)}"`);
  const modes = String(parsed.values.modes ?? 'read,none').split(',') as Mode[];
  for (const m of modes) if (!MODES.includes(m)) fail(`--modes: "${m}" is not one of ${MODES.join(', ')}`);
  const root = resolve(import.meta.dirname, '..');
  try {
    execFileSync('git', ['-C', root, 'rev-parse', '--verify', '--quiet', `${commit}^{commit}`], { stdio: 'ignore' });
  } catch {
    fail(`"${commit}" is not a commit of this repository`);
  }

  const dir = mkdtempSync(join(tmpdir(), 'engine-ab-'));
  const other = join(dir, 'tree');
  execFileSync('git', ['-C', root, 'worktree', 'add', '--detach', '--quiet', other, commit]);
  try {
    symlinkSync(join(root, 'node_modules'), join(other, 'node_modules'));
    const tsx = join(root, 'node_modules', '.bin', 'tsx');
    const measure = (tree: string, mode: Mode): number =>
      Number(execFileSync(tsx, [import.meta.filename], { env: { ...process.env, ENGINE_AB_CHILD: JSON.stringify([tree, mode, services]) }, encoding: 'utf8' }).trim());
    const median = (xs: readonly number[]): number => {
      const s = [...xs].sort((a, b) => a - b);
      return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
    };
    console.log(`synthetic power-law catalog, ${services} services, s0 down 1 h; CPU ms per run, least of many batches, one process per measurement`);
    console.log(`this tree against ${commit}, ${rounds} processes each, taking turns\n`);
    console.log(`mode   this tree (range)        ${commit.slice(0, 10)} (range)       this / other (range of pairs)`);
    for (const mode of modes) {
      const ours: number[] = [];
      const theirs: number[] = [];
      // alternate which goes first, so neither always runs on a machine the other just warmed
      for (let r = 0; r < rounds; r++) {
        if (r % 2 === 0) { ours.push(measure(root, mode)); theirs.push(measure(other, mode)); }
        else { theirs.push(measure(other, mode)); ours.push(measure(root, mode)); }
      }
      const pairs = ours.map((x, k) => x / theirs[k]!);
      const range = (xs: readonly number[], d: number): string => `${Math.min(...xs).toFixed(d)}–${Math.max(...xs).toFixed(d)}`;
      console.log(`${mode.padEnd(5)}  ${median(ours).toFixed(3)} (${range(ours, 3)})    ${median(theirs).toFixed(3)} (${range(theirs, 3)})   ${(median(ours) / median(theirs)).toFixed(3)} (${range(pairs, 2)})`);
    }
  } finally {
    execFileSync('git', ['-C', root, 'worktree', 'remove', '--force', other]);
    rmSync(dir, { recursive: true, force: true });
  }
}
