/**
 * End-to-end harness: the real app on a free port of 127.0.0.1 over a fresh migrated database, its mail
 * going by SMTP to a server inside the test process, and Debian's Chromium driven by playwright-core.
 *
 *   const e = await startE2E('sign-in');
 *   const page = await e.page('phone');
 *   await page.goto(e.url('/login'));
 *   await e.step(page, 'login');   // screenshots at 360 and 1280 px, axe, no sideways scrolling
 *   ...
 *   await e.close();
 *
 * Screenshots go to artifacts/screenshots/<journey>/<NN-step>-<width>.png, the axe findings that do not
 * fail a journey (minor, moderate) to artifacts/axe/<journey>.json.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { BrowserContext, Page } from 'playwright-core';
import type { AppContext } from '../../server/context';
import { createApp } from '../../server/http/app';
import { smtpTransport } from '../../server/domain/email/transport';
import { drainOutbox } from '../../server/domain/email/sender.service';
import { settleLoginLinkRequests } from '../../server/domain/auth/login-links.service';
import { testContext } from '../helpers/test-app';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db';
import { startSmtpServer, type ReceivedMail, type TestSmtp } from '../helpers/smtp-server';
import { AXE_SOURCE, axeFindings, describeFindings, isBlocking, type AxeFinding } from './axe';
import { connectChromium } from './chromium';

export { CHROMIUM, launchChromium } from './chromium';

export const VIEWPORTS = { phone: { width: 360, height: 740 }, laptop: { width: 1280, height: 800 } } as const;
export type ScreenSize = keyof typeof VIEWPORTS;
export const ARTIFACTS = path.resolve(__dirname, '../../artifacts');

export interface E2E {
  journey: string;
  baseUrl: string;
  ctx: AppContext;
  smtp: TestSmtp;
  /** `path` on the running app. */
  url(p: string): string;
  /** A fresh page in its own browser context (own cookies), sized like a phone or a laptop. */
  page(size: ScreenSize): Promise<Page>;
  /**
   * Records a step: a screenshot at each width, axe on each, and a check that the phone width needs no
   * sideways scrolling. Throws on serious or critical axe violations. The page's own size is restored.
   */
  step(page: Page, name: string): Promise<void>;
  /** Sends what the outbox holds, then returns the newest message the SMTP server received for `to`. */
  mailTo(to: string): Promise<ReceivedMail>;
  close(): Promise<void>;
}

async function listen(server: http.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

async function pageOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/**
 * Runs `check` on the page; when the page reloads itself meanwhile (a meta refresh on a progress page),
 * waits for the new document and runs it once more.
 */
async function againIfReloaded<T>(page: Page, check: () => Promise<T>): Promise<T> {
  try {
    return await check();
  } catch (err) {
    if (!/Execution context was destroyed|navigation/i.test(String(err))) throw err;
    await page.waitForLoadState('load');
    return check();
  }
}

export async function startE2E(journey: string): Promise<E2E> {
  const database: TestDatabase = await createTestDatabase();
  const smtp = await startSmtpServer();
  const server = http.createServer();
  const port = await listen(server);
  const baseUrl = `http://127.0.0.1:${port}`;
  const ctx = testContext(database, { env: { BASE_URL: baseUrl }, mail: smtpTransport(smtp.url, 2) });
  server.on('request', createApp(ctx));
  const browser = await connectChromium();
  const contexts: BrowserContext[] = [];
  const shotsDir = path.join(ARTIFACTS, 'screenshots', journey);
  fs.rmSync(shotsDir, { recursive: true, force: true });
  fs.mkdirSync(shotsDir, { recursive: true });
  const minor: AxeFinding[] = [];
  let stepNo = 0;

  const e2e: E2E = {
    journey,
    baseUrl,
    ctx,
    smtp,
    url: (p) => `${baseUrl}${p}`,
    async page(size) {
      const context = await browser.newContext({
        viewport: VIEWPORTS[size],
        isMobile: size === 'phone',
        hasTouch: size === 'phone',
        bypassCSP: true, // lets axe be injected; the app's CSP allows only script-src 'self'
        locale: 'en-GB',
      });
      // axe arrives with every document, so a step does not inject it again after each navigation.
      await context.addInitScript({ content: AXE_SOURCE });
      context.setDefaultTimeout(15_000); // fail a missing element well before Jest's own timeout
      contexts.push(context);
      return context.newPage();
    },
    async step(page, name) {
      stepNo += 1;
      const label = `${String(stepNo).padStart(2, '0')}-${name}`;
      const own = page.viewportSize();
      const blocking: AxeFinding[] = [];
      const problems: string[] = [];
      for (const [size, viewport] of Object.entries(VIEWPORTS)) {
        await page.setViewportSize(viewport);
        const { findings, overflow } = await againIfReloaded(page, async () => {
          await page.screenshot({ path: path.join(shotsDir, `${label}-${viewport.width}.png`), fullPage: true });
          return { findings: await axeFindings(page), overflow: await pageOverflow(page) };
        });
        for (const f of findings) (isBlocking(f) ? blocking : minor).push(f);
        if (size === 'phone' && overflow > 0) problems.push(`  the page scrolls sideways by ${overflow}px at ${viewport.width}px (${page.url()})`);
      }
      if (own) await page.setViewportSize(own);
      if (blocking.length) problems.push(`  axe found ${blocking.length} serious or critical violation(s):\n${describeFindings(blocking)}`);
      if (problems.length) throw new Error(`Journey "${journey}", step "${label}":\n${problems.join('\n')}`);
    },
    async mailTo(to) {
      // Sign-in link requests are handled once their answer has gone (no enumeration by timing): let them finish.
      await settleLoginLinkRequests();
      await drainOutbox(ctx, ctx.mail);
      const mail = smtp.lastTo(to);
      if (!mail) throw new Error(`no email reached the SMTP server for ${to}; it received ${smtp.received.length} message(s)`);
      return mail;
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close();
      ctx.mail.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await smtp.close();
      await database.destroy();
      const axeDir = path.join(ARTIFACTS, 'axe');
      fs.mkdirSync(axeDir, { recursive: true });
      fs.writeFileSync(path.join(axeDir, `${journey}.json`), JSON.stringify(minor, null, 2));
    },
  };
  return e2e;
}

/** The first link in `mail` that starts with `prefix` (an absolute URL on the app). */
export function linkIn(mail: ReceivedMail, prefix: string): string {
  const escaped = prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`${escaped}[A-Za-z0-9_\\-/]+`).exec(mail.raw);
  if (!m) throw new Error(`no link starting with ${prefix} in the email "${mail.subject}"`);
  return m[0];
}

/** How the focused element shows its focus: its outline, read from computed style. */
export async function focusOutline(page: Page): Promise<{ tag: string; text: string; style: string; width: number }> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { tag: 'body', text: '', style: 'none', width: 0 };
    const cs = getComputedStyle(el);
    return {
      tag: el.tagName.toLowerCase(),
      text: (el.getAttribute('aria-label') ?? el.textContent ?? el.getAttribute('name') ?? '').trim().slice(0, 40),
      style: cs.outlineStyle,
      width: parseFloat(cs.outlineWidth) || 0,
    };
  });
}

/**
 * Presses Tab until `selector` has focus, checking that every element on the way shows a visible outline.
 * Returns the stops it made; throws when focus never arrives within `max` presses.
 */
export async function tabTo(page: Page, selector: string, max = 15): Promise<string[]> {
  const stops: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const focus = await focusOutline(page);
    stops.push(`${focus.tag} "${focus.text}"`);
    if (focus.style === 'none' || focus.width < 2) throw new Error(`focus is not visible on ${focus.tag} "${focus.text}" (outline ${focus.style} ${focus.width}px)`);
    if (await page.locator(selector).evaluate((el) => el === document.activeElement)) return stops;
  }
  throw new Error(`${selector} never got focus; Tab went through ${stops.join(' → ')}`);
}

/** Signs in on `page` through the login page's password form (in English). */
export async function signInWithPassword(e: E2E, page: Page, email: string, password: string): Promise<void> {
  await page.goto(e.url('/login?lang=en'));
  await page.getByText('Sign in with a password instead').click();
  await page.locator('#pw-email').fill(email);
  await page.locator('#password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL(e.url('/'));
}
