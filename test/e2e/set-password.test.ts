import { buildEmployee, buildOrg } from '../factories';
import { TEST_PASSWORD } from '../helpers/sign-in';
import { signInWithPassword, startE2E, type E2E } from './harness';

let e: E2E;
beforeAll(async () => {
  e = await startE2E('set-password');
  await buildOrg(e.ctx.db);
  await buildEmployee(e.ctx.db, { email: 'sari@acme.test', name: 'Sari Dewi', password: TEST_PASSWORD, locale: 'id' });
});
afterAll(() => e?.close());

describe('setting one’s own password', () => {
  it('explains a mismatch next to the field, then saves and goes home', async () => {
    const page = await e.page('phone');
    await signInWithPassword(e, page, 'sari@acme.test', TEST_PASSWORD);

    await page.getByRole('link', { name: 'Set or change your password' }).click();
    await e.step(page, 'password-form');
    await page.getByLabel('Current password').fill(TEST_PASSWORD);
    await page.getByLabel('New password').fill('a much longer passphrase');
    await page.getByLabel('Type it again').fill('something else entirely');
    await page.getByRole('button', { name: 'Save password' }).click();
    await expect(page.getByLabel('Type it again').getAttribute('aria-invalid')).resolves.toBe('true');
    await e.step(page, 'password-mismatch');

    await page.getByLabel('Current password').fill(TEST_PASSWORD);
    await page.getByLabel('New password').fill('a much longer passphrase');
    await page.getByLabel('Type it again').fill('a much longer passphrase');
    await page.getByRole('button', { name: 'Save password' }).click();
    await page.waitForURL(e.url('/'));
  });

  it('shows a page that is not there as a readable, accessible error', async () => {
    const page = await e.page('laptop');
    const res = await page.goto(e.url('/no/such/page'));
    expect(res?.status()).toBe(404);
    await expect(page.getByRole('link', { name: 'Back to the start page' }).count()).resolves.toBe(1);
    await e.step(page, 'not-found');
  });
});
