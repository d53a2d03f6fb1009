import { buildOrg } from '../factories';
import { startE2E, type E2E } from './harness';

let e: E2E;
beforeAll(async () => {
  e = await startE2E('language-switch');
  await buildOrg(e.ctx.db);
});
afterAll(() => e?.close());

describe('the language switch', () => {
  it('turns the page into Bahasa Indonesia and remembers the choice', async () => {
    const page = await e.page('laptop');
    await page.goto(e.url('/login'));
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Sign in');

    await page.getByRole('link', { name: 'Bahasa Indonesia' }).click();
    await page.waitForURL(/lang=id/);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('id');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Masuk');
    await expect(page.getByRole('button', { name: 'Kirimi saya tautan masuk' }).count()).resolves.toBe(1);
    await expect(page.getByRole('link', { name: 'Lewati ke konten' }).count()).resolves.toBe(1);
    await expect(page.getByRole('link', { name: 'Bahasa Indonesia' }).getAttribute('aria-current')).resolves.toBe('true');
    await e.step(page, 'login-id');

    await page.goto(e.url('/login'));
    await expect(page.getByLabel('Email kerja').first().isVisible()).resolves.toBe(true);

    await page.getByRole('link', { name: 'English' }).click();
    await page.waitForURL(/lang=en/);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Sign in');
  });
});
