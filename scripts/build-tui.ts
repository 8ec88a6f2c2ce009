/**
 * Bundles the terminal explorer's UI (src/tui/run.tsx with ink, React and their dependencies)
 * into dist/tui/ui.bundle.js: part of `npm run build`. Importing ink's ~500 modules one by one
 * (es-toolkit alone is some 200) took about 0.5 s of CPU before the explorer's first frame; one
 * file takes about 0.1 s. React's production build is compiled in; src/tui/index.ts falls back
 * to the unbundled modules when there is no bundle or NODE_ENV asks for another build.
 */
import { build } from 'esbuild';

await build({
  entryPoints: ['src/tui/run.tsx'],
  outfile: 'dist/tui/ui.bundle.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: true,
  legalComments: 'eof',
  define: { 'process.env.NODE_ENV': '"production"' },
  // CommonJS dependencies (React) call require; an ES module has none of its own
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  plugins: [
    {
      // ink's React DevTools hook, used only in development, imports a package that is not installed
      name: 'no-devtools',
      setup(b) {
        b.onResolve({ filter: /^react-devtools-core$/ }, () => ({ path: 'react-devtools-core', namespace: 'no-devtools' }));
        b.onLoad({ filter: /.*/, namespace: 'no-devtools' }, () => ({ contents: 'export default { initialize() {}, connectToDevTools() {} };', loader: 'js' }));
      },
    },
  ],
  logLevel: 'warning',
});
console.error('wrote: dist/tui/ui.bundle.js');
