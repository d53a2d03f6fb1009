/**
 * Issue 15, sessions and sign-in, what test/auth.test.ts and sign-in-attacks.test.ts did not prove yet:
 * sign-in links are spent once even when posted in parallel, and expire at 15 minutes by the clock; sign-in
 * gives a new session id and ends the one the browser had; deactivation through every channel (HR form, API,
 * CSV import) ends sessions at once, and they stay ended after a reactivation; link requests from one office
 * address do not lock the office out, while one inbox cannot be flooded; password sign-in does not tell whether
 * an address exists, by content or by timing.
 */
import request from 'supertest';
import type { Express } from 'express';
import { Browser, fixedClock, startTestApp, type TestApp } from '../helpers/test-app';
import { sessionBrowser, signedInBrowser, TEST_PASSWORD } from '../helpers/sign-in';
import { median, quartiles, timed } from '../helpers/timing';
import { buildEmployee, buildOrg } from '../factories';
import { buildApiToken } from '../factories/org';
import { issueLoginLink, settleLoginLinkRequests } from '../../server/domain/auth/login-links.service';
import { SESSION_COOKIE } from '../../server/http/middleware/session';
import { hashToken } from '../../server/secrets';

const clock = fixedClock('2026-03-02T09:00:00Z');
let t: TestApp;
let admin: Awaited<ReturnType<typeof buildOrg>>['admin'];
beforeEach(async () => {
  clock.set('2026-03-02T09:00:00Z');
  t = await startTestApp({ clock, env: { TRUST_PROXY: 'loopback' } });
  admin = (await buildOrg(t.ctx.db, { adminPassword: TEST_PASSWORD })).admin;
});
afterEach(() => t.close());

const linkPath = async (employeeId: string) => new URL(await issueLoginLink(t.ctx, employeeId)).pathname;
const sessionCookieOf = (res: request.Response) =>
  ((res.headers['set-cookie'] as unknown as string[] | undefined) ?? []).map((c) => c.split(';')[0]).find((c) => c.startsWith(`${SESSION_COOKIE}=`) && c.length > SESSION_COOKIE.length + 1);
const signedIn = async (app: Express, cookie: string) => (await request(app).get('/').set('Cookie', cookie)).status === 200;

describe('sign-in links', () => {
  it('are spent once: ten parallel posts of one link sign in exactly once', async () => {
    const p = await buildEmployee(t.ctx.db, { email: 'parallel@acme.test' });
    const link = await linkPath(p.id);
    const results = await Promise.all(Array.from({ length: 10 }, () => request(t.app).post(link)));
    expect(results.map((r) => r.status).sort()).toEqual([303, ...Array(9).fill(410)]);
    expect(results.filter((r) => sessionCookieOf(r))).toHaveLength(1);
    expect(await t.ctx.db.session.count({ where: { employeeId: p.id } })).toBe(1);
  });

  it('expire 15 minutes after they were made, by the clock: usable at 14:59, not at 15:00', async () => {
    const p = await buildEmployee(t.ctx.db, { email: 'clock@acme.test' });
    const early = await linkPath(p.id);
    const late = await linkPath(p.id);
    clock.advance(14 * 60_000 + 59_000);
    expect((await request(t.app).get(early)).status).toBe(200);
    expect((await request(t.app).post(early)).status).toBe(303);
    clock.advance(1000);
    expect((await request(t.app).get(late)).status).toBe(410);
    expect((await request(t.app).post(late)).status).toBe(410);
  });

  it('die with their person: a link made before a deactivation signs nobody in, even after a reactivation outlives it', async () => {
    const p = await buildEmployee(t.ctx.db, { email: 'leaver-link@acme.test' });
    const link = await linkPath(p.id);
    const hr = await signedInBrowser(t.app, admin.email);
    expect((await hr.submit(`/admin/employees/${p.id}/deactivate`, {}, `/admin/employees/${p.id}`)).status).toBe(303);
    expect((await request(t.app).post(link)).status).toBe(410);
    // Back a minute later: the link made before is still within its 15 minutes, and still spent.
    clock.advance(60_000);
    expect((await hr.submit(`/admin/employees/${p.id}/reactivate`, {}, `/admin/employees/${p.id}`)).status).toBe(303);
    expect((await request(t.app).get(link)).status).toBe(410);
    expect((await request(t.app).post(link)).status).toBe(410);
    expect(await t.ctx.db.session.count({ where: { employeeId: p.id } })).toBe(0);
    // A new link works.
    expect((await request(t.app).post(await linkPath(p.id))).status).toBe(303);
  });
});

describe('the session id at sign-in', () => {
  it('is new, and the session the browser had before is ended (no fixation, no second live session)', async () => {
    const p = await buildEmployee(t.ctx.db, { email: 'renew@acme.test', password: TEST_PASSWORD });
    const b = await signedInBrowser(t.app, p.email);
    const before = await t.ctx.db.session.findMany({ where: { employeeId: p.id } });
    expect(before).toHaveLength(1);
    // Signing in again in the same browser (by password, then by link).
    const again = await b.submit('/login/password', { email: p.email, password: TEST_PASSWORD }, '/account/password');
    expect(again.status).toBe(303);
    const second = sessionCookieOf(again)!;
    const after = await t.ctx.db.session.findMany({ where: { employeeId: p.id } });
    expect(after).toHaveLength(1);
    expect(after[0].id).not.toBe(before[0].id);
    expect(after[0].id).toBe(hashToken(second.split('=')[1]));
    const byLink = await b.agent.post(await linkPath(p.id));
    const third = sessionCookieOf(byLink)!;
    expect(third).not.toBe(second);
    expect(await signedIn(t.app, second)).toBe(false);
    expect(await signedIn(t.app, third)).toBe(true);
  });

  it('a session cookie planted by someone else is replaced, and the victim’s sign-in does not revive or join it', async () => {
    const attacker = await buildEmployee(t.ctx.db, { email: 'attacker@acme.test' });
    const victim = await buildEmployee(t.ctx.db, { email: 'victim@acme.test', password: TEST_PASSWORD });
    const planted = await sessionBrowser(t.ctx, t.app, attacker.id);
    const plantedCookie = (await t.ctx.db.session.findFirstOrThrow({ where: { employeeId: attacker.id } })).id;
    const res = await planted.submit('/login/password', { email: victim.email, password: TEST_PASSWORD }, '/account/password');
    expect(res.status).toBe(303);
    const cookie = sessionCookieOf(res)!;
    expect(hashToken(cookie.split('=')[1])).not.toBe(plantedCookie);
    // The attacker's session was the browser's: it ends, and no session is shared between the two people.
    expect(await t.ctx.db.session.count({ where: { employeeId: attacker.id } })).toBe(0);
    expect(await t.ctx.db.session.count({ where: { employeeId: victim.id } })).toBe(1);
  });

  it('a CSRF token from before sign-in does not work after it', async () => {
    const p = await buildEmployee(t.ctx.db, { email: 'csrf@acme.test', password: TEST_PASSWORD });
    const b = new Browser(t.app);
    const anonymous = await b.csrf('/login');
    expect((await b.agent.post('/login/password').type('form').send({ _csrf: anonymous, email: p.email, password: TEST_PASSWORD })).status).toBe(303);
    expect((await b.agent.post('/logout').type('form').send({ _csrf: anonymous })).status).toBe(403);
    expect((await b.agent.get('/')).status).toBe(200);
  });
});

describe('deactivation', () => {
  const channels = ['the HR form', 'the API', 'the CSV import'] as const;
  it.each(channels)('through %s ends every session at once, and a reactivation does not bring them back', async (channel) => {
    const p = await buildEmployee(t.ctx.db, { email: `leaver-${channel.replace(/\W/g, '').toLowerCase()}@acme.test`, name: 'Leaver', password: TEST_PASSWORD });
    const phone = await signedInBrowser(t.app, p.email);
    const laptop = await sessionBrowser(t.ctx, t.app, p.id);
    expect((await phone.agent.get('/')).status).toBe(200);
    const hr = await signedInBrowser(t.app, admin.email);
    const { token } = await buildApiToken(t.ctx, admin.id);
    const setActive = async (active: boolean) => {
      if (channel === 'the HR form') {
        const res = await hr.submit(`/admin/employees/${p.id}/${active ? 'reactivate' : 'deactivate'}`, {}, `/admin/employees/${p.id}`);
        expect(res.status).toBe(303);
      } else if (channel === 'the API') {
        const res = await request(t.app).patch(`/api/v1/employees/${p.id}`).set('Authorization', `Bearer ${token}`).send({ active });
        expect(res.status).toBe(200);
      } else {
        const res = await hr.submit('/admin/employees/import/apply', { csv: `email,name,active\n${p.email},Leaver,${active}\n` }, '/admin/employees/import');
        expect(res.status).toBe(200);
      }
    };
    await setActive(false);
    expect(await t.ctx.db.session.count({ where: { employeeId: p.id } })).toBe(0);
    for (const b of [phone, laptop]) {
      const page = await b.agent.get('/results');
      expect(page.status).toBe(303);
      expect(page.headers.location).toMatch(/^\/login/);
    }
    await setActive(true);
    for (const b of [phone, laptop]) expect((await b.agent.get('/')).headers.location).toMatch(/^\/login/);
  });
});

describe('rate limits on link requests', () => {
  const requestLink = async (email: string, address: string) => {
    const b = new Browser(t.app);
    const token = await b.csrf('/login');
    return b.agent.post('/login/link').type('form').set('X-Forwarded-For', address).send({ _csrf: token, email });
  };

  it('do not lock an office out: 120 people behind one address each get their link within one window', async () => {
    const people = await Promise.all(Array.from({ length: 120 }, (_, i) => buildEmployee(t.ctx.db, { email: `desk-${i}@acme.test` })));
    const statuses = [];
    for (const p of people) statuses.push((await requestLink(p.email, '192.0.2.44')).status);
    await settleLoginLinkRequests();
    expect(statuses.filter((s) => s !== 303)).toEqual([]);
    expect(await t.ctx.db.outboxEmail.count({ where: { template: 'login-link' } })).toBe(120);
  });

  it('keep one inbox from being flooded, from one address or many, the same for a known and an unknown address', async () => {
    await buildEmployee(t.ctx.db, { email: 'inbox@acme.test' });
    for (const email of ['inbox@acme.test', 'nobody-here@acme.test']) {
      const statuses = [];
      for (let i = 0; i < 6; i++) statuses.push((await requestLink(email, '198.51.100.1')).status);
      expect(statuses).toEqual([303, 303, 303, 303, 303, 429]);
      const spread = [];
      for (let i = 0; i < 20; i++) spread.push((await requestLink(email, `203.0.113.${i + 1}`)).status);
      // Every request counts for the account (the refused sixth too): 20 in all, so 14 more pass from elsewhere.
      expect(spread.filter((s) => s === 303)).toHaveLength(14);
      expect(spread.slice(14).every((s) => s === 429)).toBe(true);
    }
    await settleLoginLinkRequests();
    expect(await t.ctx.db.outboxEmail.count({ where: { toAddress: 'inbox@acme.test' } })).toBe(19);
  });
});

describe('password sign-in does not tell whether an address exists', () => {
  const normalise = (html: string) => html.replace(/name="_csrf" value="[^"]+"/g, '').replace(/value="[^"]*@acme\.test"/g, 'value="EMAIL"');

  it('by content: an unknown address, a wrong password and an account without a password get the same page', async () => {
    await buildEmployee(t.ctx.db, { email: 'has.password@acme.test', password: TEST_PASSWORD });
    await buildEmployee(t.ctx.db, { email: 'link.only@acme.test' });
    await buildEmployee(t.ctx.db, { email: 'gone@acme.test', password: TEST_PASSWORD, active: false });
    const b = new Browser(t.app);
    const pages = [];
    for (const email of ['has.password@acme.test', 'link.only@acme.test', 'gone@acme.test', 'never.existed@acme.test']) {
      const res = await b.submit('/login/password', { email, password: 'not the password' }, '/login');
      expect(res.status).toBe(401);
      pages.push(normalise(res.text));
    }
    expect(new Set(pages).size).toBe(1);
  });

  it('by timing: 30 known and 30 unknown addresses, interleaved, answer alike (quartiles overlap, medians within 1.5x)', async () => {
    const known = await Promise.all(Array.from({ length: 30 }, (_, i) => buildEmployee(t.ctx.db, { email: `timed-${i}@acme.test` })));
    // One real password hash for all (scrypt is slow on purpose): each known address has a password to check.
    const { passwordHash } = await t.ctx.db.employee.findUniqueOrThrow({ where: { id: admin.id } });
    await t.ctx.db.employee.updateMany({ where: { email: { startsWith: 'timed-' } }, data: { passwordHash } });
    const server = timed(t.app);
    const time = async (email: string) => {
      const b = new Browser(server.app);
      const token = await b.csrf('/login');
      const res = await b.agent.post('/login/password').type('form').set('X-Forwarded-For', '192.0.2.77').send({ _csrf: token, email, password: 'wrong password here' });
      expect(res.status).toBe(401);
      return server.last();
    };
    const k: number[] = [];
    const u: number[] = [];
    for (let i = 0; i < 30; i++) {
      k.push(await time(known[i].email));
      u.push(await time(`unknown-${i}@acme.test`));
    }
    const [k1, k3] = quartiles(k);
    const [u1, u3] = quartiles(u);
    expect({ known: [k1, k3], unknown: [u1, u3], overlap: k1 <= u3 && u1 <= k3 }).toMatchObject({ overlap: true });
    expect(median(k)).toBeLessThan(1.5 * median(u) + 2);
    expect(median(u)).toBeLessThan(1.5 * median(k) + 2);
  });
});
