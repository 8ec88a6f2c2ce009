import { describe, expect, it } from 'vitest';
import { importOtel, REQUEST_METRIC_RE } from '../../src/import/otel/import.js';
import { parsePromText, parseValue } from '../../src/import/otel/prom-text.js';
import { codesAt, edgeList, sources, toCatalog, whyOf } from './helpers.js';

describe('otel service-graph importer', () => {
  it('reads request and failed totals into a valid catalog', () => {
    const res = importOtel(sources('otel/servicegraph.prom'), {});
    const { catalog, errors } = toCatalog(res);
    expect(errors).toEqual([]);
    // By hand from servicegraph.prom: histograms and unpaired spans are not edges; the
    // messaging_system edge checkout → orders-consumer becomes orders-consumer needs checkout (async).
    expect(edgeList(catalog)).toEqual([
      'checkout -> payment (soft)',
      'checkout -> postgres (soft)',
      'frontend -> checkout (soft)',
      'frontend -> say-hi-svc (soft)',
      'orders-consumer -> checkout (async)',
      'payment -> checkout (soft)',
      'user -> frontend (soft)',
    ]);
    // 940 + 60 requests over two connection types; 9 + 1 failed.
    expect(whyOf(catalog, 'checkout', 'payment')).toBe('otel: 1000 requests, 10 failed');
    expect(whyOf(catalog, 'checkout', 'postgres')).toBe('otel: 2200 requests');
    expect(whyOf(catalog, 'orders-consumer', 'checkout')).toBe('otel: 42 messages from checkout through a messaging system');
    expect(catalog.services.get('say-hi-svc')!.name).toBe('say "hi" svc');
    expect(res.diagnostics).toEqual([]);
  });

  it('matches the metric with a namespace prefix, without _total and with a doubled _total', () => {
    const { catalog } = toCatalog(importOtel(sources('otel/suffixes.prom'), {}));
    expect(edgeList(catalog)).toEqual(['search -> index (soft)', 'web -> index (soft)', 'web -> search (soft)']);
    expect(whyOf(catalog, 'web', 'search')).toBe('otel: 80 requests, 2 failed');
  });

  it.each([
    ['traces_service_graph_request_total', true],
    ['traces_service_graph_request_failed_total', true],
    ['traces_service_graph_request', true],
    ['servicegraph_traces_service_graph_request_total', true],
    ['traces_service_graph_request_total_total', true],
    ['traces_service_graph_request_server_seconds_count', false],
    ['traces_service_graph_unpaired_spans_total', false],
    ['my_traces_service_graph_request_totals', false],
  ])('metric name %s matches: %s', (name, matches) => {
    expect(REQUEST_METRIC_RE.test(name)).toBe(matches);
  });

  it('reports each malformed line with its position', () => {
    const res = importOtel(sources('otel/malformed.prom'), {});
    expect(res.services).toEqual([]);
    expect(codesAt(res, 'error')).toEqual(['syntax@malformed.prom:3:54', 'syntax@malformed.prom:4:58', 'syntax@malformed.prom:5:59']);
  });

  it('sums series that differ in other labels and uses a failed="true" label when there is no failed metric', () => {
    const text = [
      'traces_service_graph_request_total{client="a",server="b",failed="false"} 90',
      'traces_service_graph_request_total{client="a",server="b",failed="true"} 10',
    ].join('\n');
    const { catalog } = toCatalog(importOtel([{ file: 'm.prom', text }], {}));
    expect(whyOf(catalog, 'a', 'b')).toBe('otel: 100 requests, 10 failed');
  });

  it('warns about series without client or server, and about repeated series', () => {
    const text = 'traces_service_graph_request_total{server="b"} 1\ntraces_service_graph_request_total{client="a",server="b"} 1 100\ntraces_service_graph_request_total{server="b",client="a"} 4 200\n';
    const res = importOtel([{ file: 'm.prom', text }], {});
    expect(codesAt(res)).toEqual(['missing-field@m.prom:1:1', 'duplicate@m.prom:3:1']);
    expect(whyOf(toCatalog(res).catalog, 'a', 'b')).toBe('otel: 4 requests');
  });
});

describe('Prometheus text format reader', () => {
  const one = (line: string) => parsePromText({ file: 'f', text: line });
  it('reads labels in any order with escapes, a trailing comma, a timestamp and an exemplar', () => {
    const { samples, diagnostics } = one('m{b="x\\"y\\\\z\\n",a="1",} 2.5e1 1700000000000 # {trace_id="abc"} 1 1700000000.5');
    expect(diagnostics).toEqual([]);
    expect(samples).toEqual([{ name: 'm', labels: { a: '1', b: 'x"y\\z\n' }, value: 25, timestamp: 1700000000000, pos: { file: 'f', line: 1, col: 1 } }]);
  });
  it('reads a quoted metric name inside the braces', () => {
    const { samples } = one('{"traces_service_graph_request_total", client="a", server="b"} 3');
    expect(samples[0]).toMatchObject({ name: 'traces_service_graph_request_total', labels: { client: 'a', server: 'b' }, value: 3 });
  });
  it('skips comments, HELP, TYPE, UNIT, EOF and blank lines', () => {
    expect(one('# HELP m x\n# TYPE m counter\n# UNIT m seconds\n\n   \n# just a note\n# EOF\n').samples).toEqual([]);
  });
  it.each([
    ['+Inf', Infinity],
    ['-Inf', -Infinity],
    ['1e3', 1000],
    ['-0.5', -0.5],
    ['.5', 0.5],
    ['12abc', undefined],
    ['', undefined],
  ])('value %s', (token, expected) => {
    expect(parseValue(token)).toBe(expected);
  });
  it('NaN is a number value', () => {
    expect(Number.isNaN(parseValue('NaN'))).toBe(true);
  });
  it.each([
    ['m{a="1" b="2"} 1', 9],
    ['m{a=1} 1', 5],
    ['m{a="1"', 8],
    ['m 1 2 3', 7],
    ['{a="1"} 1', 1],
  ])('rejects %s at column %i', (line, col) => {
    const { diagnostics } = one(line);
    expect(diagnostics.map((d) => d.pos.col)).toEqual([col]);
  });
});
