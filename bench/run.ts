/**
 * `npm run bench`: runs every benchmark file in bench/ (each exports `run(): Promise<string>`
 * returning a markdown section) and prints the sections. `npm run bench -- engine tui` runs
 * only those. Figures belong in docs/performance.md, quoted as ratios to the baselines each
 * section measures in the same run.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';
import { cpus } from 'node:os';

const here = dirname(fileURLToPath(import.meta.url));
const skip = new Set(['run.ts', 'synthetic.ts', 'timing.ts', 'power-law.ts', 'rows.ts']);
const only = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && !skip.has(f))
  .filter((f) => only.length === 0 || only.includes(f.replace(/\.ts$/, '')))
  .sort();

console.log(`# Benchmarks\n\nNode ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}).\n`);
let failed = false;
for (const f of files) {
  const mod = (await import(pathToFileURL(join(here, f)).href)) as { run?: () => Promise<string> };
  if (typeof mod.run !== 'function') continue;
  try {
    console.log(await mod.run());
    console.log();
  } catch (e) {
    failed = true;
    console.error(`bench/${f} failed: ${(e as Error).stack ?? String(e)}`);
  }
}
process.exitCode = failed ? 1 : 0;
