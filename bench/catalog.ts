/**
 * Catalog loading speed on the general path (the YAML reader, the schema walk, composing): `buildCatalog`
 * on generated catalogs of 1,000 to 20,000 services written with merge keys (which the direct reader of
 * hot-read.ts declines), against the YAML library's own `parseDocument` on the same text (what parsing
 * alone costs), and the time to refuse hostile documents. The direct reader is measured in bench/scale.ts.
 * Run with `npm run bench -- catalog` or `npx tsx bench/catalog.ts`.
 */
import { parseDocument } from 'yaml';
import { pathToFileURL } from 'node:url';
import { buildCatalog } from '../src/catalog/build.js';
import { fmtMs, table, type Row } from './rows.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

/** `n` services: a chain with a 1-of-2 group every tenth service and a merged defaults mapping. */
export function generatedCatalog(n: number): string {
  const lines = ['version: 1', 'x-defaults: &d', '  owner: team-a', '  system: core', 'services:'];
  for (let i = 0; i < n; i++) {
    lines.push(`  s${i}:`, '    <<: *d', `    name: Service ${i}`, `    tier: ${i % 4}`);
    if (i > 0) lines.push(`    dependsOn: [s${i - 1}${i % 10 === 0 && i > 2 ? `, {atLeast: 1, of: [s${i - 2}, s${i - 3}]}` : ''}]`);
    if (i % 7 === 0) lines.push('    recovery: {time: {p50: 3m, p90: 12m}}');
  }
  return `${lines.join('\n')}\n`;
}

/** Median wall time of `f` over `runs` runs, in milliseconds. */
function median(runs: number, f: () => unknown): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

export async function run(): Promise<string> {
  const rows: Row[] = [];
  for (const n of [1_000, 5_000, 20_000]) {
    const text = generatedCatalog(n);
    const bytes = enc(text);
    const runs = n >= 20_000 ? 3 : 5;
    const yamlOnly = median(runs, () => parseDocument(text, { uniqueKeys: false, merge: true }));
    let services = 0;
    const build = median(runs, () => {
      services = buildCatalog([{ file: 'gen.yaml', bytes }]).catalog?.services.size ?? -1;
    });
    if (services !== n) throw new Error(`expected ${n} services, got ${services}`);
    rows.push({
      work: `\`buildCatalog\` (read, check, compose, rules; merge keys, so the general path), ${n.toLocaleString('en')} services (${(bytes.length / 1048576).toFixed(1)} MiB)`,
      measured: fmtMs(build),
      reference: `the YAML library's \`parseDocument\` of the same text alone: ${fmtMs(yamlOnly)}`,
      ratio: build / yamlOnly,
    });
  }

  const laughs = ['x-l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
  for (let i = 1; i <= 9; i++) laughs.push(`x-l${i}: &l${i} [${Array(9).fill(`*l${i - 1}`).join(', ')}]`);
  const hostile: Array<[string, string, string]> = [
    ['1,000,000 nested `[`', '['.repeat(1_000_000), 'yaml-too-deep'],
    ['billion laughs (9^9 nodes)', `${laughs.join('\n')}\nservices:\n  a: {name: A}\n`, 'yaml-alias-limit'],
    ['50,000 compact `- - -`', `${'- '.repeat(50_000)}x\n`, 'yaml-too-deep'],
  ];
  const small = enc(generatedCatalog(10));
  const baseline = median(20, () => buildCatalog([{ file: 'small.yaml', bytes: small }]));
  for (const [label, text, code] of hostile) {
    const bytes = enc(text);
    let got = '';
    const t = median(5, () => {
      got = buildCatalog([{ file: 'h.yaml', bytes }]).diagnostics[0]?.code ?? 'none';
    });
    if (got !== code) throw new Error(`${label}: expected ${code}, got ${got}`);
    rows.push({
      work: `refuse ${label} (${(bytes.length / 1024).toFixed(0)} KiB) with \`${code}\``,
      measured: fmtMs(t),
      reference: `loading a valid 10-service catalog: ${fmtMs(baseline)}`,
      ratio: t / baseline,
    });
  }

  return ['## Catalog loading', '', 'Median wall time of each run in this process.', '', table(rows)].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(await run());
}
