/**
 * An SMTP server that closes the connection instead of answering DATA. When it had already kept the message,
 * the sender cannot know: the retry delivers it a second time with the same Message-ID (the documented
 * unknown outcome). When it had not, the retry delivers it once.
 */
import { fixedClock, startTestApp, type TestApp } from '../helpers/test-app';
import { startSmtpServer, type TestSmtp, type Verdict } from '../helpers/smtp-server';
import { smtpTransport, type MailTransport } from '../../server/domain/email/transport';
import { backoffSeconds, drainOutbox, messageIdFor } from '../../server/domain/email/sender.service';
import { countByMessageId, queueLoginLinks } from '../factories/email';

const clock = fixedClock('2026-03-02T09:00:00Z');
let t: TestApp;
let smtp: TestSmtp;
let transport: MailTransport;

beforeEach(async () => {
  smtp = await startSmtpServer();
  transport = smtpTransport(smtp.url, 2);
  t = await startTestApp({ clock });
});
afterEach(async () => {
  transport.close();
  await smtp.close();
  await t.close();
});

async function sendTenDroppingThird(verdict: Verdict) {
  const ids = await queueLoginLinks(t.ctx, 10);
  smtp.behaviour = (_m, index) => (index === 2 ? verdict : 'accept');
  const first = await drainOutbox(t.ctx, transport, { ratePerSecond: 1000 });
  clock.advance(Math.ceil(backoffSeconds(1)) * 1000);
  const second = await drainOutbox(t.ctx, transport, { ratePerSecond: 1000 });
  const dropped = (await t.ctx.db.outboxEmail.findMany({ where: { attempts: 2 } })).map((r) => r.id);
  return { ids, first, second, dropped, counts: countByMessageId(smtp.received.map((m) => m.messageId)) };
}

it('retries a message whose connection closed before the reply, and delivers it once when the server had not kept it', async () => {
  const { ids, first, second, dropped, counts } = await sendTenDroppingThird('drop');
  expect(first).toMatchObject({ sent: 9, retried: 1 });
  expect(second).toMatchObject({ sent: 1 });
  expect(dropped).toHaveLength(1);
  expect(counts.size).toBe(10);
  expect([...counts.values()].every((n) => n === 1)).toBe(true);
  expect(new Set(counts.keys())).toEqual(new Set(ids.map(messageIdFor)));
});

it('resends with the same Message-ID when the server kept the message and then dropped the connection (unknown outcome)', async () => {
  const { first, second, dropped, counts } = await sendTenDroppingThird('accept-then-drop');
  expect(first).toMatchObject({ sent: 9, retried: 1 });
  expect(second).toMatchObject({ sent: 1 });
  expect(dropped).toHaveLength(1);
  expect(smtp.received).toHaveLength(11);
  expect(counts.get(messageIdFor(dropped[0]))).toBe(2);
  expect([...counts.entries()].filter(([id]) => id !== messageIdFor(dropped[0])).every(([, n]) => n === 1)).toBe(true);
  const row = await t.ctx.db.outboxEmail.findUniqueOrThrow({ where: { id: dropped[0] } });
  expect(row).toMatchObject({ status: 'sent', lastError: null, secretData: null });
});
