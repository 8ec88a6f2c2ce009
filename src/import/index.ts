/** The import formats: each one a pure importer plus what the shell needs to find its files. */
import { DEFAULT_LIMITS, type Importer, type InputLimits } from './model.js';

const MIB = 1048576;
import { importBackstage } from './backstage/import.js';
import { importCompose } from './compose/import.js';
import { importJaeger } from './jaeger/import.js';
import { importOtel } from './otel/import.js';
import { importTerraform } from './terraform/import.js';

export interface ImportFormat {
  readonly name: string;
  readonly summary: string;
  readonly importer: Importer;
  /** File name endings searched for in input directories. */
  readonly extensions: readonly string[];
  /** Dependencies come from observed calls (--min-calls and --hard apply). */
  readonly traces: boolean;
  /** Size limits of the inputs and the files they name, checked before reading (docs/security.md). */
  readonly limits: InputLimits;
}

export const FORMATS: Readonly<Record<string, ImportFormat>> = {
  backstage: { name: 'backstage', summary: 'Backstage descriptor files (catalog-info.yaml; Component, Resource, System, API, Location)', importer: importBackstage, extensions: ['.yaml', '.yml'], traces: false, limits: DEFAULT_LIMITS },
  compose: { name: 'compose', summary: 'Compose files (depends_on, links, volumes_from, network_mode; extends, interpolation, profiles)', importer: importCompose, extensions: ['.yaml', '.yml'], traces: false, limits: DEFAULT_LIMITS },
  jaeger: { name: 'jaeger', summary: 'Jaeger dependencies JSON (GET /api/dependencies)', importer: importJaeger, extensions: ['.json'], traces: true, limits: { maxFileBytes: 64 * MIB, maxTotalBytes: 64 * MIB } },
  otel: { name: 'otel', summary: 'OpenTelemetry service-graph metrics, Prometheus text format', importer: importOtel, extensions: ['.prom', '.txt', '.metrics'], traces: true, limits: DEFAULT_LIMITS },
  terraform: { name: 'terraform', summary: '`terraform graph` DOT output', importer: importTerraform, extensions: ['.dot', '.gv'], traces: false, limits: DEFAULT_LIMITS },
};

export const FORMAT_NAMES: readonly string[] = Object.keys(FORMATS);

export * from './model.js';
export { assignIds, normaliseId } from './ids.js';
export { isPartFileName, partFileName, renderCatalog, renderCatalogParts, type CatalogPart } from './write.js';
export { mergeCatalog, type MergeResult } from './merge.js';
export { findCycles } from './cycles.js';
