/**
 * Source bytes → YAML document with positions, collecting every reading and syntax
 * problem as a diagnostic. Pure: the caller reads the file.
 */
import { LineCounter, parseDocument, type Document } from 'yaml';
import { makeExcerpt, type Diagnostic, type DiagnosticCode } from './diagnostics.js';
import type { SourcePos } from './model.js';

/** Files larger than this are refused before parsing. */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;
/** Alias expansions allowed per document (billion-laughs guard). */
export const MAX_ALIAS_COUNT = 1000;

export interface ParsedSource {
  readonly file: string;
  readonly text: string;
  readonly doc?: Document.Parsed;
  readonly lineCounter: LineCounter;
  readonly diagnostics: Diagnostic[];
}

/** Maps a byte offset of `text` to a 1-based position. */
export function posAt(file: string, lc: LineCounter, offset: number): SourcePos {
  const { line, col } = lc.linePos(offset);
  return { file, line, col };
}

const YAML_CODE: Readonly<Record<string, DiagnosticCode>> = {
  DUPLICATE_KEY: 'yaml-duplicate-key',
  TAB_AS_INDENT: 'yaml-tab',
};

/** Decodes and parses one catalog source. Never throws on bad input. */
export function parseSource(file: string, bytes: Uint8Array): ParsedSource {
  const lineCounter = new LineCounter();
  const diagnostics: Diagnostic[] = [];
  const fail = (code: DiagnosticCode, message: string, hint?: string, pos?: SourcePos): ParsedSource => {
    diagnostics.push({ code, severity: 'error', message, pos: pos ?? { file, line: 1, col: 1 }, ...(hint ? { hint } : {}) });
    return { file, text: '', lineCounter, diagnostics };
  };

  if (bytes.length > MAX_FILE_BYTES) {
    return fail(
      'file-too-large',
      `file is ${(bytes.length / 1048576).toFixed(1)} MiB, over the ${MAX_FILE_BYTES / 1048576} MiB limit for one catalog file`,
      'split the catalog into several files in one directory',
    );
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    return fail('file-binary', 'file contains NUL bytes: this is a binary file, not YAML', 'point blast at the YAML catalog file or directory');
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return fail('file-not-utf8', 'file is not valid UTF-8', 'save the catalog as UTF-8');
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // a UTF-8 BOM is accepted

  if (text.trim() === '') {
    diagnostics.push({ code: 'empty-file', severity: 'warning', message: 'file is empty', pos: { file, line: 1, col: 1 } });
    return { file, text, lineCounter, diagnostics };
  }

  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, merge: true, strict: true, stringKeys: false });
  } catch (e) {
    if (e instanceof RangeError) {
      return fail('yaml-too-deep', 'YAML nesting is too deep to read', 'flatten the structure; catalogs need only a few levels');
    }
    throw e;
  }
  for (const err of doc.errors) {
    const pos = posAt(file, lineCounter, err.pos[0]);
    const code = YAML_CODE[err.code] ?? 'yaml-syntax';
    const excerpt = makeExcerpt(text, pos.line, pos.col);
    const firstLine = err.message.split('\n')[0] ?? err.message;
    diagnostics.push({
      code,
      severity: 'error',
      message: code === 'yaml-tab' ? 'tab characters are not allowed for YAML indentation' : firstLine.replace(/ at line \d+, column \d+:?$/, ''),
      pos,
      ...(excerpt ? { excerpt } : {}),
      ...(code === 'yaml-tab' ? { hint: 'indent with spaces' } : code === 'yaml-duplicate-key' ? { hint: 'remove or rename one of the keys' } : {}),
    });
  }
  for (const w of doc.warnings) {
    const pos = posAt(file, lineCounter, w.pos[0]);
    diagnostics.push({ code: 'yaml-syntax', severity: 'warning', message: w.message.split('\n')[0] ?? w.message, pos });
  }
  return { file, text, doc, lineCounter, diagnostics };
}
