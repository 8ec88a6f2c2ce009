/**
 * A candidate's edits as a unified diff of the catalog's files (what `blast advise --patch`
 * prints and the impact report's "What would help most" section shows). Pure: texts in, the
 * diff out; the shell reads the files.
 */
import { createTwoFilesPatch } from 'diff';
import type { Catalog } from '../catalog/model.js';
import type { Candidate } from './model.js';
import { patchYaml } from './patch-yaml.js';

/** The comment the patcher writes before each change of `c`. */
export const candidateNote = (c: Candidate): string => `${c.title} (${c.id})`;

/**
 * The unified diff (3 lines of context) of the files `c` changes, in the order the catalog
 * lists its files, each named `a/<name>` and `b/<name>` with `name(file)`; also the patched
 * texts. Throws PatchError where the YAML does not allow writing an edit in place.
 */
export function candidateDiff(catalog: Catalog, texts: ReadonlyMap<string, string>, c: Candidate, name: (file: string) => string): { diff: string; changed: Map<string, string> } {
  const changed = patchYaml(catalog, texts, c.edits, { note: candidateNote(c) });
  const parts = catalog.files.filter((f) => changed.has(f)).map((f) => createTwoFilesPatch(`a/${name(f)}`, `b/${name(f)}`, texts.get(f)!, changed.get(f)!, '', '', { context: 3 }));
  return { diff: parts.join('').replace(/\n$/, ''), changed };
}
