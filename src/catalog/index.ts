export * from './model.js';
export * from './diagnostics.js';
export * from './units.js';
export { buildCatalog, type BuildOptions, type BuildResult, type CatalogSource } from './build.js';
export { catalogSchema, ID_PATTERN } from './schema.js';
