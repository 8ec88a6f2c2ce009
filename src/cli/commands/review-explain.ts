/**
 * `blast review --explain`: one finding in full. A service id explains its SPOF finding
 * (every target its failure alone takes down, each with its path); ids joined by `+`
 * (`db-node-a+db-node-b`) explain a cut set (every target the failures together take down
 * and no fewer of them do, each with a path to every member; and the targets a part of the
 * set already takes down, with that part). Text or JSON.
 */
import type { Catalog } from '../../catalog/model.js';
import { explainCutSet } from '../../analysis/cut-set-findings.js';
import { cutSetSeverity, severityForTier } from '../../analysis/findings.js';
import { explainSpof } from '../../analysis/spof.js';
import { criticalServices } from '../../analysis/review.js';
import { pathText } from '../../analysis/render/markdown.js';
import { compileGraph, type CompiledGraph } from '../../graph/compile.js';
import { UserError } from '../io.js';
import type { Style } from '../style.js';
import { safeText } from '../../util/text.js';
import { padEnd, severityStyle } from './review-text.js';
import { hang, TEXT_WIDTH, visibleWidth } from '../../util/wrap.js';

/**
 * A path and where it starts, after the columns in `prefix`: on one line when it fits in 100
 * columns, else the path wrapped under itself and the location on a line of its own ("at …").
 */
function pathLines(prefix: string, path: string, location: string): string[] {
  const one = `${prefix}${path}${location ? `  ${location}` : ''}`;
  if (visibleWidth(one) <= TEXT_WIDTH) return [one];
  const under = ' '.repeat(visibleWidth(prefix));
  return [hang(prefix, path), ...(location ? [`${under}at ${location}`] : [])];
}

/** Most members `--explain` takes for a cut set: it evaluates every proper subset (2^k − 2). */
export const EXPLAIN_MAX_MEMBERS = 8;

/**
 * The failing services `--explain` asks about: one id, or ids joined by `+` (sorted, each
 * once). Throws a UserError for an empty id or too many.
 */
export function parseExplain(value: string): string[] {
  const ids = value.split('+');
  if (ids.some((id) => id.trim() === '')) throw new UserError(`--explain: expected a service id, or service ids joined by + (a cut set), got "${safeText(value)}"`, 'for example --explain storage or --explain db-node-a+db-node-b');
  const set = [...new Set(ids.map((id) => id.trim()))].sort();
  if (set.length > EXPLAIN_MAX_MEMBERS) throw new UserError(`--explain: a cut set of at most ${EXPLAIN_MAX_MEMBERS} services, got ${set.length}`);
  return set;
}

/** `--explain <ids>` as text or JSON (`ids` from {@link parseExplain}, known services). */
export function explainText(catalog: Catalog, ids: readonly string[], targetIds: readonly string[] | undefined, json: boolean, st: Style): string {
  const cg = compileGraph(catalog);
  const wanted = new Set(targetIds ?? criticalServices(catalog));
  const targets = cg.ids.flatMap((id, i) => (wanted.has(id) ? [i] : []));
  return ids.length === 1 ? spofExplainText(catalog, cg, ids[0]!, targets, json, st) : cutSetExplainText(catalog, cg, ids, targets, json, st);
}

const at = (p: { file: string; line: number; col: number }): string => `${safeText(p.file)}:${p.line}:${p.col}`;
const plural = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;

function spofExplainText(catalog: Catalog, cg: CompiledGraph, cause: string, targets: readonly number[], json: boolean, st: Style): string {
  const rows = explainSpof(catalog, cg, cg.index.get(cause)!, targets);
  if (json) return `${JSON.stringify({ catalog: catalog.meta.name ?? null, cause, targets: rows.length, of: targets.length, explained: rows }, null, 2)}\n`;
  const lines = [hang('', `${st.bold('blast review --explain')} ${safeText(cause)}: its failure alone takes down ${rows.length} of ${plural(targets.length, 'target')}`, TEXT_WIDTH, 2)];
  if (rows.length > 0) lines.push(st.dim(`  ${padEnd('severity', 8)} ${padEnd('target', 28)} path  (where it starts)`));
  for (const r of rows) {
    const sev = severityForTier(r.tier);
    lines.push(...pathLines(`  ${severityStyle(st, sev)(padEnd(sev, 8))} ${padEnd(safeText(r.target), 28)} `, safeText(pathText(r.path)), st.dim(at(r.location))));
  }
  if (rows.length === 0) lines.push('', st.green(`${safeText(cause)} is not a single point of failure for any target`));
  return lines.join('\n');
}

function cutSetExplainText(catalog: Catalog, cg: CompiledGraph, ids: readonly string[], targets: readonly number[], json: boolean, st: Style): string {
  // members in catalog order, as the finding's evidence has them
  const members = ids.map((id) => cg.index.get(id)!).sort((a, b) => a - b);
  const { explained, subsumed } = explainCutSet(catalog, cg, members, targets);
  const set = [...ids];
  if (json) {
    const rows = explained.map((r) => ({ ...r, severity: cutSetSeverity(set.length, r.tier) }));
    return `${JSON.stringify({ catalog: catalog.meta.name ?? null, set, targets: rows.length, of: targets.length, explained: rows, subsumed }, null, 2)}\n`;
  }
  const name = set.join(' + ');
  const lines = [hang('', `${st.bold('blast review --explain')} ${safeText(set.join('+'))}: failing together, ${safeText(name)} take down ${explained.length} of ${plural(targets.length, 'target')} that no fewer of them take down`, TEXT_WIDTH, 2)];
  if (explained.length > 0) lines.push(st.dim(`  ${padEnd('severity', 8)} ${padEnd('target', 28)} a path to each member  (where the first starts)`));
  for (const r of explained) {
    const sev = cutSetSeverity(set.length, r.tier);
    r.paths.forEach((p, i) => {
      const head = i === 0 ? `${severityStyle(st, sev)(padEnd(sev, 8))} ${padEnd(safeText(r.target), 28)}` : ' '.repeat(8 + 1 + 28);
      lines.push(...pathLines(`  ${head} `, safeText(pathText(p)), i === 0 ? st.dim(at(r.location)) : ''));
    });
  }
  if (explained.length === 0) lines.push('', st.green(`${safeText(name)} is not a minimal cut set of any target`));
  if (subsumed.length > 0) {
    lines.push('', st.dim(`also down, but fewer of them suffice (${plural(subsumed.length, 'target')}):`));
    for (const s of subsumed) lines.push(`  ${padEnd(safeText(s.target), 28)} tier ${s.tier}, down by ${safeText(s.by.join(' + '))}`);
  }
  return lines.join('\n');
}

