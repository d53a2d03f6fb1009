import request from 'supertest';
import { startTestApp, fixedClock, type TestApp } from '../helpers/test-app';
import { startSmtpServer, type TestSmtp } from '../helpers/smtp-server';
import { smtpTransport, type MailTransport } from '../../server/domain/email/transport';
import { drainOutbox } from '../../server/domain/email/sender.service';
import { sendDueReminders } from '../../server/domain/rounds/reminders.service';
import { closeDueRounds } from '../../server/domain/rounds/close-rounds.service';
import { reminderTimes } from '../../server/domain/surveys/schedule-times';
import { buildEmployee, buildOrg } from '../factories';
import { openTestRound } from './round-helpers';

// Monday 09:00 UTC; a five-day window puts reminders on Wednesday 01:00 and Thursday 17:00.
const clock = fixedClock('2026-03-02T09:00:00Z');
let t: TestApp;
let smtp: TestSmtp;
let transport: MailTransport;

beforeEach(async () => {
  clock.set('2026-03-02T09:00:00Z');
  smtp = await startSmtpServer();
  transport = smtpTransport(smtp.url, 2);
  t = await startTestApp({ clock, mail: transport });
  await buildOrg(t.ctx.db);
});
afterEach(async () => {
  transport.close();
  await smtp.close();
  await t.close();
});

const send = () => drainOutbox(t.ctx, transport, { ratePerSecond: 1000 });
const answer = { q1: '8', q2: '5', q3: '0' };

describe('invitations, reminders and closing', () => {
  it('invites everyone once, then reminds only those who have not answered', async () => {
    const people = [
      await buildEmployee(t.ctx.db, { locale: 'id', timeZone: 'Asia/Jakarta' }),
      await buildEmployee(t.ctx.db),
      await buildEmployee(t.ctx.db),
    ];
    const { roundId, links } = await openTestRound(t.ctx);
    const invited = await send();
    expect(invited.sent).toBe(4); // three people and the HR admin
    const invite = smtp.lastTo(people[0].email)!;
    expect(invite.subject).toContain('beberapa pertanyaan singkat');
    expect(invite.raw).toContain(`http://pulse.test${links.get(people[0].id)}`);
    expect(invite.raw).toContain('7 Mar 2026'); // the deadline, 16:00 in Jakarta, in Indonesian
    expect(invite.raw).toContain('bersifat rahasia');

    expect((await request(t.app).post(links.get(people[1].id)!).type('form').send(answer)).status).toBe(200);
    const before = smtp.received.length;
    expect(await sendDueReminders(t.ctx)).toEqual([]); // nothing due yet

    clock.set('2026-03-04T01:00:00Z');
    const [first] = await sendDueReminders(t.ctx);
    expect(first).toMatchObject({ roundId, reminder: 0, queued: 3 });
    expect(await sendDueReminders(t.ctx)).toEqual([]); // claimed once
    await send();
    const reminded = smtp.received.slice(before);
    expect(reminded).toHaveLength(3);
    expect(reminded.flatMap((m) => m.to)).not.toContain(people[1].email);
    expect(smtp.lastTo(people[0].email)!.subject).toContain('Pengingat');
    expect(smtp.lastTo(people[2].email)!.raw).toContain(`http://pulse.test${links.get(people[2].id)}`);

    expect((await request(t.app).post(links.get(people[2].id)!).type('form').send(answer)).status).toBe(200);
    clock.set('2026-03-05T17:00:00Z');
    expect((await sendDueReminders(t.ctx))[0]).toMatchObject({ reminder: 1, queued: 2 });
    await send();
    expect(smtp.received.length - before).toBe(5);
    const round = await t.ctx.db.round.findUniqueOrThrow({ where: { id: roundId } });
    expect(round).toMatchObject({ remindersDone: 2, respondedCount: 2 });
  });

  it('after an outage sends only the latest due reminder', async () => {
    await buildEmployee(t.ctx.db);
    const { roundId } = await openTestRound(t.ctx);
    const round = await t.ctx.db.round.findUniqueOrThrow({ where: { id: roundId } });
    expect(reminderTimes(round.openedAt, round.closesAt, 2, 'UTC')).toHaveLength(2);
    clock.set('2026-03-06T08:00:00Z');
    expect(await sendDueReminders(t.ctx)).toEqual([{ roundId, reminder: 1, queued: 2 }]);
    expect(await sendDueReminders(t.ctx)).toEqual([]);
  });

  it('closing stops the link, wipes the sealed tokens and cancels emails not yet sent', async () => {
    const person = await buildEmployee(t.ctx.db);
    const { roundId, links } = await openTestRound(t.ctx);
    await send();
    clock.set('2026-03-05T17:00:00Z');
    await sendDueReminders(t.ctx); // queued, never sent
    expect(await t.ctx.db.outboxEmail.count({ where: { roundId, status: 'pending' } })).toBe(2);
    clock.set('2026-03-07T09:00:00Z');
    expect(await closeDueRounds(t.ctx)).toEqual([roundId]);
    expect(await closeDueRounds(t.ctx)).toEqual([]);
    const round = await t.ctx.db.round.findUniqueOrThrow({ where: { id: roundId } });
    expect(round).toMatchObject({ status: 'closed', closedAt: new Date('2026-03-07T09:00:00Z') });
    expect(await t.ctx.db.invitation.count({ where: { roundId, tokenCipher: { not: null } } })).toBe(0);
    const cancelled = await t.ctx.db.outboxEmail.findMany({ where: { roundId, template: 'survey-reminder' } });
    expect(cancelled.map((e) => [e.status, e.lastError, e.secretData])).toEqual([
      ['failed', 'round closed', null],
      ['failed', 'round closed', null],
    ]);
    const before = smtp.received.length;
    expect((await send()).sent).toBe(0);
    expect(smtp.received.length).toBe(before);
    expect((await request(t.app).get(links.get(person.id)!)).status).toBe(410);
    expect(await sendDueReminders(t.ctx)).toEqual([]);
  });
});
