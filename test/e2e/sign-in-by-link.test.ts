import { buildEmployee, buildOrg } from '../factories';
import { linkIn, startE2E, type E2E } from './harness';

let e: E2E;
beforeAll(async () => {
  e = await startE2E('sign-in-by-link');
  await buildOrg(e.ctx.db, { companyName: 'Acme Sales' });
  await buildEmployee(e.ctx.db, { email: 'budi@acme.test', name: 'Budi Santoso' });
});
afterAll(() => e?.close());

describe('sign-in by emailed link', () => {
  it('emails a link that, opened on a phone and confirmed, signs the person in', async () => {
    const laptop = await e.page('laptop');
    await laptop.goto(e.url('/login'));
    await e.step(laptop, 'login');
    await laptop.getByLabel('Work email').first().fill('budi@acme.test');
    await laptop.getByRole('button', { name: 'Email me a sign-in link' }).click();
    await laptop.waitForURL(e.url('/login?sent=1'));
    await expect(laptop.getByRole('status').textContent()).resolves.toContain('a sign-in link is on its way');
    await e.step(laptop, 'link-sent');

    const mail = await e.mailTo('budi@acme.test');
    expect(mail.subject).toBe('Your Pulse sign-in link');
    const link = linkIn(mail, `${e.baseUrl}/login/link/`);

    const phone = await e.page('phone');
    await phone.goto(link);
    await expect(phone.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Continue signing in');
    await e.step(phone, 'continue');
    await phone.getByRole('button', { name: 'Sign in' }).tap();
    await phone.waitForURL(e.url('/'));
    await expect(phone.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Hello, Budi Santoso');
    await e.step(phone, 'signed-in');

    // The laptop that asked for the link is still signed out, and the link does not work twice.
    await laptop.goto(e.url('/'));
    expect(new URL(laptop.url()).pathname).toBe('/login');
    const again = await laptop.goto(link);
    expect(again?.status()).toBe(410);
    await expect(laptop.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('This link no longer works');
    await e.step(laptop, 'link-used');
  });
});
