/**
 * Issue 10, hole 9: Express routes ignore case, so `/Login/Link/<token>` signs in like `/login/link/<token>`,
 * and the request log printed such URLs in full. Every way a token can sit in a URL is sent here, and the
 * captured log (every line the app wrote) is searched for the tokens.
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import request from 'supertest';
import { createApp } from '../../server/http/app';
import { redactUrl } from '../../server/http/redact-url';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { buildEmployee, buildOrg } from '../factories';
import { issueLoginLink } from '../../server/domain/auth/login-links.service';
import { drainOutbox } from '../../server/domain/email/sender.service';
import { openTestRound } from '../rounds/round-helpers';
import { buildSeries } from '../factories/one-on-ones';

let t: TestApp;
afterEach(() => t.close());

function capturedApp(ctx: TestApp['ctx']) {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const app = createApp({ ...ctx, logger: pino({ level: 'debug', base: { app: 'pulse' } }, sink) });
  return { app, log: () => lines.join('') };
}

describe('tokens in logged URLs', () => {
  it('never reach the log, whatever the case of the path or where the token sits', async () => {
    t = await startTestApp();
    await buildOrg(t.ctx.db);
    const person = await buildEmployee(t.ctx.db, { email: 'case@acme.test' });
    const { app, log } = capturedApp(t.ctx);
    const signIn = (await issueLoginLink(t.ctx, person.id)).split('/login/link/')[1];
    const answer = 'A'.repeat(20) + 'b'.repeat(23);
    const api = `pulse_${'Z'.repeat(43)}`;
    // The mixed-case path is a working sign-in link page: the case really does not matter to the router.
    expect((await request(app).get(`/Login/Link/${signIn}`)).status).toBe(200);
    for (const path of [
      `/LOGIN/LINK/${signIn}`,
      `/login/LINK/${signIn}?utm=1`,
      `/S/${answer}`,
      `/s/${answer}/`,
      `/login?next=/s/${answer}`,
      `/login?next=%2Fs%2F${answer}`,
      `/nowhere/${signIn}`,
    ]) {
      await request(app).get(path);
    }
    await request(app).post(`/Login/Link/${signIn}`).set('Origin', 'https://evil.example');
    await request(app).get('/api/v1/employees').set('Authorization', `Bearer ${api}`);
    const written = log();
    expect(written).toContain('"url":"/Login/Link/[token]"');
    for (const token of [signIn, answer, api.slice(6)]) expect(written).not.toContain(token);
  });

  it('keeps ids that logs need for tracing (UUIDs)', () => {
    const id = '0b3c2a59-8a4f-4b8e-9d62-2a5f0f7d1c3e';
    expect(redactUrl(`/admin/employees/${id}?saved=1`)).toBe(`/admin/employees/${id}?saved=1`);
    expect(redactUrl(`/S/abc/x`)).toBe('/S/[token]/x');
  });
});

describe('the log of a whole journey', () => {
  it('holds no password, sign-in link, answer link, session id, API token or secret (issue 15)', async () => {
    t = await startTestApp();
    const { app, log } = capturedApp(t.ctx);
    // Services and the sender log through the same captured logger (as they do in the server, one logger).
    const logged = { ...t.ctx, logger: pino({ level: 'debug', base: { app: 'pulse' } }, new Writable({ write: (c: Buffer, _e, done) => (extra.push(c.toString()), done()) })) };
    const extra: string[] = [];
    const secrets: Record<string, string> = { appSecret: t.ctx.config.APP_SECRET as string };
    const sessionOf = (res: request.Response) => /pulse_session=([^;]+)/.exec(String(res.headers['set-cookie'] ?? ''))?.[1];

    // 1. Setup with a password.
    const hr = request.agent(app);
    /** Posts a form as a browser does: the page first (its cookie and CSRF token), then the form. */
    const submit = async (agent: ReturnType<typeof request.agent>, p: string, fields: Record<string, string>, from = p) => {
      const token = /name="_csrf" value="([^"]+)"/.exec((await agent.get(from)).text)?.[1];
      return agent.post(p).type('form').send(token ? { ...fields, _csrf: token } : fields);
    };
    secrets.setupPassword = 'first password for the journey 1';
    const setup = await submit(hr, '/setup', { companyName: 'Acme', name: 'Hana', email: 'hana@acme.test', password: secrets.setupPassword, timeZone: 'UTC' });
    expect(setup.status).toBe(303);
    secrets.setupSession = sessionOf(setup)!;

    // 2. A sign-in link asked for, emailed, opened and used.
    const other = request.agent(app);
    expect((await submit(other, '/login/link', { email: 'hana@acme.test' }, '/login')).status).toBe(303);
    for (let i = 0; i < 50 && (await t.ctx.db.outboxEmail.count({ where: { template: 'login-link' } })) === 0; i++) await new Promise((r) => setTimeout(r, 20));
    await drainOutbox(logged, t.ctx.mail);
    const mail = await t.ctx.db.mailboxMessage.findFirstOrThrow({ where: { template: 'login-link' } });
    secrets.signInToken = /\/login\/link\/([A-Za-z0-9_-]+)/.exec(mail.text)![1];
    expect((await other.get(`/login/link/${secrets.signInToken}`)).status).toBe(200);
    const used = await submit(other, `/login/link/${secrets.signInToken}`, {});
    expect(used.status).toBe(303);
    secrets.linkSession = sessionOf(used)!;

    // 3. The password changed.
    secrets.newPassword = 'second password for the journey 2';
    const changed = await submit(hr, '/account/password', { current: secrets.setupPassword, password: secrets.newPassword, confirm: secrets.newPassword });
    expect(changed.status).toBeLessThan(400);

    // 4. An API token created and used (read and write).
    const created = await submit(hr, '/admin/api-tokens', { name: 'HRIS' });
    secrets.apiToken = /value="(pulse_[^"]+)"/.exec(created.text)![1];
    secrets.apiTokenSecretPart = secrets.apiToken.slice(12);
    expect((await request(app).get('/api/v1/employees').set('Authorization', `Bearer ${secrets.apiToken}`)).status).toBe(200);
    expect((await request(app).post('/api/v1/employees').set('Authorization', `Bearer ${secrets.apiToken}`).send({ email: 'rina@acme.test', name: 'Rina' })).status).toBe(201);
    expect((await request(app).get('/api/v1/employees').set('Authorization', `Bearer ${secrets.apiToken}x`)).status).toBe(401);

    // 5. A round opened, its invitations sent, one answer link opened and used.
    const { links } = await openTestRound(logged);
    await drainOutbox(logged, t.ctx.mail);
    const link = [...links.values()][0];
    secrets.answerToken = link.slice(3);
    expect((await request(app).get(link)).status).toBe(200);
    expect((await request(app).post(link).type('form').send({ q1: '9', q2: '4', q3: '1', q4: ['0'], q5: 'fine' })).status).toBe(200);

    // 6. A 1:1 series set up, its calendar invitation sent.
    const manager = await buildEmployee(t.ctx.db, { role: 'manager' });
    const report = await buildEmployee(t.ctx.db, { managerId: manager.id });
    await buildSeries(logged, manager.id, report.id);
    await drainOutbox(logged, t.ctx.mail);
    expect(await t.ctx.db.mailboxMessage.count({ where: { template: { startsWith: 'one-on-one' } } })).toBeGreaterThan(0);

    const written = log() + extra.join('');
    expect(written.length).toBeGreaterThan(2000);
    expect(written).toContain('"url":"/login/link/[token]"');
    const leaked = Object.entries(secrets).filter(([, s]) => s && written.includes(s)).map(([k]) => k);
    expect(leaked).toEqual([]);
    expect(Object.values(secrets).every((s) => typeof s === 'string' && s.length >= 12)).toBe(true);
  });
});
