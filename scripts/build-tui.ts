/**
 * Bundles the terminal explorer's UI (src/tui/run.tsx with ink, React and their dependencies)
 * into dist/tui/ui.bundle.js: part of `npm run build`. Importing ink's ~500 modules one by one
 * (es-toolkit alone is some 200) took about 0.5 s of CPU before the explorer's first frame; one
 * file takes about 0.1 s. React's production build is compiled in; src/tui/index.ts falls back
 * to the unbundled modules when there is no bundle or NODE_ENV asks for another build.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { build, type Plugin } from 'esbuild';

const WASM_URI = /H="data:application\/octet-stream;base64,([A-Za-z0-9+/=]+)"/;

/**
 * yoga-layout (ink's layout engine) carries its WebAssembly as a base64 data URI and, on Node,
 * loads it with `fetch`: the first fetch loads Node's HTTP client (undici) and decodes the URI
 * in JavaScript, about 15 ms of CPU before the first frame. Emscripten skips all that when it is
 * given the bytes (`wasmBinary`): the entry module is replaced by one that decodes the same
 * base64 with Buffer and passes it, and the copy in the glue is emptied. The build fails if
 * yoga-layout changes shape, rather than silently keeping the slow path.
 */
const yogaWasmBinary: Plugin = {
  name: 'yoga-wasm-binary',
  setup(b) {
    const glueOf = (dir: string): string => readFileSync(join(dir, '../binaries/yoga-wasm-base64-esm.js'), 'utf8');
    b.onLoad({ filter: /yoga-layout[\\/]dist[\\/]src[\\/]index\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const wasm = WASM_URI.exec(glueOf(dirname(args.path)))?.[1];
      if (!source.includes('wrapAssembly(await loadYoga())') || wasm === undefined) throw new Error(`yoga-layout changed shape (${args.path}): update the yoga-wasm-binary step of scripts/build-tui.ts`);
      const contents = [
        "import loadYoga from '../binaries/yoga-wasm-base64-esm.js';",
        "import wrapAssembly from './wrapAssembly.js';",
        `const Yoga = wrapAssembly(await loadYoga({ wasmBinary: Buffer.from(${JSON.stringify(wasm)}, 'base64') }));`,
        'export default Yoga;',
        "export * from './generated/YGEnums.js';",
      ].join('\n');
      return { contents, loader: 'js', resolveDir: dirname(args.path) };
    });
    b.onLoad({ filter: /yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/ }, (args) => {
      const glue = glueOf(join(dirname(args.path), '../src'));
      if (!WASM_URI.test(glue)) throw new Error(`yoga-layout changed shape (${args.path}): update the yoga-wasm-binary step of scripts/build-tui.ts`);
      return { contents: glue.replace(WASM_URI, 'H="data:application/octet-stream;base64,"'), loader: 'js' };
    });
  },
};

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
    yogaWasmBinary,
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
