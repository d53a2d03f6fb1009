/**
 * Issue 10, hole 18: set up without a password and without SMTP, sign out, and the sign-in link lands in a
 * mailbox that needs a sign-in. Setup now asks for a password in mailbox mode (and only there), and
 * `npm run login-link` (test/cli-against-running-server.test.ts) issues a link for an active HR admin only.
 */
import { Browser, startTestApp, type TestApp } from '../helpers/test-app';
import { buildEmployee, buildOrg } from '../factories';
import { issueHrAdminLoginLink } from '../../server/domain/auth/login-links.service';

let t: TestApp;
afterEach(() => t.close());

it('without SMTP_URL, setup requires a password and says why', async () => {
  t = await startTestApp();
  const b = new Browser(t.app);
  const page = await b.agent.get('/setup');
  expect(page.text).toMatch(/name="password" type="password" autocomplete="new-password" required/);
  const res = await b.submit('/setup', { companyName: 'Acme', name: 'Hana', email: 'hana@acme.test', password: '', timeZone: 'UTC' });
  expect(res.status).toBe(400);
  expect(res.text).toContain('without SMTP_URL Pulse sends no email');
  expect(await t.ctx.db.employee.count()).toBe(0);
  expect((await b.submit('/setup', { companyName: 'Acme', name: 'Hana', email: 'hana@acme.test', password: 'a long enough password', timeZone: 'UTC' })).status).toBe(303);
});

it('with SMTP, a sign-in link can reach HR: the password stays optional', async () => {
  t = await startTestApp({ env: { SMTP_URL: 'smtp://127.0.0.1:1' } });
  const b = new Browser(t.app);
  expect((await b.agent.get('/setup')).text).toContain('Password (optional)');
  expect((await b.submit('/setup', { companyName: 'Acme', name: 'Hana', email: 'hana@acme.test', password: '', timeZone: 'UTC' })).status).toBe(303);
});

it('the command-line link is for active HR admins only', async () => {
  t = await startTestApp();
  const { admin } = await buildOrg(t.ctx.db);
  const manager = await buildEmployee(t.ctx.db, { role: 'manager', email: 'maya@acme.test' });
  const gone = await buildEmployee(t.ctx.db, { role: 'hr_admin', email: 'gone@acme.test', active: false });
  expect(await issueHrAdminLoginLink(t.ctx, admin.email)).toMatch(/^http:\/\/pulse\.test\/login\/link\/[A-Za-z0-9_-]{43}$/);
  for (const email of [manager.email, gone.email, 'nobody@acme.test']) {
    await expect(issueHrAdminLoginLink(t.ctx, email)).rejects.toThrow('No active HR admin has this email address');
  }
});
