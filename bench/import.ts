/**
 * Import speed on a 2,000-service dependency graph (the size the import command is
 * for), in Jaeger JSON and OpenTelemetry service-graph text. Figures are ratios against
 * a baseline measured in the same run: `JSON.parse` of the same Jaeger text, which
 * reads the bytes without positions. Run: `npx tsx bench/import.ts`.
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { assignIds, renderCatalog } from '../src/import/index.js';
import { importJaeger } from '../src/import/jaeger/import.js';
import { importOtel } from '../src/import/otel/import.js';

const SERVICES = 2000;
const EDGES_PER_SERVICE = 4;

/** A deterministic pseudo-random graph (xorshift32), so every run measures the same input. */
function edges(): Array<[string, string, number]> {
  let x = 2463534242;
  const rnd = (): number => {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    return x / 4294967296;
  };
  const out: Array<[string, string, number]> = [];
  for (let i = 0; i < SERVICES; i++) {
    for (let k = 0; k < EDGES_PER_SERVICE; k++) {
      const j = Math.floor(rnd() * SERVICES);
      if (j !== i) out.push([`svc-${i}`, `svc-${j}`, 1 + Math.floor(rnd() * 10000)]);
    }
  }
  return out;
}

function time(fn: () => unknown, reps = 5): number {
  fn();
  const t: number[] = [];
  for (let r = 0; r < reps; r++) {
    const s = performance.now();
    fn();
    t.push(performance.now() - s);
  }
  return t.sort((a, b) => a - b)[Math.floor(reps / 2)]!;
}

export async function run(): Promise<string> {
  const es = edges();
  const jaegerText = JSON.stringify({ data: es.map(([parent, child, callCount]) => ({ parent, child, callCount })) }, null, 1);
  const otelText = es.map(([c, s, n]) => `traces_service_graph_request_total{client="${c}",server="${s}",connection_type=""} ${n}`).join('\n');
  const base = time(() => JSON.parse(jaegerText));
  const jaeger = time(() => importJaeger([{ file: 'd.json', text: jaegerText }], {}));
  const otel = time(() => importOtel([{ file: 'm.prom', text: otelText }], {}));
  const result = importJaeger([{ file: 'd.json', text: jaegerText }], {});
  const write = time(() => renderCatalog(result.services, assignIds(result.services), { format: 'jaeger', inputs: ['d.json'] }));
  const r = (ms: number): string => `${(ms / base).toFixed(0)}×`;
  return [
    '## Import',
    '',
    `${SERVICES} services, ${es.length} observed dependencies; median of 5 runs, as a multiple of \`JSON.parse\` of the same Jaeger text (${base.toFixed(1)} ms here).`,
    '',
    '| step | time | vs baseline |',
    '|---|---|---|',
    `| jaeger JSON → services (positions kept) | ${jaeger.toFixed(0)} ms | ${r(jaeger)} |`,
    `| otel Prometheus text → services | ${otel.toFixed(0)} ms | ${r(otel)} |`,
    `| services → catalog YAML with comments | ${write.toFixed(0)} ms | ${r(write)} |`,
    '',
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  run().then((s) => process.stdout.write(`${s}\n`));
}
