/**
 * Catalog ids for imported services: names from other systems normalised to the
 * catalog id pattern, with a deterministic rule when two names normalise alike.
 */
import { ID_PATTERN } from '../catalog/schema.js';
import type { ImportedService } from './model.js';

const ID_RE = new RegExp(ID_PATTERN);

/**
 * Normalises a name to `^[a-z0-9][a-z0-9._-]*$`: lower case, accents removed, every
 * other character becomes `-`, runs of `-` collapse, leading punctuation and trailing
 * `-` go. Returns `service` when nothing usable is left.
 */
export function normaliseId(name: string): string {
  const id = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .replace(/-+$/, '');
  return ID_RE.test(id) ? id : 'service';
}

/**
 * Assigns a unique catalog id to every service key. Services are taken in key order;
 * the first to claim a normalised id keeps it, and later ones get `-2`, `-3`, ...,
 * skipping ids that any other service claims outright. Same input → same ids.
 */
export function assignIds(services: readonly Pick<ImportedService, 'key' | 'idHint'>[]): Map<string, string> {
  const sorted = [...services].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const base = new Map(sorted.map((s) => [s.key, normaliseId(s.idHint)] as const));
  const claimed = new Set(base.values());
  const taken = new Set<string>();
  const ids = new Map<string, string>();
  const collided: string[] = [];
  for (const s of sorted) {
    const id = base.get(s.key)!;
    if (taken.has(id)) collided.push(s.key);
    else {
      taken.add(id);
      ids.set(s.key, id);
    }
  }
  for (const key of collided) {
    const id = base.get(key)!;
    let n = 2;
    while (taken.has(`${id}-${n}`) || claimed.has(`${id}-${n}`)) n++;
    taken.add(`${id}-${n}`);
    ids.set(key, `${id}-${n}`);
  }
  return ids;
}
