/**
 * Reads a catalog as it was at a git revision, file by file, the way the catalog loader reads
 * the working tree (catalog/load.ts): every .yaml / .yml under a directory, dot-files and
 * dot-directories skipped, symbolic links to files followed, links to directories not.
 *
 * A symbolic link is a blob holding the link text in git; it is followed inside the commit's
 * own tree, hop by hop. A link that leaves the repository cannot be read at a revision (its
 * target is not in the commit) and is refused with exit 2.
 */
import { execFileSync } from 'node:child_process';
import { posix } from 'node:path';
import type { CatalogSource } from '../catalog/build.js';
import { UserError } from './user-error.js';
import { safeText } from '../util/text.js';

/** Hops followed through links to links before giving up, as the kernel does (Linux's limit). */
const MAX_LINK_HOPS = 40;
const YAML_RE = /\.ya?ml$/i;
const LINK_MODE = '120000';

/** One entry of `git ls-tree`: mode, object type, object id, path from the repository root. */
interface TreeEntry {
  readonly mode: string;
  readonly type: string;
  readonly oid: string;
  readonly path: string;
}

export type Git = (args: readonly string[]) => Buffer;

/** Runs git in `cwd`; failures throw (the caller turns them into messages). */
export const gitIn =
  (cwd: string): Git =>
  (args) =>
    execFileSync('git', [...args], { cwd, encoding: 'buffer', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 512 * 1024 * 1024 });

function parseTree(out: Buffer): TreeEntry[] {
  const entries: TreeEntry[] = [];
  for (const record of out.toString('utf8').split('\0')) {
    if (!record) continue;
    const tab = record.indexOf('\t');
    const [mode, type, oid] = record.slice(0, tab).split(' ');
    entries.push({ mode: mode!, type: type!, oid: oid!, path: record.slice(tab + 1) });
  }
  return entries;
}

/**
 * Reads the catalog at `path` (from the repository root, POSIX separators; '' for the root)
 * as of `rev`. `shown(p)` gives the display name of repository path `p`. Returns undefined
 * when nothing exists at that path in that revision.
 */
export function catalogSourcesAt(git: Git, rev: string, path: string, shown: (repoPath: string) => string): CatalogSource[] | undefined {
  const entryAt = (p: string): TreeEntry | undefined => (p === '' ? { mode: '040000', type: 'tree', oid: `${rev}^{tree}`, path: '' } : parseTree(git(['ls-tree', '-z', '--full-tree', rev, '--', p]))[0]);
  const read = (oid: string): Buffer => git(['cat-file', 'blob', oid]);

  /** The entry a path names after following links, or undefined when it leads nowhere. */
  const follow = (start: TreeEntry): TreeEntry | undefined => {
    let entry: TreeEntry | undefined = start;
    for (let hops = 0; entry && entry.mode === LINK_MODE; hops++) {
      if (hops === MAX_LINK_HOPS) throw new UserError(`${safeText(shown(start.path))} at ${safeText(rev)}: too many levels of symbolic links`, 'make the link name the file directly');
      const text = read(entry.oid).toString('utf8');
      const target = posix.normalize(posix.join(posix.dirname(entry.path), text));
      if (posix.isAbsolute(text) || target === '..' || target.startsWith('../')) {
        throw new UserError(
          `${safeText(shown(start.path))} is a symbolic link to ${safeText(text)}, outside the repository: it cannot be read at ${safeText(rev)}`,
          'compare two catalog directories instead (blast diff <base> <head>), or keep the linked file inside the repository',
        );
      }
      entry = entryAt(target === '.' ? '' : target);
    }
    return entry;
  };

  const top = entryAt(path);
  if (!top) return undefined;
  const root = follow(top);
  if (!root) return undefined;
  if (root.type === 'blob') return [{ file: shown(path), bytes: read(root.oid) }];
  if (root.type !== 'tree') return undefined;

  const listed = parseTree(git(['ls-tree', '-r', '-z', '--full-tree', rev, ...(root.path ? ['--', root.path] : [])]));
  const sources: CatalogSource[] = [];
  for (const e of listed) {
    const below = root.path ? e.path.slice(root.path.length + 1) : e.path;
    if (!YAML_RE.test(e.path) || below.split('/').some((seg) => seg.startsWith('.'))) continue;
    // a link listed under the catalog is named by where it is, read from where it points
    const named = path ? `${path}/${below}` : below;
    const target = e.mode === LINK_MODE ? follow(e) : e;
    if (target?.type !== 'blob') continue; // a link to a directory or to nothing, a submodule: not followed, as in the working tree
    sources.push({ file: shown(named), bytes: read(target.oid) });
  }
  return sources.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}
