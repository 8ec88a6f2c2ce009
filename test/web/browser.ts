/**
 * Opens a page blast wrote in headless Chromium from file://, and records what the tests
 * check: console messages, page errors, dialogs (alert/confirm/prompt) and every request.
 * WebGL runs on SwiftShader (software), or is switched off to exercise the list view.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../report/mermaid-browser.js';

export { CHROMIUM, chromiumAvailable } from '../report/mermaid-browser.js';

/** Software WebGL: recent Chromium only offers SwiftShader for WebGL when asked explicitly. */
export const WEBGL_ARGS = ['--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist'];

export interface Opened {
  readonly page: Page;
  readonly console: string[];
  readonly errors: string[];
  readonly dialogs: string[];
  /** Every request but the page itself. */
  readonly requests: string[];
  close(): Promise<void>;
}

export interface OpenOptions {
  readonly webgl?: boolean;
  readonly width?: number;
  readonly height?: number;
}

export async function openPage(file: string, opts: OpenOptions = {}): Promise<Opened> {
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'blast-chromium-'));
  const args = [...CHROMIUM_ARGS.filter((a) => a !== '--disable-gpu' || opts.webgl === false), ...(opts.webgl === false ? ['--disable-webgl', '--disable-3d-apis'] : WEBGL_ARGS)];
  const context: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args,
    viewport: { width: opts.width ?? 1400, height: opts.height ?? 900 },
  });
  const url = pathToFileURL(file).href;
  const page = context.pages()[0] ?? (await context.newPage());
  const out: Opened = {
    page,
    console: [],
    errors: [],
    dialogs: [],
    requests: [],
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
  page.on('console', (m) => out.console.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => out.errors.push(String(e)));
  page.on('dialog', (d) => {
    out.dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  context.on('request', (r) => {
    if (r.url() !== url) out.requests.push(r.url());
  });
  // any script that runs would find these hooked: calling them is recorded as a failure
  // a string, not a function: the test's transpiler would add helpers the page does not have
  await page.addInitScript(`(() => {
    window.__hooked = [];
    for (const name of ['alert', 'confirm', 'prompt', 'print', 'open']) {
      window[name] = (...args) => { window.__hooked.push(name + '(' + args.map(String).join(', ') + ')'); };
    }
  })();`);
  await page.goto(url);
  await page.waitForSelector('body[data-ready="yes"]', { timeout: 20_000 });
  return out;
}

/** Calls any page script made to alert/confirm/prompt/print/open. */
export async function hooked(page: Page): Promise<string[]> {
  return page.evaluate('window.__hooked') as Promise<string[]>;
}
