/**
 * The maintenance scripts that rewrite documents take --help and refuse an option they do not
 * know before computing or writing anything (a mistyped --prnt used to rewrite docs/incidents.md).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const tsx = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', ...args], { encoding: 'utf8', timeout: 60_000 });

describe('script options', () => {
  for (const [script, doc] of [['scripts/incidents.ts', 'docs/incidents.md'], ['scripts/calibration.ts', 'docs/calibration.md'], ['scripts/advise-doc.ts', 'docs/advise.md']] as const) {
    it(`${script}: --help prints its usage, an unknown option exits 2 and writes nothing`, () => {
      const help = tsx([script, '--help']);
      expect(help.status).toBe(0);
      expect(help.stdout).toMatch(new RegExp(`^Usage: npx tsx ${script.replace('.', '\\.')}`));
      const before = readFileSync(doc, 'utf8');
      const bad = tsx([script, '--prnt']);
      expect(bad.status).toBe(2);
      expect(bad.stderr).toMatch(/^error: unknown option --prnt \(the options are --/);
      expect(bad.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(readFileSync(doc, 'utf8')).toBe(before);
    });
  }
});
