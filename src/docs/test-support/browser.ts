/**
 * A real Chromium for the page tests and the screenshot script, driven by playwright-core
 * (`npx playwright install` cannot work here): the one find-browser.ts finds, which `npm test`'s
 * pretest step installs from Debian when it can. Launch failures are thrown, never skipped.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { findBrowser, NO_BROWSER } from './find-browser.js';

export const CHROMIUM_PATH = findBrowser();

/** Without the networking flags Chromium's connections are refused in this sandbox. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchBrowser(viewport = { width: 1440, height: 900 }): Promise<Browser> {
  if (!CHROMIUM_PATH) throw new Error(NO_BROWSER);
  const userDataDir = mkdtempSync(join(tmpdir(), 'tsmodel-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport,
      deviceScaleFactor: 1,
    });
  } catch (err) {
    rmSync(userDataDir, { recursive: true, force: true });
    throw new Error(
      `Chromium did not start from ${CHROMIUM_PATH} (install it with: apt-get install -y chromium): ` +
        `${err instanceof Error ? err.message : String(err)}`,
      { cause: err },
    );
  }
  return {
    context,
    close: async () => {
      await context.close().catch(() => {});
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

export interface OpenedPage {
  page: Page;
  /** Console errors, uncaught exceptions and failed requests, as text. */
  errors: string[];
}

export async function openPage(browser: Browser, url: string): Promise<OpenedPage> {
  const page = await browser.context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 });
  return { page, errors };
}

export interface ChartInk {
  id: string;
  /** Canvas: pixels not blank; SVG: shapes filled with a colour (bars, areas, symbols). */
  marks: number;
  kind: 'canvas' | 'svg' | 'none';
}

/** How much each chart container (`selector`) has drawn. */
export function chartInk(page: Page, selector: string): Promise<ChartInk[]> {
  return page.$$eval(selector, (els) =>
    els.map((el) => {
      const id = el.id || el.getAttribute('data-chart') || '?';
      const canvas = el.querySelector('canvas');
      if (canvas) {
        const ctx = canvas.getContext('2d');
        if (!ctx || canvas.width === 0 || canvas.height === 0) return { id, marks: 0, kind: 'canvas' as const };
        const px = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
        let ink = 0;
        for (let i = 3; i < px.length; i += 4) if (px[i]! > 0) ink++;
        return { id, marks: ink, kind: 'canvas' as const };
      }
      const svg = el.querySelector('svg');
      if (svg) {
        // Marks: shapes with area painted in a colour (bars, areas, symbols); axis and grid lines are unfilled.
        const blank = new Set(['none', 'transparent', '#fff', '#ffffff', 'white', 'rgb(255,255,255)', 'rgba(0,0,0,0)']);
        const marks = [...svg.querySelectorAll('path, rect, circle, polygon')].filter((shape) => {
          const b = (shape as SVGGraphicsElement).getBBox();
          const fill = (shape.getAttribute('fill') ?? getComputedStyle(shape).fill).replace(/\s/g, '').toLowerCase();
          const opacity = Number(shape.getAttribute('fill-opacity') ?? shape.getAttribute('opacity') ?? '1');
          return b.width > 0.5 && b.height > 0.5 && !blank.has(fill) && opacity > 0;
        });
        return { id, marks: marks.length, kind: 'svg' as const };
      }
      return { id, marks: 0, kind: 'none' as const };
    }),
  );
}
