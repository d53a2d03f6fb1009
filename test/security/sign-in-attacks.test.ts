/**
 * Issue 10, holes 10–13, played by the attacker or the person who got hurt:
 * 10 login CSRF: a foreign page posts the attacker's own sign-in link from the victim's browser;
 * 11 a borrowed session sets a new password and keeps the account for good;
 * 12 the time /login/link takes tells known addresses from unknown ones;
 * 13 the rate limits counted successful sign-ins per client address, so one office behind a NAT locked itself out,
 *    and each instance counted alone.
 */
import request from 'supertest';
import type { Express } from 'express';
import { Browser, fixedClock, startTestApp, type TestApp } from '../helpers/test-app';
import { median, quartiles, timed } from '../helpers/timing';
import { signedInBrowser, TEST_PASSWORD } from '../helpers/sign-in';
import { buildEmployee, buildOrg } from '../factories';
import { createApp } from '../../server/http/app';
import { issueLoginLink, settleLoginLinkRequests } from '../../server/domain/auth/login-links.service';
import { purgeAttempts } from '../../server/domain/auth/attempts.service';
import { verifyPassword } from '../../server/domain/auth/passwords';
import type { Db } from '../../server/db/client';

const clock = fixedClock('2026-03-02T09:00:00Z');
let t: TestApp;
beforeEach(async () => {
  clock.set('2026-03-02T09:00:00Z');
  t = await startTestApp({ clock, env: { TRUST_PROXY: 'loopback' } });
  await buildOrg(t.ctx.db);
});
afterEach(() => t.close());

const linkPath = async (employeeId: string) => new URL(await issueLoginLink(t.ctx, employeeId)).pathname;

describe('login CSRF (hole 10)', () => {
  it('a cross-site post of the attacker’s own sign-in link signs nobody in and leaves the link unspent', async () => {
    const attacker = await buildEmployee(t.ctx.db, { email: 'mallory@acme.test' });
    const link = await linkPath(attacker.id);
    for (const headers of [
      { Origin: 'https://evil.example' },
      { 'Sec-Fetch-Site': 'cross-site', Origin: 'https://evil.example' },
      { 'Sec-Fetch-Site': 'same-site', Origin: 'https://evil.pulse.test' },
      { 'Sec-Fetch-Site': 'cross-site', Origin: 'null' },
    ]) {
      const victim = new Browser(t.app);
      const res = await victim.agent.post(link).set(headers);
      expect(res.status).toBe(403);
      expect(String(res.headers['set-cookie'] ?? '')).not.toContain('pulse_session=');
      expect((await victim.agent.get('/')).headers.location).toMatch(/^\/login/);
    }
    expect((await request(t.app).get(link)).status).toBe(200);
    // The person's own click, from the page Pulse served, still works: a browser sends it with Origin: null (the
    // page's Referrer-Policy is no-referrer) and Sec-Fetch-Site: same-origin.
    const own = await new Browser(t.app).agent.post(link).set({ Origin: 'null', 'Sec-Fetch-Site': 'same-origin' });
    expect(own.status).toBe(303);
  });

  it('other forms refuse cross-site posts too, even with a valid CSRF token', async () => {
    const b = new Browser(t.app);
    const token = await b.csrf('/login');
    const res = await b.agent.post('/login/link').type('form').set('Origin', 'https://evil.example').send({ _csrf: token, email: 'x@acme.test' });
    expect(res.status).toBe(403);
  });
});

describe('changing one’s password (hole 11)', () => {
  it('needs the current password: a borrowed session cannot set a new one', async () => {
    const owner = await buildEmployee(t.ctx.db, { email: 'owner@acme.test', password: TEST_PASSWORD });
    const borrowed = await signedInBrowser(t.app, owner.email);
    const page = await borrowed.agent.get('/account/password');
    expect(page.text).toContain('name="current"');
    const without = await borrowed.submit('/account/password', { password: 'the thief’s new password', confirm: 'the thief’s new password' }, '/account/password');
    expect(without.status).toBe(400);
    expect(without.text).toContain('That is not your current password');
    const wrong = await borrowed.submit('/account/password', { current: 'a guess', password: 'the thief’s new password', confirm: 'the thief’s new password' }, '/account/password');
    expect(wrong.status).toBe(400);
    const stored = await t.ctx.db.employee.findUniqueOrThrow({ where: { id: owner.id } });
    expect(await verifyPassword(TEST_PASSWORD, stored.passwordHash)).toBe(true);
    const right = await borrowed.submit('/account/password', { current: TEST_PASSWORD, password: 'a brand new passphrase', confirm: 'a brand new passphrase' }, '/account/password');
    expect(right.status).toBe(303);
    expect(await verifyPassword('a brand new passphrase', (await t.ctx.db.employee.findUniqueOrThrow({ where: { id: owner.id } })).passwordHash)).toBe(true);
  });

  it('without a password: allowed just after signing in by link, refused on a session left open', async () => {
    const person = await buildEmployee(t.ctx.db, { email: 'linkonly@acme.test' });
    const fresh = new Browser(t.app);
    expect((await fresh.agent.post(await linkPath(person.id))).status).toBe(303);
    clock.advance(5 * 60_000);
    const page = await fresh.agent.get('/account/password');
    expect(page.text).not.toContain('name="current"');
    expect((await fresh.submit('/account/password', { password: 'my first passphrase', confirm: 'my first passphrase' }, '/account/password')).status).toBe(303);

    const other = await buildEmployee(t.ctx.db, { email: 'left-open@acme.test' });
    const leftOpen = new Browser(t.app);
    await leftOpen.agent.post(await linkPath(other.id));
    clock.advance(11 * 60_000);
    const stale = await leftOpen.agent.get('/account/password');
    expect(stale.text).toContain('first sign in again with a new link');
    expect(stale.text).not.toContain('name="password"');
    const attempt = await leftOpen.submit('/account/password', { password: 'the thief’s password', confirm: 'the thief’s password' }, '/account/password');
    expect(attempt.status).toBe(403);
    expect((await t.ctx.db.employee.findUniqueOrThrow({ where: { id: other.id } })).passwordHash).toBeNull();
    // The way forward: a new link to their own inbox, then a fresh session.
    const relink = await leftOpen.submit('/login/link', { email: other.email }, '/account/password');
    expect(relink.headers.location).toBe('/login?sent=1');
    await settleLoginLinkRequests();
    expect(await t.ctx.db.outboxEmail.count({ where: { toAddress: other.email, template: 'login-link' } })).toBe(1);
  });
});

/** `ctx.db` with every model call and raw query delayed by `ms` (transactions' own clients are not slowed). */
function slowDb(db: Db, ms: number): Db {
  const pause = () => new Promise((r) => setTimeout(r, ms));
  const wrap = (target: object) =>
    new Proxy(target, {
      get(obj, prop, receiver) {
        const value = Reflect.get(obj, prop, receiver) as unknown;
        return typeof value === 'function' ? async (...args: unknown[]) => (await pause(), (value as (...a: unknown[]) => unknown).apply(obj, args)) : value;
      },
    });
  return new Proxy(db, {
    get(obj, prop, receiver) {
      const value = Reflect.get(obj, prop, receiver) as unknown;
      if (typeof prop === 'string' && prop.startsWith('$') && typeof value === 'function') {
        return async (...args: unknown[]) => (await pause(), (value as (...a: unknown[]) => unknown).apply(obj, args));
      }
      return value && typeof value === 'object' ? wrap(value) : value;
    },
  });
}

async function timeLinkRequest(server: ReturnType<typeof timed>, email: string): Promise<number> {
  const b = new Browser(server.app);
  const token = await b.csrf('/login');
  const res = await b.agent.post('/login/link').type('form').set('X-Forwarded-For', `10.0.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`).send({ _csrf: token, email });
  expect(res.headers.location).toBe('/login?sent=1');
  return server.last();
}

describe('account enumeration by timing (hole 12)', () => {
  it('the answer does no lookup: with every database call slowed by 150 ms, known and unknown addresses answer alike', async () => {
    const known = await buildEmployee(t.ctx.db, { email: 'known@acme.test' });
    const app = timed(createApp({ ...t.ctx, db: slowDb(t.ctx.db, 150) }));
    const k: number[] = [];
    const u: number[] = [];
    for (let i = 0; i < 8; i++) {
      k.push(await timeLinkRequest(app, known.email));
      u.push(await timeLinkRequest(app, `nobody-${i}@acme.test`));
    }
    await settleLoginLinkRequests();
    // Looking the address up, creating the token and queueing the email would add at least three slowed calls
    // (450 ms) to a known address: the difference must stay far below one.
    expect(Math.abs(median(k) - median(u))).toBeLessThan(75);
    expect(await t.ctx.db.outboxEmail.count({ where: { toAddress: known.email } })).toBe(8);
    expect(await t.ctx.db.outboxEmail.count({ where: { toAddress: { startsWith: 'nobody-' } } })).toBe(0);
  });

  it('measured as they come: the middle halves of both distributions overlap, and their medians are close (60 interleaved requests each)', async () => {
    // Sixty known people (one address gets at most 20 link requests in a window, from anywhere).
    const known = await Promise.all(Array.from({ length: 60 }, (_, i) => buildEmployee(t.ctx.db, { email: `known2-${i}@acme.test` })));
    const app = timed(t.app);
    const k: number[] = [];
    const u: number[] = [];
    for (let i = 0; i < 60; i++) {
      k.push(await timeLinkRequest(app, known[i].email));
      u.push(await timeLinkRequest(app, `stranger-${i}@acme.test`));
    }
    await settleLoginLinkRequests();
    const [k1, k3] = quartiles(k);
    const [u1, u3] = quartiles(u);
    expect({ known: [k1, k3], unknown: [u1, u3], overlap: k1 <= u3 && u1 <= k3 }).toMatchObject({ overlap: true });
    // And the typical answer takes about as long: medians within a factor of two of each other.
    expect(median(k)).toBeLessThan(2 * median(u) + 1);
    expect(median(u)).toBeLessThan(2 * median(k) + 1);
  });
});

describe('rate limits (hole 13)', () => {
  const passwordSignIn = (app: Express, email: string, password: string, address = '192.0.2.10') => {
    const b = new Browser(app);
    return b.csrf('/login').then((token) => b.agent.post('/login/password').type('form').set('X-Forwarded-For', address).send({ _csrf: token, email, password }));
  };

  it('ten people behind one office NAT sign in as often as they like: successes do not count', async () => {
    const people = await Promise.all(Array.from({ length: 10 }, (_, i) => buildEmployee(t.ctx.db, { email: `office-${i}@acme.test`, password: TEST_PASSWORD })));
    for (let round = 0; round < 2; round++) {
      for (const p of people) expect((await passwordSignIn(t.app, p.email, TEST_PASSWORD)).status).toBe(303);
    }
    for (let i = 0; i < 12; i++) {
      expect((await new Browser(t.app).agent.post(await linkPath(people[i % 10].id)).set('X-Forwarded-For', '192.0.2.10')).status).toBe(303);
    }
  });

  it('a guesser is stopped after 10 wrong passwords for an account from an address; colleagues there are not', async () => {
    const target = await buildEmployee(t.ctx.db, { email: 'target@acme.test', password: TEST_PASSWORD });
    const colleague = await buildEmployee(t.ctx.db, { email: 'colleague@acme.test', password: TEST_PASSWORD });
    for (let i = 0; i < 10; i++) expect((await passwordSignIn(t.app, target.email, `guess ${i}`)).status).toBe(401);
    const locked = await passwordSignIn(t.app, target.email, TEST_PASSWORD);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect((await passwordSignIn(t.app, colleague.email, TEST_PASSWORD)).status).toBe(303);
    // The owner, elsewhere, is not locked out by the guesser's address.
    expect((await passwordSignIn(t.app, target.email, TEST_PASSWORD, '198.51.100.7')).status).toBe(303);
    // The window ends, and with it the lock.
    clock.advance(15 * 60_000);
    expect((await passwordSignIn(t.app, target.email, TEST_PASSWORD)).status).toBe(303);
    expect(await purgeAttempts(t.ctx)).toBeGreaterThan(0);
  });

  it('two instances enforce one limit: five wrong passwords on each, and the next is refused on either', async () => {
    const target = await buildEmployee(t.ctx.db, { email: 'two@acme.test', password: TEST_PASSWORD });
    const first = createApp(t.ctx);
    const second = createApp(t.ctx);
    for (let i = 0; i < 5; i++) {
      expect((await passwordSignIn(first, target.email, `guess a${i}`)).status).toBe(401);
      expect((await passwordSignIn(second, target.email, `guess b${i}`)).status).toBe(401);
    }
    expect((await passwordSignIn(first, target.email, TEST_PASSWORD)).status).toBe(429);
    expect((await passwordSignIn(second, target.email, TEST_PASSWORD)).status).toBe(429);
  });

  it('parallel guesses cannot slip past the check: 30 at once, at most 10 are tried', async () => {
    const target = await buildEmployee(t.ctx.db, { email: 'burst@acme.test', password: TEST_PASSWORD });
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => passwordSignIn(t.app, target.email, `burst ${i}`)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(20);
  });

  it('sign-in links that do not work are counted per address', async () => {
    for (let i = 0; i < 30; i++) expect((await request(t.app).post(`/login/link/not-a-token-${i}`).set('X-Forwarded-For', '203.0.113.9')).status).toBe(410);
    expect((await request(t.app).post('/login/link/one-more').set('X-Forwarded-For', '203.0.113.9')).status).toBe(429);
    const person = await buildEmployee(t.ctx.db, { email: 'elsewhere@acme.test' });
    expect((await request(t.app).post(await linkPath(person.id)).set('X-Forwarded-For', '203.0.113.10')).status).toBe(303);
  });

  it('stores no email address and no client address', async () => {
    await passwordSignIn(t.app, 'someone@acme.test', 'wrong password');
    const rows = await t.ctx.db.attemptCounter.findMany();
    expect(rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(rows)).not.toMatch(/someone|192\.0\.2/);
  });
});
