/**
 * Architecture boundaries, checked by `npm run lint`: the core (catalog, graph,
 * analysis, engine, report) is pure; only the shell (cli, loaders, tui, importers'
 * readers) touches the file system, the process, or the terminal.
 */
module.exports = {
  forbidden: [
    {
      name: 'core-is-pure',
      comment: 'catalog/graph/analysis/engine/report must not touch fs, the process or child processes; loaders are the exception',
      severity: 'error',
      from: { path: '^src/(catalog|graph|analysis|engine|report)/', pathNot: ['^src/catalog/load\\.ts$', '^src/engine/workers?/', '^src/engine/parallel\\.ts$'] },
      to: { path: '^(fs|node:fs|fs/promises|node:fs/promises|child_process|node:child_process|readline|node:readline)$' },
    },
    {
      name: 'core-does-not-import-shell',
      comment: 'the core never imports the CLI or the terminal UI',
      severity: 'error',
      from: { path: '^src/(catalog|graph|analysis|engine|report|import)/' },
      to: { path: '^src/(cli|tui)/' },
    },
    {
      name: 'core-has-no-ui-framework',
      comment: 'ink and react belong to the TUI only',
      severity: 'error',
      from: { path: '^src/(catalog|graph|analysis|engine|report|import|cli)/' },
      to: { path: 'node_modules/(ink|react)/' },
    },
    {
      name: 'web-page-uses-the-core-only',
      comment: 'the HTML page (src/web) is bundled for the browser: it may use the pure core, never the CLI, the TUI, the loaders or Node built-ins',
      severity: 'error',
      from: { path: '^src/web/' },
      to: { path: ['^src/(cli|tui|import)/', '^src/catalog/load\\.ts$', '^src/engine/(parallel|worker)\\.ts$', 'node_modules/(ink|react)/'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'web-page-no-node-builtins',
      comment: 'nothing the browser lacks',
      severity: 'error',
      from: { path: '^src/web/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
