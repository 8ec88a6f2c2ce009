/**
 * The advisor's config file (`blast advise --config advise.yaml`): effort levels per kind of
 * change, overriding the defaults (the command line's --effort overrides the file).
 *
 *   effort:
 *     replica: medium        # we run everything on Kubernetes already
 *     degrade: large
 *
 * Pure: text in, settings or a positioned error out.
 */
import { isMap, isScalar, LineCounter, parseDocument, type Node } from 'yaml';
import { CANDIDATE_KINDS, EFFORT_LEVELS, type CandidateKind, type EffortLevel } from './model.js';

export interface AdviseConfig {
  readonly effort: Readonly<Partial<Record<CandidateKind, EffortLevel>>>;
}

export interface ConfigError {
  readonly message: string;
  readonly line: number;
  readonly col: number;
}

export function parseAdviseConfig(text: string): { config: AdviseConfig } | { error: ConfigError } {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: true });
  const at = (n: Node | null | undefined, message: string): { error: ConfigError } => {
    const p = lc.linePos(n?.range?.[0] ?? 0);
    return { error: { message, line: p.line, col: p.col } };
  };
  const first = doc.errors[0];
  if (first) {
    const p = lc.linePos(first.pos[0]);
    return { error: { message: first.message.split('\n')[0]!, line: p.line, col: p.col } };
  }
  const root = doc.contents;
  if (root === null || (isScalar(root) && root.value === null)) return { config: { effort: {} } };
  if (!isMap(root)) return at(root, 'expected a mapping with an effort: key');
  const effort: Partial<Record<CandidateKind, EffortLevel>> = {};
  for (const pair of root.items) {
    const key = pair.key as Node;
    if (!isScalar(key) || key.value !== 'effort') return at(key, `unknown key ${isScalar(key) ? JSON.stringify(key.value) : ''}: the config file has effort: only`);
    const map = pair.value as Node | null;
    if (!isMap(map)) return at(map ?? key, 'effort: expected a mapping of kind: small | medium | large');
    for (const p of map.items) {
      const k = p.key as Node;
      const v = p.value as Node | null;
      const kind = isScalar(k) ? String(k.value) : '';
      if (!(CANDIDATE_KINDS as readonly string[]).includes(kind)) return at(k, `unknown kind of change "${kind}": expected one of ${CANDIDATE_KINDS.join(', ')}`);
      const level = isScalar(v) ? String(v.value) : '';
      if (!(EFFORT_LEVELS as readonly string[]).includes(level)) return at(v ?? k, `effort of ${kind}: expected one of ${EFFORT_LEVELS.join(', ')}, got "${level}"`);
      effort[kind as CandidateKind] = level as EffortLevel;
    }
  }
  return { config: { effort } };
}
