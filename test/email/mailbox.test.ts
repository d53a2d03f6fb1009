import { Browser, startTestApp, type TestApp } from '../helpers/test-app';
import { signedInBrowser, TEST_PASSWORD } from '../helpers/sign-in';
import { buildEmployee, buildOrg } from '../factories';
import { mailboxTransport } from '../../server/domain/email/transport';
import { drainOutbox, messageIdFor } from '../../server/domain/email/sender.service';
import { textWithLinks } from '../../server/domain/email/mailbox.service';
import { queueLoginLinks } from '../factories/email';

let t: TestApp;
beforeEach(async () => {
  t = await startTestApp();
});
afterEach(() => t.close());

const envelope = (over: Partial<Parameters<ReturnType<typeof mailboxTransport>['send']>[0]> = {}) => ({
  messageId: '<m-1@pulse.invalid>',
  from: 'Pulse <pulse@localhost>',
  to: 'siti@acme.test',
  subject: 'Hello <script>alert(1)</script>',
  text: 'Open http://pulse.test/login/link/tok_1. Not this: https://evil.example/x <b>bold</b>',
  html: '<p>Hi</p><script>alert(1)</script><img src="https://tracker.example/p.gif">',
  ...over,
});

async function hrBrowser(): Promise<Browser> {
  const { admin } = await buildOrg(t.ctx.db);
  return signedInBrowser(t.app, admin.email);
}

describe('the mailbox transport', () => {
  it('keeps what the outbox sends, once per Message-ID', async () => {
    const ids = await queueLoginLinks(t.ctx, 3);
    expect(await drainOutbox(t.ctx, t.ctx.mail)).toMatchObject({ sent: 3 });
    const stored = await t.ctx.db.mailboxMessage.findMany();
    expect(stored.map((m) => m.messageId).sort()).toEqual(ids.map(messageIdFor).sort());
    const first = stored.find((m) => m.toAddress === 'person-0@example.com');
    expect(first?.subject).toBe('Your Pulse sign-in link');
    expect(first?.text).toContain('http://pulse.test/login/link/secret-token-0');
    expect(first?.html).toContain('href="http://pulse.test/login/link/secret-token-0"');
    await mailboxTransport(t.ctx.db).send(envelope({ messageId: messageIdFor(ids[0]) })); // a resend after an unknown outcome
    expect(await t.ctx.db.mailboxMessage.count()).toBe(3);
  });
});

describe('/admin/mailbox', () => {
  it('lists messages newest first and shows one with only links into Pulse clickable, all else escaped', async () => {
    const b = await hrBrowser();
    const box = mailboxTransport(t.ctx.db);
    await box.send(envelope());
    await new Promise((r) => setTimeout(r, 5));
    await box.send(envelope({ messageId: '<m-2@pulse.invalid>', subject: 'Second', to: 'budi@acme.test' }));
    const list = await b.agent.get('/admin/mailbox');
    expect(list.status).toBe(200);
    expect(list.headers['cache-control']).toBe('no-store');
    expect(list.text).toContain('This mailbox is for trying Pulse');
    expect(list.text.indexOf('Second')).toBeLessThan(list.text.indexOf('Hello &lt;script&gt;'));
    expect(list.text).not.toContain('<script>alert(1)');

    const first = await t.ctx.db.mailboxMessage.findUniqueOrThrow({ where: { messageId: '<m-1@pulse.invalid>' } });
    const page = await b.agent.get(`/admin/mailbox/${first.id}`);
    expect(page.status).toBe(200);
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.text).toContain('<a href="http://pulse.test/login/link/tok_1" rel="noreferrer">http://pulse.test/login/link/tok_1</a>.');
    expect(page.text).not.toContain('href="https://evil.example');
    expect(page.text).toContain('&lt;b&gt;bold&lt;/b&gt;');
    expect(page.text).toContain(`href="/admin/mailbox/${first.id}/html"`);
  });

  it('serves the HTML part under a CSP that runs no script, loads nothing remote and cannot be framed', async () => {
    const b = await hrBrowser();
    await mailboxTransport(t.ctx.db).send(envelope());
    const { id } = await t.ctx.db.mailboxMessage.findUniqueOrThrow({ where: { messageId: '<m-1@pulse.invalid>' } });
    const res = await b.agent.get(`/admin/mailbox/${id}/html`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    const csp = res.headers['content-security-policy'];
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("style-src 'unsafe-inline'");
    expect(csp).toContain('img-src data:');
    expect(csp).toMatch(/(^|; )sandbox(;|$)/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('script-src');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('says so when the mailbox is empty, in Bahasa Indonesia too', async () => {
    const b = await hrBrowser();
    expect((await b.agent.get('/admin/mailbox')).text).toContain('No emails yet.');
    const id = await b.agent.get('/admin/mailbox?lang=id');
    expect(id.status).toBe(200);
    expect(id.text).toContain('Belum ada email.');
    expect(id.text).toContain('Kotak surat ini untuk mencoba Pulse');
  });

  it('answers 404 for an unknown message', async () => {
    const b = await hrBrowser();
    expect((await b.agent.get('/admin/mailbox/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await b.agent.get('/admin/mailbox/nope/html')).status).toBe(404);
  });

  it.each(['/admin/mailbox', '/admin/mailbox/ID', '/admin/mailbox/ID/html'])('refuses %s to anonymous visitors, employees and managers', async (path) => {
    await buildOrg(t.ctx.db);
    await mailboxTransport(t.ctx.db).send(envelope());
    const { id } = await t.ctx.db.mailboxMessage.findUniqueOrThrow({ where: { messageId: '<m-1@pulse.invalid>' } });
    const url = path.replace('ID', id);
    const anonymous = await new Browser(t.app).agent.get(url);
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.location).toMatch(/^\/login/);
    for (const role of ['employee', 'manager'] as const) {
      const person = await buildEmployee(t.ctx.db, { role, password: TEST_PASSWORD });
      const res = await (await signedInBrowser(t.app, person.email)).agent.get(url);
      expect(res.status).toBe(403);
      expect(res.text).not.toContain('tok_1');
    }
  });
});

describe('textWithLinks', () => {
  it('links only URLs under BASE_URL and keeps trailing punctuation as text', () => {
    expect(textWithLinks('Go to https://p.example/a?b=1, or https://p.example.evil/x or https://other.example/p.', 'https://p.example')).toEqual([
      { text: 'Go to ' },
      { text: 'https://p.example/a?b=1', href: 'https://p.example/a?b=1' },
      { text: ', or https://p.example.evil/x or https://other.example/p.' },
    ]);
  });
});
