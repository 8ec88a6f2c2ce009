/** XML escaping for the hand-written GraphML writer (text is already XML-safe: see model.ts `exportText`). */

const TEXT: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' };
const ATTR: Readonly<Record<string, string>> = { ...TEXT, '"': '&quot;', '\n': '&#10;', '\t': '&#9;' };

/** Element content: `&`, `<`, `>` and carriage returns (which parsers would turn into newlines) as references. */
export const xmlText = (s: string): string => s.replace(/[&<>\r]/g, (c) => TEXT[c]!);

/** A double-quoted attribute value: also `"`, and newlines and tabs (which parsers would turn into spaces). */
export const xmlAttr = (s: string): string => s.replace(/[&<>"\r\n\t]/g, (c) => ATTR[c]!);
