/**
 * Hostile input through the real CLI, in process: `blast validate <path>` on files
 * written at runtime into a temp directory. Every rejection exits 2, names the file
 * (with line:col where there is one), prints no stack trace, and never echoes a raw
 * escape character to the terminal.
 */
import { closeSync, mkdirSync, openSync, ftruncateSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { buildCatalog } from '../../src/catalog/build.js';
import { MAX_FILE_BYTES } from '../../src/catalog/parse.js';
import { memoryIo, tempDir, type MemoryIo } from './helpers.js';

const tmp = tempDir('hostile');
afterAll(() => tmp.cleanup());

const ESC = '\u001b';

async function validate(path: string, ...flags: string[]): Promise<{ exit: number; io: MemoryIo }> {
  const io = memoryIo();
  const exit = await runCli(['validate', path, ...flags], io);
  return { exit, io };
}

/** Asserts a clean rejection: exit 2, `path:line:col: error[code]` on stderr, no stack, no raw ESC. */
async function rejected(path: string, code: string, line = 1, col = 1): Promise<MemoryIo> {
  const { exit, io } = await validate(path);
  expect(exit).toBe(2);
  expect(io.err()).toContain(`${path}:${line}:${col}: error[${code}]`);
  expect(io.err()).not.toContain('    at ');
  expect(io.out() + io.err()).not.toContain(ESC);
  return io;
}

/** `n` services in a chain with a redundancy group every tenth service. */
function bigCatalog(n: number): string {
  const lines = ['version: 1', 'services:'];
  for (let i = 0; i < n; i++) {
    lines.push(`  s${i}:`, `    name: Service ${i}`, `    tier: ${i % 4}`);
    if (i > 0) lines.push(`    dependsOn: [s${i - 1}${i % 10 === 0 && i > 2 ? `, {atLeast: 1, of: [s${i - 2}, s${i - 3}]}` : ''}]`);
  }
  return `${lines.join('\n')}\n`;
}

describe('hostile input: syntax and encoding', () => {
  it('a YAML syntax error: an unclosed flow mapping, reported where the next line breaks it', async () => {
    const p = tmp.write('syntax.yaml', 'services:\n  a: {name: A\n  b: {name: B}\n');
    await rejected(p, 'yaml-syntax', 3, 3);
  });

  it('tabs used for indentation', async () => {
    const p = tmp.write('tabs.yaml', 'services:\n\ta:\n\t\tname: A\n');
    const io = await rejected(p, 'yaml-tab', 2, 1);
    expect(io.err()).toContain(`${p}:3:1: error[yaml-tab]`);
  });

  it('a duplicate key at the top level', async () => {
    const p = tmp.write('dupkey.yaml', 'services:\n  a: {name: A}\nservices:\n  b: {name: B}\n');
    await rejected(p, 'yaml-duplicate-key', 3, 1);
  });

  it('two YAML documents in one file', async () => {
    const p = tmp.write('twodocs.yaml', 'services:\n  a: {name: A}\n---\nservices:\n  b: {name: B}\n');
    await rejected(p, 'yaml-syntax', 3, 1);
  });

  it('a binary file (NUL bytes)', async () => {
    const p = tmp.write('binary.yaml', new Uint8Array([0x73, 0x65, 0x72, 0x00, 0xff, 0x00, 0x01]));
    await rejected(p, 'file-binary');
  });

  it('bytes that are not UTF-8 (Latin-1 é)', async () => {
    const p = tmp.write('latin1.yaml', new Uint8Array([...new TextEncoder().encode('services:\n  a: {name: Caf'), 0xe9, 0x7d, 0x0a]));
    await rejected(p, 'file-not-utf8');
  });

  it('an empty file: no services, named by file', async () => {
    const p = tmp.write('empty.yaml', '');
    const io = await rejected(p, 'no-services');
    expect(io.err()).toContain(`${p}:1:1: warning[empty-file]`);
  });

  it('a file of only whitespace and comments', async () => {
    const p = tmp.write('comments.yaml', '# nothing here\n\n   \n');
    await rejected(p, 'no-services');
  });

  it('accepts a UTF-8 BOM and CRLF line endings, with positions unchanged', async () => {
    const ok = tmp.write('bom-crlf.yaml', new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('services:\r\n  a:\r\n    name: A\r\n    dependsOn: [b]\r\n  b: {name: B}\r\n')]));
    const { exit, io } = await validate(ok);
    expect(exit).toBe(0);
    expect(io.out()).toContain('2 services');
    const bad = tmp.write('bom-crlf-bad.yaml', new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('services:\r\n  a:\r\n    name: A\r\n    dependsOn: [b, zz]\r\n  b: {name: B}\r\n')]));
    await rejected(bad, 'unknown-service', 4, 20);
  });
});

describe('hostile input: resource exhaustion', () => {
  it('a billion-laughs alias bomb in extension keys is refused without expanding it', async () => {
    const levels = ['x-l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
    for (let i = 1; i <= 9; i++) levels.push(`x-l${i}: &l${i} [${Array(9).fill(`*l${i - 1}`).join(', ')}]`);
    const p = tmp.write('laughs.yaml', `${levels.join('\n')}\nservices:\n  a: {name: A}\n`);
    // The first alias whose expansion is the largest: the first *l8 on line 10 (x-l9), column 12.
    await rejected(p, 'yaml-alias-limit', 10, 12);
  });

  it('an alias bomb built from merge keys', async () => {
    const levels = ['x-m0: &m0 {owner: o}'];
    for (let i = 1; i <= 9; i++) levels.push(`x-m${i}: &m${i} {<<: [${Array(9).fill(`*m${i - 1}`).join(', ')}]}`);
    const p = tmp.write('merge-bomb.yaml', `${levels.join('\n')}\nservices:\n  a:\n    <<: *m9\n    name: A\n`);
    const { exit, io } = await validate(p);
    expect(exit).toBe(2);
    expect(io.err()).toMatch(/merge-bomb\.yaml:\d+:\d+: error\[yaml-alias-limit\]/);
  });

  it('an alias inside the node it refers to', async () => {
    const p = tmp.write('self-alias.yaml', 'x-a: &a [1, *a]\nservices:\n  a: {name: A}\n');
    await rejected(p, 'yaml-alias-limit', 1, 13);
  });

  it('many merge keys in a legitimate catalog are fine', async () => {
    const services = Array.from({ length: 2000 }, (_, i) => `  s${i}:\n    <<: *d\n    name: S${i}\n`).join('');
    const p = tmp.write('many-merges.yaml', `x-d: &d\n  owner: team\n  tier: 2\nservices:\n${services}`);
    const { exit, io } = await validate(p);
    expect(exit).toBe(0);
    expect(io.out()).toContain('2000 services');
  });

  it.each([
    ['100k nested [', '['.repeat(100_000), 1, 101],
    // `services:` is one block level, so the 100th `{` (column 10 + 99 × 4 + 1) is one too many.
    ['100k nested {', `services: ${'{a: '.repeat(100_000)}`, 1, 407],
    ['50k compact - - -', `${'- '.repeat(50_000)}x\n`, 1, 199],
    ['a staircase of 2000 indented keys', `${Array.from({ length: 2000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n')}\n`, 101, 101],
  ])('very deep nesting: %s', async (_label, text, line, col) => {
    const p = tmp.write(`deep-${line}-${col}.yaml`, text);
    await rejected(p, 'yaml-too-deep', line, col);
  });

  it('a file over the 16 MiB limit (sparse, never read)', async () => {
    const p = join(tmp.dir, 'huge.yaml');
    const fd = openSync(p, 'w');
    ftruncateSync(fd, MAX_FILE_BYTES + 1);
    closeSync(fd);
    await rejected(p, 'file-too-large');
  });

  it('bytes over the limit handed to the builder directly', () => {
    const res = buildCatalog([{ file: 'big.yaml', bytes: new Uint8Array(MAX_FILE_BYTES + 1).fill(0x20) }]);
    expect(res.diagnostics.map((d) => d.code)).toEqual(['file-too-large']);
  });

  it('a very large valid catalog (20,000 services) validates', async () => {
    // Timing is measured in bench/catalog.ts, not asserted here.
    const p = tmp.write('big.yaml', bigCatalog(20_000));
    const { exit, io } = await validate(p);
    expect(io.err()).toBe('');
    expect(exit).toBe(0);
    expect(io.out()).toContain('20000 services');
  });
});

describe('hostile input: paths', () => {
  it('a missing path', async () => {
    await rejected(join(tmp.dir, 'no', 'such.yaml'), 'file-not-found');
  });

  it('a directory with no YAML files', async () => {
    const d = join(tmp.dir, 'no-yaml');
    mkdirSync(d);
    tmp.write('no-yaml/readme.txt', 'services: {}');
    await rejected(d, 'no-yaml-files');
  });

  it('a device that would never end', async () => {
    await rejected('/dev/zero', 'file-unreadable');
  });
});

describe('hostile input: prototype keys and control characters', () => {
  it('__proto__ as a service id is an invalid id, and pollutes nothing', async () => {
    const p = tmp.write('proto-id.yaml', 'services:\n  __proto__:\n    name: P\n    polluted: yes\n  a: {name: A}\n');
    const io = await rejected(p, 'invalid-id', 2, 3);
    expect(io.err()).toContain('try "proto__"');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('__proto__ and constructor as field and label names pollute nothing', async () => {
    const p = tmp.write(
      'proto-keys.yaml',
      [
        '__proto__: {polluted: root}',
        'x-p: &p {__proto__: {polluted: merged}, prototype: {polluted: p}, owner: o}',
        'services:',
        '  a:',
        '    <<: *p',
        '    name: A',
        '    __proto__: {polluted: service}',
        '    constructor: {prototype: {polluted: ctor}}',
        '    labels: {__proto__: label, constructor: c, toString: t}',
        '',
      ].join('\n'),
    );
    const { exit, io } = await validate(p, '--json');
    expect(exit).toBe(0); // unknown fields are warnings
    const out = JSON.parse(io.out()) as { valid: boolean; diagnostics: Array<{ code: string; line: number; col: number }> };
    expect(out.diagnostics.map((d) => `${d.code} ${d.line}:${d.col}`)).toEqual([
      'unknown-field 1:1',
      // prototype, merged from x-p, is reported where it is written; x-p's __proto__
      // is overridden by the service's own __proto__ (explicit keys win over merged ones).
      'unknown-field 2:41',
      'unknown-field 7:5',
      'unknown-field 8:5',
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
    expect(typeof ({} as { toString: unknown }).toString).toBe('function');
  });

  it('constructor, tostring, valueof, hasownproperty work as ordinary ids', async () => {
    const p = tmp.write(
      'proto-ids.yaml',
      [
        'services:',
        '  constructor: {name: Constructor, dependsOn: [tostring, valueof]}',
        '  tostring: {name: ToString, dependsOn: [hasownproperty]}',
        '  valueof: {name: ValueOf}',
        '  hasownproperty: {name: HasOwnProperty}',
        'scenarios:',
        '  constructor:',
        '    faults: [{service: hasownproperty}]',
        '',
      ].join('\n'),
    );
    const v = await validate(p);
    expect(v.exit).toBe(0);
    expect(v.io.out()).toContain('4 services, 1 scenario');
    const io = memoryIo();
    expect(await runCli(['show', p, 'constructor', '--json', '-d', '3'], io)).toBe(0);
    const shown = JSON.parse(io.out()) as { id: string; dependencies: Array<{ id: string; children: Array<{ id: string }> }> };
    expect(shown.id).toBe('constructor');
    expect(shown.dependencies.map((d) => d.id).sort()).toEqual(['tostring', 'valueof']);
    expect(shown.dependencies.find((d) => d.id === 'tostring')!.children.map((c) => c.id)).toEqual(['hasownproperty']);
  });

  it('toString (capitalised) is an invalid id with a suggestion', async () => {
    const p = tmp.write('tostring.yaml', 'services:\n  toString: {name: T}\n');
    const io = await rejected(p, 'invalid-id', 2, 3);
    expect(io.err()).toContain('try "tostring"');
  });

  it('ANSI escapes and control characters in names are kept as data and never echoed raw', async () => {
    const p = tmp.write(
      'ansi.yaml',
      [
        'services:',
        '  a:',
        '    name: "\\e[31mRed\\e[0m \\a bell \\0 nul \\u202e bidi"',
        '    owner: "\\e]0;title\\a"',
        '    dependsOn: ["\\e[2Jgone"]',
        '',
      ].join('\n'),
    );
    const io = await rejected(p, 'invalid-id', 5, 17);
    expect(io.err()).toContain('\\u001b[2Jgone');

    const ok = tmp.write('ansi-ok.yaml', 'services:\n  a:\n    name: "\\e[31mRed\\e[0m \\u202e"\n    owner: "\\e]0;title\\a"\n');
    const shown = memoryIo();
    expect(await runCli(['show', ok, 'a'], shown)).toBe(0);
    expect(shown.out()).toContain('\\u001b[31mRed\\u001b[0m \\u202e');
    expect(shown.out() + shown.err()).not.toContain(ESC);
    expect(shown.out()).not.toContain('\u202e');
    const summary = memoryIo();
    expect(await runCli(['show', ok], summary)).toBe(0);
    expect(summary.out() + summary.err()).not.toContain(ESC);
  });

  it('a raw escape byte in a name is data; in an id it is an invalid id, escaped in message and excerpt', async () => {
    const ok = tmp.write('raw-esc-name.yaml', `services:\n  a: {name: "x${ESC}[31my"}\n`);
    expect((await validate(ok)).exit).toBe(0);
    const shown = memoryIo();
    expect(await runCli(['show', ok, 'a'], shown)).toBe(0);
    expect(shown.out()).toContain('x\\u001b[31my');
    expect(shown.out()).not.toContain(ESC);

    const bad = tmp.write('raw-esc-id.yaml', `services:\n  a: {name: A, dependsOn: ["x${ESC}[31my"]}\n`);
    const io = await rejected(bad, 'invalid-id', 2, 28);
    expect(io.err()).toContain('"x\\u001b[31my"'); // message
    expect(io.err()).toContain('dependsOn: ["x\\u001b[31my"]'); // excerpt
  });
});
