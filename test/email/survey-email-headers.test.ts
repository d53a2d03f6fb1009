/**
 * Invitations and reminders at a real SMTP server: Reply-To reaches HR, every message is Auto-Submitted, reminders
 * carry a List-Unsubscribe whose RFC 8058 one-click POST stops that round's reminders, and times carry their zone.
 */
import request from 'supertest';
import { fixedClock, startTestApp, type TestApp } from '../helpers/test-app';
import { startSmtpServer, type ReceivedMail, type TestSmtp } from '../helpers/smtp-server';
import { smtpTransport, type MailTransport } from '../../server/domain/email/transport';
import { drainOutbox } from '../../server/domain/email/sender.service';
import { sendDueReminders } from '../../server/domain/rounds/reminders.service';
import { closeDueRounds } from '../../server/domain/rounds/close-rounds.service';
import { buildEmployee, buildOrg } from '../factories';
import { openTestRound } from '../rounds/round-helpers';

// Monday 09:00 UTC; a five-day window with three reminders: Tuesday 15:00, Wednesday 21:00 and Friday 03:00.
const clock = fixedClock('2026-03-02T09:00:00Z');
let t: TestApp;
let smtp: TestSmtp;
let transport: MailTransport;

function header(mail: ReceivedMail, name: string): string | undefined {
  const head = mail.source.split(/\r?\n\r?\n/)[0];
  const m = new RegExp(`^${name}:[ \\t]*(.*(?:\\r?\\n[ \\t].*)*)`, 'im').exec(head);
  return m ? m[1].replace(/\r?\n[ \t]+/g, ' ').trim() : undefined;
}

async function setUp(env: Record<string, string> = {}, replyTo: string | null = 'people@acme.test') {
  clock.set('2026-03-02T09:00:00Z');
  smtp = await startSmtpServer();
  transport = smtpTransport(smtp.url, 2);
  t = await startTestApp({ clock, mail: transport, env });
  await buildOrg(t.ctx.db);
  await t.ctx.db.orgSettings.update({ where: { id: 1 }, data: { replyToEmail: replyTo } });
  await buildEmployee(t.ctx.db, { email: 'ani@example.com', timeZone: 'Asia/Jakarta', locale: 'id' });
  await buildEmployee(t.ctx.db, { email: 'ben@example.com', timeZone: 'Europe/London' });
  return openTestRound(t.ctx, { windowDays: 5, reminderCount: 3 });
}
afterEach(async () => {
  transport.close();
  await smtp.close();
  await t.close();
});

describe('survey emails', () => {
  it('invitations reply to HR, are auto-generated, have no unsubscribe link, and give the close with its zone', async () => {
    await setUp();
    await drainOutbox(t.ctx, transport);
    const ani = smtp.received.find((m) => m.to.includes('ani@example.com'))!;
    expect(header(ani, 'Reply-To')).toBe('people@acme.test');
    expect(header(ani, 'Auto-Submitted')).toBe('auto-generated');
    expect(header(ani, 'List-Unsubscribe')).toBeUndefined();
    // Saturday 09:00 UTC is 16.00 in Jakarta (WIB), written the Indonesian way; Ben reads it in London time.
    expect(ani.raw).toContain('7 Mar 2026, 16.00 WIB');
    expect(smtp.lastTo('ben@example.com')!.raw).toContain('7 Mar 2026, 09:00 GMT');
  });

  it('replies go to MAIL_REPLY_TO when the settings name no HR contact', async () => {
    await setUp({ MAIL_REPLY_TO: 'hr-desk@acme.test' }, null);
    await drainOutbox(t.ctx, transport);
    expect(smtp.received.map((m) => header(m, 'Reply-To'))).toEqual(smtp.received.map(() => 'hr-desk@acme.test'));
  });

  it('reminders carry a one-click List-Unsubscribe that stops that person’s reminders of the round, and only theirs', async () => {
    await setUp();
    await drainOutbox(t.ctx, transport);
    clock.set('2026-03-03T15:00:30Z');
    expect(await sendDueReminders(t.ctx)).toHaveLength(1);
    await drainOutbox(t.ctx, transport);
    const reminder = smtp.received.filter((m) => m.to.includes('ben@example.com'))[1];
    expect(reminder.subject).toContain('Reminder');
    expect(header(reminder, 'Auto-Submitted')).toBe('auto-generated');
    expect(header(reminder, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    const url = /^<(http:\/\/pulse\.test\/s\/[A-Za-z0-9_-]{43}\/reminders-off)>$/.exec(header(reminder, 'List-Unsubscribe') ?? '')?.[1];
    expect(url).toBeDefined();
    const path = new URL(url!).pathname;

    // Opening the link only asks; a mail client's one-click POST (no cookies, no CSRF token) stops the reminders.
    expect((await request(t.app).get(path)).text).toContain('Stop reminders');
    const oneClick = await request(t.app).post(path).type('form').send('List-Unsubscribe=One-Click');
    expect(oneClick.status).toBe(200);
    expect(oneClick.text).toContain('No more reminders');

    clock.set('2026-03-04T21:00:30Z');
    await sendDueReminders(t.ctx);
    await drainOutbox(t.ctx, transport);
    const count = (to: string) => smtp.received.filter((m) => m.to.includes(to)).length;
    expect(count('ben@example.com')).toBe(2);
    expect(count('ani@example.com')).toBe(3);
    // The answer link still works.
    expect((await request(t.app).get(path.replace('/reminders-off', ''))).status).toBe(200);
    // Twice is once; the opt-out goes when the round closes.
    expect((await request(t.app).post(path).type('form').send('List-Unsubscribe=One-Click')).status).toBe(200);
    expect(await t.ctx.db.reminderOptOut.count()).toBe(1);
    clock.set('2026-03-07T09:00:30Z');
    await closeDueRounds(t.ctx);
    expect(await t.ctx.db.reminderOptOut.count()).toBe(0);
  });

  it('an unknown opt-out link is a 404, not an error', async () => {
    await setUp();
    expect((await request(t.app).post(`/s/${'A'.repeat(43)}/reminders-off`).type('form').send('List-Unsubscribe=One-Click')).status).toBe(404);
  });
});
