import { buildOrg } from '../factories';
import { TEST_PASSWORD } from '../helpers/sign-in';
import { signInWithPassword, startE2E, type E2E } from './harness';

let e: E2E;
let adminEmail: string;
beforeAll(async () => {
  e = await startE2E('sign-out');
  adminEmail = (await buildOrg(e.ctx.db)).admin.email;
});
afterAll(() => e?.close());

describe('signing out', () => {
  it('ends the session: the sign-out button leads to the login page and home asks to sign in again', async () => {
    const page = await e.page('phone');
    await signInWithPassword(e, page, adminEmail, TEST_PASSWORD);
    await e.step(page, 'signed-in');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/login$/);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Sign in');
    await e.step(page, 'signed-out');

    await page.goto(e.url('/'));
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(0);
  });
});
