/** Renders catalog diagnostics for a terminal or as JSON. */
import type { Diagnostic } from '../catalog/diagnostics.js';
import { safeText } from '../util/text.js';
import { hang } from '../util/wrap.js';
import type { Style } from './style.js';

export function formatDiagnostic(d: Diagnostic, style: Style): string {
  const where = d.pos ? `${safeText(d.pos.file)}:${d.pos.line}:${d.pos.col}: ` : '';
  const sev = d.severity === 'error' ? style.red('error') : style.yellow('warning');
  const lines = [`${style.bold(where)}${sev}[${d.code}]: ${safeText(d.message)}`];
  if (d.excerpt) lines.push(...d.excerpt.split('\n').map((l) => `  ${style.dim(safeText(l))}`));
  // the first line stays whole (editors and CI read file:line:col from it); the hint wraps at 100 columns
  if (d.hint) lines.push(hang(`  ${style.cyan('hint')}: `, safeText(d.hint)));
  return lines.join('\n');
}

export function summarizeDiagnostics(ds: readonly Diagnostic[]): string {
  const e = ds.filter((d) => d.severity === 'error').length;
  const w = ds.length - e;
  return `${e} error${e === 1 ? '' : 's'}, ${w} warning${w === 1 ? '' : 's'}`;
}

export const diagnosticJson = (d: Diagnostic): object => ({
  code: d.code,
  severity: d.severity,
  message: d.message,
  file: d.pos?.file ?? null,
  line: d.pos?.line ?? null,
  col: d.pos?.col ?? null,
  hint: d.hint ?? null,
});
