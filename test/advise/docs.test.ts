/** docs/advise.md shows the tables a fresh run of scripts/advise-doc.ts gives. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BLOCKS, DOC, embeddedBlock, renderBlock } from '../../scripts/advise-doc.js';

describe('docs/advise.md', () => {
  const doc = readFileSync(DOC, 'utf8');
  it.each(BLOCKS.map((b) => [b.name, b] as const))('block %s matches a fresh run', async (_name, b) => {
    expect(embeddedBlock(doc, b.name), 'regenerate: npx tsx scripts/advise-doc.ts').toBe(await renderBlock(b));
  }, 120_000);

  it('documents every candidate kind and the measure', () => {
    for (const word of ['`replica`', '`degrade`', '`break-cycle`', '`admission-control`', '`bounded-queue`', '`runbook`', '`standby`', '`jitter`', '`faster-restart`', '`crash-backoff`', '`shed-writes`', '`larger-buffer`', '`cell-failover`', '`cell-headroom`', 'degraded hour counting half', 'paired', '--bundle K'])
      expect(doc).toContain(word);
  });
});
