/**
 * `npm run bench`: runs every benchmark file in bench/ (each exports `run(): Promise<string>`
 * returning a markdown section whose figures are rows of bench/rows.ts: measured, reference
 * measured in the same run, ratio, target) and prints the sections. `npm run bench -- engine tui`
 * runs only those. With `--write`, each section that ran replaces its own block in the
 * "Latest run" part of docs/performance.md (blocks of sections that did not run are kept), so
 * the document's tables are the output of this command, never typed by hand.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';
import { cpus, loadavg } from 'node:os';
import { writeFileAtomic } from '../src/cli/write-file.js';
import { replaceBlock } from './blocks.js';

const here = dirname(fileURLToPath(import.meta.url));
const doc = join(here, '..', 'docs', 'performance.md');
const skip = new Set(['run.ts', 'synthetic.ts', 'timing.ts', 'power-law.ts', 'rows.ts', 'blocks.ts', 'thread-cpu.ts', 'worker-scaling.ts']);
const args = process.argv.slice(2);
const write = args.includes('--write');
const only = args.filter((a) => a !== '--write');
const files = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && !skip.has(f))
  .filter((f) => only.length === 0 || only.includes(f.replace(/\.ts$/, '')))
  .sort();
const unknown = only.filter((o) => !files.includes(`${o}.ts`));
if (unknown.length) {
  console.error(`no benchmark named ${unknown.join(', ')}; the benchmarks are: ${readdirSync(here).filter((f) => f.endsWith('.ts') && !skip.has(f)).map((f) => f.replace(/\.ts$/, '')).join(', ')}`);
  process.exit(2);
}

const machine = `Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'})`;
console.log(`# Benchmarks\n\n${machine}.\n`);
let failed = false;
let text = write ? readFileSync(doc, 'utf8') : '';
for (const f of files) {
  const name = f.replace(/\.ts$/, '');
  const mod = (await import(pathToFileURL(join(here, f)).href)) as { run?: () => Promise<string> };
  if (typeof mod.run !== 'function') continue;
  const load = loadavg()[0]!.toFixed(1);
  try {
    const section = await mod.run();
    console.log(section);
    console.log();
    if (write) {
      const stamp = `_\`npm run bench -- ${name}\`, ${new Date().toISOString().slice(0, 10)}, ${machine}, load average ${load} at the start._`;
      text = replaceBlock(text, name, `${section.replace(/^## /, '### ')}\n\n${stamp}`);
    }
  } catch (e) {
    failed = true;
    console.error(`bench/${f} failed: ${(e as Error).stack ?? String(e)}`);
  }
}
if (write) {
  writeFileAtomic(doc, text);
  console.log(`wrote the sections that ran into ${doc}`);
}
process.exitCode = failed ? 1 : 0;
