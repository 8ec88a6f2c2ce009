/**
 * Bundles the command line (src/cli/main.ts, the commands and the core they use, commander,
 * yaml, graphology) into dist/cli/main.js and one file per lazily loaded part (each command,
 * and what several of them share), written next to it as `<name>-<hash>.js`: part of
 * `npm run build`, after tsc. Node resolves and reads each ES module file on its own: the
 * ~150 files a command used to load cost about 40 ms of CPU before it did anything, and
 * `blast --version` / `--help` three to four times the start of Node itself; the bundle
 * loads a command in a few files.
 *
 * What stays outside the bundle, as tsc wrote it to dist/: the worker threads (engine, fit,
 * advise, rank, the explorer's analysis), which start from their own files; the explorer's UI
 * (dist/tui/ui.bundle.js, scripts/build-tui.ts) and its unbundled fallback; and packages not
 * listed in BUNDLED (ink, React, esbuild for the HTML page in a checkout...), loaded from
 * node_modules as before. A module that finds files next to itself (`import.meta.url`: the
 * package root, package.json, the bundled catalog, workers) is given the URL of its own file
 * under dist/, so it finds them as it did unbundled.
 */
import { build, type Plugin } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist', 'cli');

/** Packages compiled into the bundle: pure JavaScript the commands load at start-up. */
const BUNDLED = /^(commander|yaml|diff|graphology|graphology-(traversal|utils|indices)|mnemonist|obliterator)(\/|$)/;

/** Sources whose own file under dist/ is imported at run time instead (the explorer's unbundled UI). */
const KEPT_OUT = [join(root, 'src', 'tui', 'run.tsx')];

/** Where tsc writes `src/x/y.ts`: dist/x/y.js. */
const distFile = (source: string): string => join(root, 'dist', relative(join(root, 'src'), source)).replace(/\.tsx?$/, '.js');

/** A relative module specifier from the bundle's directory. */
const fromOutdir = (file: string): string => {
  const r = relative(outdir, file).split('\\').join('/');
  return r.startsWith('.') ? r : `./${r}`;
};

const layout: Plugin = {
  name: 'blast-layout',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('node:') || !BUNDLED.test(args.path)) return { path: args.path, external: true };
      return undefined;
    });
    b.onResolve({ filter: /^\./ }, (args) => {
      const target = resolve(args.resolveDir, args.path).replace(/\.js$/, '');
      const kept = KEPT_OUT.find((k) => k.replace(/\.tsx?$/, '') === target);
      return kept ? { path: fromOutdir(distFile(kept)), external: true } : undefined;
    });
    b.onLoad({ filter: /[\\/]src[\\/].*\.tsx?$/ }, async (args) => {
      let text = await readFile(args.path, 'utf8');
      if (text.includes('import.meta.url')) {
        // every chunk is in dist/cli/: the URL of this module's own file under dist/
        text = text.replaceAll('import.meta.url', `new URL(${JSON.stringify(fromOutdir(distFile(args.path)))}, import.meta.url).href`);
      }
      return { contents: text, loader: args.path.endsWith('x') ? 'tsx' : 'ts' };
    });
  },
};

await build({
  entryPoints: [join(root, 'src', 'cli', 'main.ts')],
  outdir,
  entryNames: '[name]',
  chunkNames: '[name]-[hash]',
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  tsconfig: join(root, 'tsconfig.build.json'),
  // commander is CommonJS and requires Node's modules; an ES module has no `require` of its own
  banner: { js: "import { createRequire as __blastRequire } from 'node:module'; const require = __blastRequire(import.meta.url);" },
  plugins: [layout],
  logLevel: 'warning',
});
console.error('wrote: dist/cli/main.js (bundled)');
