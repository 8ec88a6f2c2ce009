/**
 * OpenTelemetry service-graph metrics → services and edges.
 *
 * Reads the Prometheus text exposition of the Collector's `servicegraph` connector
 * (opentelemetry-collector-contrib connector/servicegraphconnector/README.md, after
 * Grafana Tempo's service graphs): `traces_service_graph_request_total{client, server,
 * connection_type}` counts requests from client to server, and
 * `traces_service_graph_request_failed_total` the failed ones. Names are matched with
 * or without the `_total` suffix (and with a doubled one, from exporters that append
 * it again) and after any exporter namespace prefix such as `servicegraph_`.
 * Series of one edge (other connection types, dimensions, a `failed` label) are summed.
 * `connection_type="messaging_system"` edges are producer → consumer, so they become
 * `async` dependencies of the consumer (server) on the producer (client).
 */
import { diag, type ImportDiagnostic, type Importer } from '../model.js';
import { servicesFromCalls, type CallObservation } from '../traces.js';
import { parsePromText, type Sample } from './prom-text.js';

/** `(prefix_)traces_service_graph_request(_failed)(_total)(_total)` */
export const REQUEST_METRIC_RE = /(?:^|_)traces_service_graph_request(_failed)?(?:_total){0,2}$/;

interface EdgeAgg {
  first: Sample;
  requests: number;
  hasRequests: boolean;
  failedMetric: number;
  hasFailedMetric: boolean;
  failedLabel: number;
  hasFailedLabel: boolean;
}

export const importOtel: Importer = (sources, options) => {
  const diagnostics: ImportDiagnostic[] = [];
  const series = new Map<string, Sample>();
  let sampleCount = 0;
  for (const source of sources) {
    const { samples, diagnostics: ds } = parsePromText(source);
    diagnostics.push(...ds);
    for (const s of samples) {
      const m = REQUEST_METRIC_RE.exec(s.name);
      if (!m) continue;
      sampleCount++;
      if (!s.labels.client || !s.labels.server) {
        diagnostics.push(diag('warning', 'missing-field', `${s.name} without ${!s.labels.client ? 'a client' : 'a server'} label; skipped`, s.pos, { text: source.text }));
        continue;
      }
      if (!Number.isFinite(s.value) || s.value < 0) {
        diagnostics.push(diag('warning', 'invalid-value', `${s.name} has value ${s.value}; skipped`, s.pos, { text: source.text }));
        continue;
      }
      const id = JSON.stringify([s.name, Object.entries(s.labels).sort(([a], [b]) => (a < b ? -1 : 1))]);
      const prev = series.get(id);
      if (prev) {
        diagnostics.push(diag('warning', 'duplicate', `the same series appears again (first at line ${prev.pos.line}); the later sample is used`, s.pos, { text: source.text }));
        // Keep the first position, take the value with the later timestamp (or the later line).
        if ((s.timestamp ?? Infinity) >= (prev.timestamp ?? -Infinity)) series.set(id, { ...s, pos: prev.pos });
        continue;
      }
      series.set(id, s);
    }
  }
  if (diagnostics.some((d) => d.severity === 'error')) return { services: [], diagnostics };
  if (sampleCount === 0 && sources.length) {
    diagnostics.push(diag('warning', 'no-services', 'no traces_service_graph_request_total series in the input', { file: sources[0]!.file, line: 1, col: 1 }, { hint: 'scrape the Prometheus exporter that the servicegraph connector feeds' }));
  }
  const edges = new Map<string, EdgeAgg>();
  for (const s of series.values()) {
    const failedMetric = REQUEST_METRIC_RE.exec(s.name)![1] !== undefined;
    const messaging = s.labels.connection_type === 'messaging_system';
    const k = JSON.stringify([s.labels.client, s.labels.server, messaging]);
    let a = edges.get(k);
    if (!a) {
      a = { first: s, requests: 0, hasRequests: false, failedMetric: 0, hasFailedMetric: false, failedLabel: 0, hasFailedLabel: false };
      edges.set(k, a);
    }
    if (posBefore(s, a.first)) a.first = s;
    if (failedMetric) {
      a.failedMetric += s.value;
      a.hasFailedMetric = true;
    } else {
      a.requests += s.value;
      a.hasRequests = true;
      if (s.labels.failed !== undefined) {
        a.hasFailedLabel = true;
        if (s.labels.failed === 'true') a.failedLabel += s.value;
      }
    }
  }
  const observations: CallObservation[] = [...edges.values()].map((a) => {
    const failed = a.hasFailedMetric ? a.failedMetric : a.hasFailedLabel ? a.failedLabel : undefined;
    return {
      client: a.first.labels.client!,
      server: a.first.labels.server!,
      calls: a.hasRequests ? a.requests : a.failedMetric,
      ...(failed !== undefined ? { failed } : {}),
      ...(a.first.labels.connection_type === 'messaging_system' ? { messaging: true } : {}),
      pos: a.first.pos,
    };
  });
  return servicesFromCalls('otel', observations, options, diagnostics);
};

function posBefore(a: Sample, b: Sample): boolean {
  if (a.pos.file !== b.pos.file) return a.pos.file < b.pos.file;
  return a.pos.line < b.pos.line;
}
