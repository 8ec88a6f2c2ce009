/**
 * Backstage Location entities (read-entities.ts): the local files they name, to be read too.
 */
import type { Node } from 'yaml';
import { diag, OUTSIDE_HINT, outsideMessage, type ImportDiagnostic, type ImportOptions, type ImportSource } from '../model.js';
import { dirOf, isGlob, isUrl, resolveIn } from '../local.js';
import { getIn, isSeq, nodePos, scalarString, type ParsedYaml } from '../yaml-source.js';

/**
 * The files a Location entity names that can be read here: `spec.target` and `spec.targets`,
 * resolved relative to the Location's own file (descriptor-format.md, Kind: Location). URLs,
 * globs, other location types and files that cannot be read are notes; nothing is fetched.
 */
export function locationTargets(p: ParsedYaml, root: Node, options: ImportOptions, seen: Set<string>, diagnostics: ImportDiagnostic[]): ImportSource[] {
  const spec = getIn(root, 'spec');
  const text = p.source.text;
  const type = scalarString(getIn(spec, 'type'));
  const optional = scalarString(getIn(spec, 'presence')) === 'optional';
  const items: Node[] = [];
  const one = getIn(spec, 'target');
  if (one !== undefined && one !== null) items.push(one);
  const many = getIn(spec, 'targets');
  if (many !== undefined && many !== null) {
    if (isSeq(many)) items.push(...(many.items as Array<Node | null>).filter((x): x is Node => x !== null));
    else diagnostics.push(diag('error', 'wrong-shape', 'spec.targets must be a list of paths or URLs', nodePos(p, many), { text }));
  }
  const out: ImportSource[] = [];
  for (const item of items) {
    const target = scalarString(item);
    const pos = nodePos(p, item);
    if (target === undefined || target.trim() === '') {
      diagnostics.push(diag('error', 'wrong-shape', 'a Location target is a path or a URL', pos, { text }));
      continue;
    }
    const note = (message: string, hint?: string): void => {
      diagnostics.push(diag('note', 'not-followed', message, pos, { ...(hint ? { hint } : {}), text }));
    };
    if (type !== undefined && type !== 'url' && type !== 'file') {
      note(`Location type "${type}" is not read here; ${target} is not followed`, 'import the files it finds directly');
      continue;
    }
    if (isUrl(target)) {
      note(`${target} is a URL; an import never fetches, so its entities are not read`, 'download the file, or give the checkout\'s directory, to import it too');
      continue;
    }
    if (isGlob(target)) {
      note(`${target} is a glob pattern, which is not expanded here`, 'give the directory to the import instead: directories are searched for .yaml files');
      continue;
    }
    const path = resolveIn(dirOf(p.source.file), target.trim());
    if (seen.has(path)) continue;
    seen.add(path);
    if (!options.readLocal) {
      note(`${path} is not read: this import does not read the files inputs refer to`);
      continue;
    }
    const got = options.readLocal(path);
    if ('error' in got && got.outside) {
      diagnostics.push(diag('error', 'outside-tree', `this Location ${outsideMessage(got, path)}`, pos, { hint: OUTSIDE_HINT, text }));
      continue;
    }
    if ('error' in got && got.tooLarge) {
      diagnostics.push(diag('error', 'too-large', `${path} is ${got.error}`, pos, { hint: 'import the files it lists in several runs', text }));
      continue;
    }
    if ('error' in got) {
      note(`${path} cannot be read (${got.error})${optional ? '; the Location marks it presence: optional' : ''}, so its entities are not imported`);
      continue;
    }
    if (seen.has(got.file) && got.file !== path) continue;
    seen.add(got.file);
    out.push({ file: got.file, text: got.text });
  }
  return out;
}
