/** The real binary path once: `node --import tsx src/cli/main.ts`, exit code and stderr. */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('blast as a subprocess', () => {
  it('exits 2 on an invalid catalog with file:line:col on stderr and nothing on stdout', () => {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
    delete env.FORCE_COLOR;
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'validate', 'test/fixtures/catalog/invalid-tier.yaml'], {
      encoding: 'utf8',
      env,
      timeout: 60_000,
    });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    const heads = r.stderr.split('\n').filter((l) => l.includes(': error['));
    expect(heads.map((l) => l.slice(0, l.indexOf(': error[') + ': error[invalid-tier]'.length))).toEqual([
      'test/fixtures/catalog/invalid-tier.yaml:4:11: error[invalid-tier]',
      'test/fixtures/catalog/invalid-tier.yaml:7:11: error[invalid-tier]',
      'test/fixtures/catalog/invalid-tier.yaml:10:11: error[invalid-tier]',
      'test/fixtures/catalog/invalid-tier.yaml:13:11: error[invalid-tier]',
    ]);
    expect(r.stderr).not.toContain('    at ');
    expect(r.stderr).not.toContain('\u001b');
  });
});
