/** Shared by the hand-worked advisor tests: one-file catalogs, options over their scenarios, and the re-check of a candidate through its YAML patch. */
import type { AdviseOptions } from '../../src/advise/advise.js';
import type { Catalog } from '../../src/catalog/model.js';
import { buildCatalog } from '../../src/catalog/build.js';
import { patchYaml } from '../../src/advise/patch-yaml.js';
import { measure, sample } from '../../src/advise/evaluate.js';
import type { Evaluated } from '../../src/advise/model.js';

/** The catalog of one file `c.yaml` holding `text`; its diagnostics thrown when it does not load. */
export const build = (text: string): Catalog => {
  const r = buildCatalog([{ file: 'c.yaml', bytes: Buffer.from(text, 'utf8') }]);
  if (!r.catalog) throw new Error(r.diagnostics.map((d) => d.message).join('; '));
  return r.catalog;
};

/** Point-estimate advice over every scenario of `c`. */
export const opts = (c: Catalog): AdviseOptions => ({
  inputs: [...c.scenarios.values()].map((sc) => ({ label: sc.id, input: { scenario: sc } })),
  trials: 0,
  seed: 1,
  screen: 50,
  bundle: 0,
  runbookMinutes: 10,
});

/** The candidate's edits written into `text`, loaded back: its measure, and the patched text. */
export function rechecked(c: Catalog, text: string, e: Evaluated): { text: string; m: ReturnType<typeof measure> } {
  const patched = patchYaml(c, new Map([['c.yaml', text]]), e.candidate.edits, { note: e.candidate.title }).get('c.yaml')!;
  const p = build(patched);
  return { text: patched, m: measure(sample(p, [...p.scenarios.values()].map((sc) => ({ scenario: sc })), 0, 1, new Set(c.services.keys()))) };
}
