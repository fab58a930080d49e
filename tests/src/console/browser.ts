import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Where each page's screenshot is kept (ignored by git; CI may upload it). */
export const ARTIFACTS = join(__dirname, '..', '..', 'artifacts', 'console');

/** Debian's chromium, as .ci/run installs it; CHROMIUM_PATH for other machines. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    // Root in CI containers cannot use Chromium's sandbox.
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
}

/** A fresh browser session (its own sessionStorage) signed in as a council's demo user through the console. */
export async function signIn(
  browser: Browser,
  baseUrl: string,
  tenant: string,
  email: string,
): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1920, height: 1080 },
    acceptDownloads: true,
  });
  // A step that has not happened in 15 s will not: fail fast rather than hold CI.
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  await page.goto(`${baseUrl}/console/`);
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await page.getByLabel('Council').selectOption(tenant);
  await page.getByLabel('Demo user').selectOption(email);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Who is contacting us?' }).waitFor();
  return page;
}

/** Serious or critical axe violations on the page as it stands (WCAG 2.2 A and AA rules). */
export async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/**
 * Every page the tests visit: axe finds no serious or critical violation, the
 * page fits 320 px without sideways scrolling, and screenshots at 1080p and
 * 320 px are kept.
 */
export async function checkPage(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  expect(await seriousViolations(page)).toEqual([]);
  await page.screenshot({ path: join(ARTIFACTS, `${name}-1080p.png`), fullPage: true });
  const size = page.viewportSize()!;
  await page.setViewportSize({ width: 320, height: 800 });
  // Runs in the page: how far the document is wider than the window (sideways scrolling).
  const overflow = (await page.evaluate(
    '(() => document.documentElement.scrollWidth - window.innerWidth)()',
  )) as number;
  await page.screenshot({ path: join(ARTIFACTS, `${name}-320px.png`) });
  await page.setViewportSize(size);
  expect({ page: name, overflowPx: Math.max(0, overflow) }).toEqual({ page: name, overflowPx: 0 });
}

/** Whether the focused element shows the GOV.UK focus style (an outline or the yellow box-shadow). */
export async function focusIsVisible(page: Page): Promise<boolean> {
  return (await page.evaluate(`(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return false;
    // GOV.UK checkboxes and radios hide the input and draw its focus ring on the label.
    const drawn = el.matches('.govuk-checkboxes__input, .govuk-radios__input');
    const s = drawn ? getComputedStyle(el.nextElementSibling, '::before') : getComputedStyle(el);
    return (s.outlineStyle !== 'none' && s.outlineWidth !== '0px') || s.boxShadow !== 'none';
  })()`)) as boolean;
}

/**
 * Presses Tab (and only Tab) until the focused element matches `selector`
 * (and its text passes `text`), checking at each stop that focus is visible.
 */
export async function tabTo(
  page: Page,
  selector: string,
  text: (t: string) => boolean = () => true,
  most = 60,
): Promise<void> {
  for (let i = 0; i < most; i++) {
    await page.keyboard.press('Tab');
    expect({ step: i, selector, visible: await focusIsVisible(page) }).toEqual({
      step: i,
      selector,
      visible: true,
    });
    const hit = (await page.evaluate(
      `(() => { const el = document.activeElement; return el && el.matches(${JSON.stringify(selector)}) ? (el.textContent || '').trim() : null; })()`,
    )) as string | null;
    if (hit !== null && text(hit)) return;
  }
  throw new Error(`${selector} not reached in ${most} presses of Tab`);
}

/**
 * Cumulative layout shift while a page loads (PerformanceObserver
 * `layout-shift`, as Core Web Vitals count it): a full load, settled once the
 * page's data is shown and its fonts and images have settled.
 */
export async function layoutShiftOnLoad(page: Page, url: string): Promise<number> {
  await page.context().addInitScript(`(() => {
    if (window.__clsObserved) return;
    window.__clsObserved = true;
    window.__cls = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (!e.hadRecentInput) window.__cls += e.value;
    }).observe({ type: 'layout-shift', buffered: true });
  })()`);
  await page.goto(url);
  await page.locator('main h1').waitFor();
  await page.waitForFunction('!document.body.innerText.includes("Loading…")');
  // Late shifts come from fonts and images settling: wait for both, then two frames to paint.
  await page.evaluate(`Promise.all([
    document.fonts.ready,
    ...[...document.images].map((i) => i.complete ? null : new Promise((r) => { i.onload = i.onerror = r; })),
  ]).then(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))))`);
  return Math.round(((await page.evaluate('window.__cls')) as number) * 1000) / 1000;
}

/** Polls `read` until `ok` holds (15 s, like every other step), then returns the value; fails with the last value. */
export async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  const until = Date.now() + 15_000;
  let value = await read();
  while (!ok(value) && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 200));
    value = await read();
  }
  if (!ok(value)) throw new Error(`still ${JSON.stringify(value)} after 15 s`);
  return value;
}
