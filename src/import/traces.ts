/**
 * Shared by the trace importers (Jaeger, OpenTelemetry service graph): observed
 * calls between services → services and edges. Request edges are `soft` unless
 * `hard` is asked for (traces show that a call happens, not that the caller fails
 * without it); messaging edges become `async` dependencies of the consumer on the producer.
 */
import type { SourcePos } from '../catalog/model.js';
import { diag, ServiceTable, type ImportDiagnostic, type ImportOptions, type ImportResult } from './model.js';

export interface CallObservation {
  /** The calling service (Jaeger `parent`, service-graph `client`). */
  readonly client: string;
  /** The called service (Jaeger `child`, service-graph `server`). */
  readonly server: string;
  readonly calls: number;
  readonly failed?: number;
  /** True when the call went through a messaging system (producer → consumer). */
  readonly messaging?: boolean;
  readonly pos: SourcePos;
}

const fmt = (n: number): string => (Number.isInteger(n) ? String(n) : String(Math.round(n * 100) / 100));

/** Aggregates observations per (client, server, kind) and builds the import result. */
export function servicesFromCalls(format: 'jaeger' | 'otel', observations: readonly CallObservation[], options: ImportOptions, diagnostics: ImportDiagnostic[]): ImportResult {
  const agg = new Map<string, { o: CallObservation; calls: number; failed: number; hasFailed: boolean }>();
  for (const o of observations) {
    const k = JSON.stringify([o.client, o.server, Boolean(o.messaging)]);
    const a = agg.get(k);
    if (a) {
      a.calls += o.calls;
      a.failed += o.failed ?? 0;
      a.hasFailed ||= o.failed !== undefined;
    } else agg.set(k, { o, calls: o.calls, failed: o.failed ?? 0, hasFailed: o.failed !== undefined });
  }
  const table = new ServiceTable();
  const addService = (name: string, pos: SourcePos): void => {
    table.add({ key: name, idHint: name, name, pos, labels: {} });
  };
  const min = options.minCalls ?? 0;
  const connected = new Set<string>();
  const entries = [...agg.values()].sort((x, y) => (x.o.pos.file < y.o.pos.file ? -1 : x.o.pos.file > y.o.pos.file ? 1 : x.o.pos.line - y.o.pos.line || x.o.pos.col - y.o.pos.col));
  for (const { o, calls, failed, hasFailed } of entries) {
    addService(o.client, o.pos);
    addService(o.server, o.pos);
    if (o.client === o.server) {
      diagnostics.push(diag('note', 'self-edge', `${o.client} calls itself (${fmt(calls)} calls); a service cannot depend on itself, so no edge is written`, o.pos));
      continue;
    }
    if (calls < min) continue;
    connected.add(o.client).add(o.server);
    const failedText = hasFailed ? `, ${fmt(failed)} failed` : '';
    if (o.messaging) {
      // The consumer needs the producer's messages; the producer is unaffected when the consumer stops.
      table.addEdge(o.server, { target: o.client, type: 'async', why: `${format}: ${fmt(calls)} messages from ${o.client} through a messaging system${failedText}`, pos: o.pos });
    } else {
      const noun = format === 'jaeger' ? 'calls' : 'requests';
      table.addEdge(o.client, { target: o.server, type: options.hard ? 'hard' : 'soft', why: `${format}: ${fmt(calls)} ${noun}${failedText}`, pos: o.pos });
    }
  }
  if (min > 0) table.removeWhere((key) => connected.has(key));
  return { services: table.toList(), diagnostics };
}
