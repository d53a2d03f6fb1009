import { startE2E, type E2E } from './harness';

let e: E2E;
beforeAll(async () => {
  e = await startE2E('first-run-setup');
});
afterAll(() => e?.close());

describe('first-run setup in the browser', () => {
  it('sends a new install to the setup form, which creates the HR admin and lands on home', async () => {
    const page = await e.page('laptop');
    await page.goto(e.url('/'));
    expect(new URL(page.url()).pathname).toBe('/setup');
    await e.step(page, 'setup-form');

    await page.getByLabel('Company name').fill('Acme Sales');
    await page.getByLabel('Your name').fill('Hana Wijaya');
    await page.getByLabel('Your work email').fill('not-an-email');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForLoadState();
    await expect(page.locator('#email-error').textContent()).resolves.toContain('valid email');
    await e.step(page, 'setup-errors');

    await page.getByLabel('Your work email').fill('hana@acme.test');
    // Without SMTP_URL (this journey's configuration) a password is required: a sign-in link could not reach HR.
    await page.getByLabel('Password', { exact: true }).fill('a long enough passphrase');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL(e.url('/'));
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Hello, Hana Wijaya');
    await e.step(page, 'home');

    const admin = await e.ctx.db.employee.findUniqueOrThrow({ where: { email: 'hana@acme.test' } });
    expect(admin.role).toBe('hr_admin');
  });
});
