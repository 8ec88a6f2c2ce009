/**
 * Install and run anywhere: the package ships compiled JavaScript and needs neither tsx nor
 * TypeScript at run time; `npm run blast --` resolves paths where the user ran npm; a missing
 * file's error names the directory it was looked for in. The packed tarball itself is
 * installed and run from outside the checkout by .ci/install-check.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { launchDirectory } from '../../src/cli/launch-dir.js';
import { runCli } from '../../src/cli/program.js';
import { memoryIo } from './helpers.js';

const root = resolve(__dirname, '../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  bin: Record<string, string>;
  files: string[];
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
};
const scratch = realpathSync(mkdtempSync(join(tmpdir(), 'blast-install-')));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const env = (): NodeJS.ProcessEnv => {
  const e: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete e.FORCE_COLOR;
  return e;
};

describe('the package', () => {
  it('runs compiled JavaScript: bin is a plain node script, dist/ is shipped and built before packing', () => {
    expect(pkg.bin.blast).toBe('bin/blast.js');
    expect(pkg.files).toEqual(expect.arrayContaining(['bin/', 'dist/', 'catalogs/']));
    expect(pkg.files).not.toContain('src/');
    expect(pkg.scripts.prepack).toBe('npm run build');
    // the explorer's JSX compiles to react/jsx-runtime imports, not to a global React
    expect(readFileSync(join(root, 'tsconfig.json'), 'utf8')).toMatch(/"jsx": "react-jsx"/);
  });

  it('blast --version and -V print the package version', async () => {
    for (const flag of ['--version', '-V']) {
      const io = memoryIo();
      expect(await runCli([flag], io)).toBe(0);
      expect(io.out()).toBe(`${(pkg as unknown as { version: string }).version}\n`);
    }
  });

  it('needs neither tsx nor TypeScript at run time', () => {
    expect(Object.keys(pkg.dependencies)).not.toContain('tsx');
    expect(Object.keys(pkg.dependencies)).not.toContain('typescript');
    expect(readFileSync(join(root, 'bin/blast.js'), 'utf8')).not.toMatch(/import\(['"]tsx/);
  });

  it('bin/blast.js without a build says what to run, exit 2', () => {
    const fake = join(scratch, 'unbuilt');
    mkdirSync(join(fake, 'bin'), { recursive: true });
    copyFileSync(join(root, 'bin/blast.js'), join(fake, 'bin/blast.js'));
    const r = spawnSync(process.execPath, [join(fake, 'bin/blast.js'), '--help'], { encoding: 'utf8', env: env(), timeout: 30_000 });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`the compiled program is missing (${join(fake, 'dist', 'cli', 'main.js')})`);
    expect(r.stderr).toContain(`run \`npm run build\` in ${fake}`);
  });
});

describe('the directory paths resolve against', () => {
  const own = { INIT_CWD: '/home/me/shop', npm_lifecycle_event: 'blast' };

  it('is INIT_CWD under the package\'s own blast and start scripts', () => {
    expect(launchDirectory(own, '/opt/blast-radius', '/opt/blast-radius')).toBe('/home/me/shop');
    expect(launchDirectory({ ...own, npm_lifecycle_event: 'start' }, '/opt/blast-radius', '/opt/blast-radius/')).toBe('/home/me/shop');
  });

  it('is the working directory otherwise', () => {
    // run from the checkout itself
    expect(launchDirectory({ ...own, INIT_CWD: '/opt/blast-radius' }, '/opt/blast-radius', '/opt/blast-radius')).toBeUndefined();
    // a project's own script calling the installed blast: npm ran it in the project
    expect(launchDirectory(own, '/home/me/project', '/home/me/project/node_modules/blast-radius')).toBeUndefined();
    // the test suite's subprocesses (npm test), and no npm at all
    expect(launchDirectory({ ...own, npm_lifecycle_event: 'test' }, '/opt/blast-radius', '/opt/blast-radius')).toBeUndefined();
    expect(launchDirectory({}, '/opt/blast-radius', '/opt/blast-radius')).toBeUndefined();
  });

  it('`npm run blast --` from another directory reads the user\'s files and names the directory when one is missing', () => {
    const user = join(scratch, 'user');
    cpSync(join(root, 'catalogs/example-shop'), join(user, 'shop'), { recursive: true });
    const npm = (args: string[]) =>
      spawnSync('npm', ['--prefix', root, 'run', '--silent', 'blast', '--', ...args], { cwd: user, encoding: 'utf8', env: env(), timeout: 60_000 });
    const ok = npm(['validate', 'shop']);
    expect(ok.stderr).toBe('');
    expect(ok.stdout).toContain('valid: shop: 19 services');
    expect(ok.status).toBe(0);
    const missing = npm(['validate', 'nope.yaml']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain(`no such file or directory: nope.yaml (looked in ${user})`);
  }, 120_000);
});
