/** The architecture-review analyses: re-exports only. */
export * from './findings.js';
export * from './semantics.js';
export * from './sweep.js';
export * from './subgraph.js';
export * from './spof.js';
export * from './shared-fate.js';
export * from './cut-sets.js';
export * from './cycles.js';
export * from './tier-inversions.js';
export * from './rank.js';
export * from './review.js';
export * from './baseline.js';
export * from './diff.js';
export * from './render/markdown.js';
export * from './render/sarif.js';
export * from './service-hours.js';
