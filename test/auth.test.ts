import { Browser, startTestApp, type TestApp } from './helpers/test-app';
import { buildEmployee, buildOrg } from './factories';
import { signedInBrowser, TEST_PASSWORD } from './helpers/sign-in';
import { drainOutbox } from '../server/domain/email/sender.service';
import { endAllSessions } from '../server/domain/auth/sessions.service';
import { createFirstAdmin, setupSchema } from '../server/domain/auth/setup.service';
import { settleLoginLinkRequests } from '../server/domain/auth/login-links.service';

let t: TestApp;
beforeEach(async () => {
  t = await startTestApp();
});
afterEach(() => t.close());

async function mailboxLinkFor(email: string): Promise<string> {
  await settleLoginLinkRequests();
  const result = await drainOutbox(t.ctx, t.ctx.mail);
  if (result.sent === 0) throw new Error(JSON.stringify(await t.ctx.db.outboxEmail.findMany()));
  const msg = await t.ctx.db.mailboxMessage.findFirst({ where: { toAddress: email }, orderBy: { createdAt: 'desc' } });
  const m = /http:\/\/pulse\.test(\/login\/link\/[A-Za-z0-9_-]+)/.exec(msg?.text ?? '');
  if (!m) throw new Error(`no sign-in link mailed to ${email}`);
  return m[1];
}

describe('first-run setup', () => {
  it('creates one HR admin when two setups are submitted at the same moment, with or without a settings row', async () => {
    for (const [round, seedSettings] of [[1, false], [2, true], [3, false], [4, true]] as const) {
      await t.ctx.db.employee.deleteMany();
      await t.ctx.db.orgSettings.deleteMany();
      if (seedSettings) await t.ctx.db.orgSettings.create({ data: { id: 1, companyName: 'Seeded' } });
      const input = (who: string) => setupSchema.parse({ companyName: `Acme ${who}`, name: `Admin ${who}`, email: `${who}-${round}@acme.test`, password: 'a long enough password' });
      const outcomes = await Promise.allSettled([createFirstAdmin(t.ctx, input('a')), createFirstAdmin(t.ctx, input('b'))]);
      expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
      const refused = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
      expect(String(refused.reason)).toContain('already set up');
      expect(await t.ctx.db.employee.count({ where: { role: 'hr_admin' } })).toBe(1);
    }
  });

  it('sends a new install to /setup, creates the first HR admin and signs them in', async () => {
    const b = new Browser(t.app);
    expect((await b.agent.get('/')).headers.location).toBe('/setup');
    const res = await b.submit('/setup', { companyName: 'Acme', name: 'Hana HR', email: 'Hana@Acme.test', password: 'a long enough password', timeZone: 'Asia/Jakarta', locale: 'en' });
    expect(res.status).toBe(303);
    const home = await b.agent.get('/');
    expect(home.status).toBe(200);
    expect(home.text).toContain('Hello, Hana HR');
    const admin = await t.ctx.db.employee.findUniqueOrThrow({ where: { email: 'hana@acme.test' } });
    expect(admin.role).toBe('hr_admin');
    expect((await t.ctx.db.orgSettings.findUniqueOrThrow({ where: { id: 1 } })).companyName).toBe('Acme');
  });

  it('is closed once an HR admin exists', async () => {
    await buildOrg(t.ctx.db);
    const b = new Browser(t.app);
    expect((await b.agent.get('/setup')).headers.location).toBe('/login');
    const token = await b.csrf('/login');
    const res = await b.agent.post('/setup').type('form').send({ _csrf: token, companyName: 'Evil', name: 'X', email: 'x@evil.test' });
    expect(res.status).toBe(303);
    expect(await t.ctx.db.employee.count({ where: { email: 'x@evil.test' } })).toBe(0);
  });

  it('says which field is wrong and keeps what was typed', async () => {
    const b = new Browser(t.app);
    const res = await b.submit('/setup', { companyName: 'Acme', name: 'Hana', email: 'not-an-email', password: 'short' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Enter a valid email address');
    expect(res.text).toContain('Use at least 8 characters');
    expect(res.text).toContain('value="Acme"');
    expect(res.text).not.toContain('value="short"');
  });
});

describe('sign-in', () => {
  it('by password, refusing a wrong one with the same message for unknown addresses', async () => {
    const { admin } = await buildOrg(t.ctx.db);
    const b = new Browser(t.app);
    const wrong = await b.submit('/login/password', { email: admin.email, password: 'wrong password!' }, '/login');
    const unknown = await b.submit('/login/password', { email: 'nobody@example.com', password: 'wrong password!' }, '/login');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.text).toContain('do not match');
    const ok = await b.submit('/login/password', { email: admin.email, password: TEST_PASSWORD }, '/login');
    expect(ok.status).toBe(303);
    expect((await b.agent.get('/')).status).toBe(200);
  });

  it('by emailed link: GET and HEAD never spend it, POST signs in once', async () => {
    await buildOrg(t.ctx.db);
    const manager = await buildEmployee(t.ctx.db, { role: 'manager', email: 'maya@acme.test' });
    const b = new Browser(t.app);
    expect((await b.submit('/login/link', { email: 'Maya@acme.test' }, '/login')).headers.location).toBe('/login?sent=1');
    const link = await mailboxLinkFor(manager.email);
    for (let i = 0; i < 3; i++) expect((await b.agent.get(link)).status).toBe(200);
    expect((await b.agent.head(link)).status).toBe(200);
    const page = await b.agent.get(link);
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    const res = await b.agent.post(link);
    expect(res.status).toBe(303);
    expect((await b.agent.get('/')).text).toContain(manager.name);
    const again = await new Browser(t.app).agent.post(link);
    expect(again.status).toBe(410);
  });

  it('answers the same for unknown addresses and sends them nothing', async () => {
    await buildOrg(t.ctx.db);
    const b = new Browser(t.app);
    const res = await b.submit('/login/link', { email: 'stranger@example.com' }, '/login');
    expect(res.headers.location).toBe('/login?sent=1');
    await settleLoginLinkRequests();
    expect(await t.ctx.db.outboxEmail.count()).toBe(0);
  });

  it('expires links after 15 minutes', async () => {
    await buildOrg(t.ctx.db);
    const p = await buildEmployee(t.ctx.db, { email: 'late@acme.test' });
    const b = new Browser(t.app);
    await b.submit('/login/link', { email: p.email }, '/login');
    const link = await mailboxLinkFor(p.email);
    await t.ctx.db.loginToken.updateMany({ data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await b.agent.get(link)).status).toBe(410);
    expect((await b.agent.post(link)).status).toBe(410);
  });

  it('renews the session id at sign-in and ends it at sign-out', async () => {
    const { admin } = await buildOrg(t.ctx.db);
    const b = await signedInBrowser(t.app, admin.email);
    expect(await t.ctx.db.session.count({ where: { employeeId: admin.id } })).toBe(1);
    await b.submit('/logout', {}, '/');
    expect(await t.ctx.db.session.count({ where: { employeeId: admin.id } })).toBe(0);
    expect((await b.agent.get('/')).headers.location).toMatch(/^\/login/);
  });

  it('ends every session of a person at once when they are deactivated', async () => {
    await buildOrg(t.ctx.db);
    const leaver = await buildEmployee(t.ctx.db, { password: TEST_PASSWORD });
    const b = await signedInBrowser(t.app, leaver.email);
    expect((await b.agent.get('/')).status).toBe(200);
    await t.ctx.db.employee.update({ where: { id: leaver.id }, data: { active: false } });
    expect((await b.agent.get('/')).headers.location).toMatch(/^\/login/);
    expect(await endAllSessions(t.ctx, leaver.id)).toBe(0);
  });

  it('sets HttpOnly SameSite cookies and strict security headers', async () => {
    const { admin } = await buildOrg(t.ctx.db);
    const b = new Browser(t.app);
    const res = await b.submit('/login/password', { email: admin.email, password: TEST_PASSWORD }, '/login');
    const cookie = (res.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('pulse_session='));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const page = await b.agent.get('/');
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['referrer-policy']).toBe('same-origin');
  });
});

describe('CSRF', () => {
  it('refuses a state-changing form without the token, or with another session’s token', async () => {
    const { admin } = await buildOrg(t.ctx.db);
    const b = await signedInBrowser(t.app, admin.email);
    const missing = await b.agent.post('/logout').type('form').send({});
    expect(missing.status).toBe(403);
    const other = new Browser(t.app);
    const foreign = await other.csrf('/login');
    const forged = await b.agent.post('/logout').type('form').send({ _csrf: foreign });
    expect(forged.status).toBe(403);
    expect(await t.ctx.db.session.count()).toBe(1);
  });
});

describe('health', () => {
  it('reports the process and the database', async () => {
    const res = await new Browser(t.app).agent.get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', database: 'ok' });
  });
});

describe('validation messages in Bahasa Indonesia', () => {
  it('shows form errors in the page language', async () => {
    const b = new Browser(t.app);
    await b.agent.get('/setup?lang=id');
    const res = await b.submit('/setup', { companyName: '', name: 'Hana', email: 'bukan-email', password: 'pendek' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Masukkan alamat email yang valid');
    expect(res.text).toContain('Gunakan minimal 8 karakter');
    expect(res.text).toContain('Masukkan nama perusahaan Anda');
    expect(res.text).not.toContain('Enter a valid email address');
  });
});
