import { fixedClock, startTestApp, type TestApp } from '../helpers/test-app';
import { startSmtpServer, type TestSmtp } from '../helpers/smtp-server';
import { smtpTransport, type MailTransport } from '../../server/domain/email/transport';
import { backoffSeconds, drainOutbox, MAX_ATTEMPTS, messageIdFor } from '../../server/domain/email/sender.service';
import { countByMessageId, queueLoginLinks } from '../factories/email';

const clock = fixedClock('2026-03-02T09:00:00Z');
let t: TestApp;
let smtp: TestSmtp;
let transport: MailTransport;

beforeEach(async () => {
  clock.set('2026-03-02T09:00:00Z');
  smtp = await startSmtpServer();
  transport = smtpTransport(smtp.url, 5);
  t = await startTestApp({ clock });
});
afterEach(async () => {
  transport.close();
  await smtp.close();
  await t.close();
});

const drain = (opts = {}) => drainOutbox(t.ctx, transport, { ratePerSecond: 1000, ...opts });
const row = (id: string) => t.ctx.db.outboxEmail.findUniqueOrThrow({ where: { id } });

describe('the outbox sender', () => {
  it('delivers every queued email exactly once and wipes its secret link', async () => {
    const ids = await queueLoginLinks(t.ctx, 60);
    expect(await drain()).toEqual({ sent: 60, retried: 0, failed: 0, released: 0 });
    expect(smtp.received).toHaveLength(60);
    const counts = countByMessageId(smtp.received.map((m) => m.messageId));
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(new Set(counts.keys())).toEqual(new Set(ids.map(messageIdFor)));
    expect(smtp.lastTo('person-7@example.com')?.raw).toContain('http://pulse.test/login/link/secret-token-7');
    const rows = await t.ctx.db.outboxEmail.findMany();
    expect(rows.every((r) => r.status === 'sent' && r.secretData === null && r.attempts === 1 && r.claimedBy === null)).toBe(true);
    expect(await drain()).toEqual({ sent: 0, retried: 0, failed: 0, released: 0 });
    expect(smtp.received).toHaveLength(60);
  });

  it('retries a 4xx answer after e^attempt seconds, then delivers it once', async () => {
    const [id] = await queueLoginLinks(t.ctx, 1);
    smtp.behaviour = (_m, i) => (i === 0 ? { code: 451, message: 'Greylisted, try again later' } : 'accept');
    expect(await drain()).toMatchObject({ sent: 0, retried: 1 });
    const waiting = await row(id);
    expect(waiting).toMatchObject({ status: 'pending', attempts: 1, claimedBy: null });
    expect(waiting.lastError).toContain('451');
    expect(waiting.secretData).not.toBeNull();
    expect(waiting.nextAttemptAt.getTime() - clock.now().getTime()).toBe(Math.round(backoffSeconds(1) * 1000));

    clock.advance(2_000); // e^1 ≈ 2.7 s: not yet due
    expect(await drain()).toMatchObject({ sent: 0 });
    clock.advance(1_000);
    expect(await drain()).toMatchObject({ sent: 1 });
    expect(await row(id)).toMatchObject({ status: 'sent', attempts: 2, secretData: null, lastError: null });
    expect(smtp.received.map((m) => m.messageId)).toEqual([messageIdFor(id)]);
  });

  it('fails a 5xx answer for good, with the reason, and never tries again', async () => {
    const [id] = await queueLoginLinks(t.ctx, 1);
    smtp.behaviour = () => ({ code: 550, message: 'Mailbox unavailable' });
    expect(await drain()).toMatchObject({ failed: 1 });
    const failed = await row(id);
    expect(failed).toMatchObject({ status: 'failed', attempts: 1, secretData: null });
    expect(failed.lastError).toMatch(/SMTP 550.*Mailbox unavailable/);
    clock.advance(30 * 86_400_000);
    smtp.behaviour = () => 'accept';
    expect(await drain()).toMatchObject({ sent: 0, failed: 0 });
    expect(smtp.received).toHaveLength(0);
  });

  it(`gives up after ${MAX_ATTEMPTS} transient failures`, async () => {
    const [id] = await queueLoginLinks(t.ctx, 1);
    smtp.behaviour = () => ({ code: 421, message: 'Service not available' });
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      expect(await drain()).toMatchObject(attempt < MAX_ATTEMPTS ? { retried: 1 } : { failed: 1 });
      clock.advance(Math.ceil(backoffSeconds(attempt)) * 1000);
    }
    expect(await row(id)).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS, secretData: null });
    expect(await drain()).toMatchObject({ retried: 0, failed: 0 });
  });

  it('backs off as e^min(10, attempt) seconds', () => {
    expect(backoffSeconds(1)).toBeCloseTo(2.718, 3);
    expect(backoffSeconds(7)).toBeCloseTo(1096.6, 1);
    expect(backoffSeconds(12)).toBe(backoffSeconds(10));
  });

  it('takes over the claim of a dead worker once its lease has ended, and leaves a live claim alone', async () => {
    const [dead, live] = await queueLoginLinks(t.ctx, 2);
    const now = clock.now().getTime();
    await t.ctx.db.outboxEmail.update({ where: { id: dead }, data: { status: 'sending', attempts: 1, claimedBy: 'dead-worker', claimedUntil: new Date(now - 1) } });
    await t.ctx.db.outboxEmail.update({ where: { id: live }, data: { status: 'sending', attempts: 1, claimedBy: 'busy-worker', claimedUntil: new Date(now + 60_000) } });
    expect(await drain()).toMatchObject({ sent: 1 });
    expect(await row(dead)).toMatchObject({ status: 'sent', attempts: 2 });
    expect(await row(live)).toMatchObject({ status: 'sending', claimedBy: 'busy-worker' });
    expect(smtp.received.map((m) => m.messageId)).toEqual([messageIdFor(dead)]);
  });

  it('fails a message whose worker died during its last allowed attempt, instead of retrying it for ever', async () => {
    const [id] = await queueLoginLinks(t.ctx, 1);
    await t.ctx.db.outboxEmail.update({
      where: { id },
      data: { status: 'sending', attempts: MAX_ATTEMPTS, claimedBy: 'dead-worker', claimedUntil: new Date(clock.now().getTime() - 1) },
    });
    expect(await drain()).toMatchObject({ sent: 0, failed: 1 });
    const failed = await row(id);
    expect(failed).toMatchObject({ status: 'failed', secretData: null });
    expect(failed.lastError).toContain('outcome unknown');
    expect(smtp.received).toHaveLength(0);
  });

  it('fails an email whose template cannot be rendered, without sending anything', async () => {
    const [id] = await queueLoginLinks(t.ctx, 1);
    await t.ctx.db.outboxEmail.update({ where: { id }, data: { template: 'no-such-template' } });
    expect(await drain()).toMatchObject({ failed: 1 });
    expect((await row(id)).lastError).toContain('cannot render');
    expect(smtp.received).toHaveLength(0);
  });

  it('sends no faster than its rate', async () => {
    await queueLoginLinks(t.ctx, 11);
    const started = Date.now();
    expect(await drain({ ratePerSecond: 20 })).toMatchObject({ sent: 11 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(480); // 10 gaps of 50 ms
  });

  it('hands back, untried, what it cannot start within half its lease', async () => {
    await queueLoginLinks(t.ctx, 4);
    const slow: MailTransport = {
      send: async (env) => {
        await new Promise((r) => setTimeout(r, 250));
        await transport.send(env);
      },
      close: () => undefined,
    };
    // Lease 400 ms, one message at a time taking 250 ms: each batch starts one message and hands back the rest.
    expect(await drainOutbox(t.ctx, slow, { ratePerSecond: 1000, concurrency: 1, leaseMs: 400 })).toEqual({ sent: 4, retried: 0, failed: 0, released: 3 + 2 + 1 });
    const rows = await t.ctx.db.outboxEmail.findMany();
    expect(rows.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
    expect(smtp.received).toHaveLength(4);
  });
});
