/**
 * Worker thread of the explorer: the single-failure sweeps of a large catalog (state/data.ts),
 * over the compiled graph it is sent, or over its own reading of the catalog's files when they
 * are unchanged since the explorer read them (analyse.ts); the graph it compiled then goes back
 * with the analysis, its arrays transferred. It answers null when its reading is not the
 * explorer's catalog.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadCatalog } from '../catalog/load.js';
import { compileGraph, type CompiledGraph } from '../graph/compile.js';
import { analyseBadges, analyseRanking, criticalIndices, type Analysis } from './state/data.js';
import { unchangedSince } from './advice-protocol.js';

export type AnalysisSource = { readonly cg: CompiledGraph; readonly critical: number[] } | { readonly path: string; readonly notModifiedSince: number; readonly services: number };

/** The compiled graph without its ids and index, which the explorer has already. */
export type GraphArrays = Omit<CompiledGraph, 'ids' | 'index'>;

/** The analysis, with the graph it compiled (null: it was sent one); null when its catalog is not the explorer's. */
export type AnalysisAnswer = { readonly analysis: Analysis; readonly graph: GraphArrays | null } | null;

function answer(source: AnalysisSource): { msg: AnalysisAnswer; transfer: ArrayBuffer[] } {
  if ('cg' in source) return { msg: { analysis: { ...analyseRanking(source.cg), ...analyseBadges(source.cg, source.critical) }, graph: null }, transfer: [] };
  const { catalog } = loadCatalog(source.path);
  if (!catalog || catalog.services.size !== source.services || !unchangedSince(catalog, source.notModifiedSince)) return { msg: null, transfer: [] };
  const cg = compileGraph(catalog);
  const analysis: Analysis = { ...analyseRanking(cg), ...analyseBadges(cg, criticalIndices(catalog, cg)) };
  const { ids: _ids, index: _index, ...graph } = cg;
  const transfer = Object.values(graph).filter((v): v is Uint32Array => ArrayBuffer.isView(v)).map((a) => a.buffer as ArrayBuffer);
  return { msg: { analysis, graph }, transfer };
}

const { msg, transfer } = answer(workerData as AnalysisSource);
parentPort!.postMessage(msg, transfer);
