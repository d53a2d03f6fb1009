import { buildOrg } from '../factories';
import { TEST_PASSWORD } from '../helpers/sign-in';
import { startE2E, tabTo, type E2E } from './harness';

let e: E2E;
let adminEmail: string;
beforeAll(async () => {
  e = await startE2E('keyboard-only');
  adminEmail = (await buildOrg(e.ctx.db)).admin.email;
});
afterAll(() => e?.close());

describe('keyboard only', () => {
  it('the skip link comes first and shows itself', async () => {
    const page = await e.page('laptop');
    await page.goto(e.url('/login'));
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to content' });
    await expect(skip.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    const box = await skip.boundingBox();
    expect(box && box.x >= 0 && box.y >= 0).toBe(true);
    await e.step(page, 'skip-link');
    await page.keyboard.press('Enter');
    expect(new URL(page.url()).hash).toBe('#main');
  });

  it('asks for a sign-in link with Tab and Enter, with a visible focus on every stop', async () => {
    const page = await e.page('laptop');
    await page.goto(e.url('/login'));
    await tabTo(page, '#link-email');
    await page.keyboard.type(adminEmail);
    await e.step(page, 'email-focused');
    await page.keyboard.press('Enter');
    await page.waitForURL(/sent=1/);
    await expect(page.getByRole('status').isVisible()).resolves.toBe(true);
  });

  it('signs in with a password using Tab, Enter and typing only', async () => {
    const page = await e.page('phone');
    await page.goto(e.url('/login'));
    await tabTo(page, 'summary');
    await page.keyboard.press('Enter');
    await expect(page.locator('details').evaluate((d) => (d as HTMLDetailsElement).open)).resolves.toBe(true);
    await tabTo(page, '#pw-email', 3);
    await page.keyboard.type(adminEmail);
    await tabTo(page, '#password', 2);
    await page.keyboard.type(TEST_PASSWORD);
    await e.step(page, 'password-filled');
    await page.keyboard.press('Enter');
    await page.waitForURL(e.url('/'));
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toMatch(/^Hello, /);
  });
});
