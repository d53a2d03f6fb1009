/**
 * Local-time sending: a schedule that sends each invitation at its time of day in the invitee's own zone opens its
 * round once, at the earliest zone's slot, and each invitation waits in the outbox for its invitee's instant.
 */
import { openDatabase } from '../../server/db/client';
import { nextEarliestOccurrenceAfter, occurrenceDayOfSlot } from '../../server/domain/recurrence/recurrence';
import { isoDateOf } from '../../server/domain/recurrence/local-time';
import { openDueRounds } from '../../server/domain/rounds/open-round.service';
import { sendDueReminders } from '../../server/domain/rounds/reminders.service';
import { personalSendTime, zoneOfPerson } from '../../server/domain/rounds/local-delivery';
import { drainOutbox } from '../../server/domain/email/sender.service';
import { smtpTransport } from '../../server/domain/email/transport';
import { saveSchedule } from '../../server/domain/surveys/schedules.service';
import { scheduleInputSchema } from '../../server/domain/surveys/schedule.schema';
import { timingOf, type ScheduleTiming } from '../../server/domain/surveys/schedule-times';
import type { AppContext } from '../../server/context';
import { createTestDatabaseUrl } from '../helpers/test-db';
import { fixedClock, testContext } from '../helpers/test-app';
import { startSmtpServer, type TestSmtp } from '../helpers/smtp-server';
import { countByMessageId } from '../factories/email';
import { buildEmployee, buildOrg } from '../factories';
import { buildSurvey } from '../factories/surveys';

const HOUR = 3_600_000;
const weeklyJakarta: ScheduleTiming = { frequency: 'weekly', weekday: 1, timeOfDay: '09:00', timeZone: 'Asia/Jakarta', startDate: '2026-03-01' };

describe('the earliest zone opens the slot', () => {
  it('spreads one Monday 09:00 from Tonga (+13) to Pago Pago (−11)', () => {
    const zones = ['Pacific/Tongatapu', 'Pacific/Pago_Pago', 'Asia/Jakarta'];
    const first = nextEarliestOccurrenceAfter(weeklyJakarta, zones, new Date('2026-02-28T00:00:00Z'));
    // 09:00 in Tonga on Monday 2 March is 20:00 UTC on Sunday: the round opens then, a day before Pago Pago's 09:00.
    expect(first?.at.toISOString()).toBe('2026-03-01T20:00:00.000Z');
    expect(isoDateOf(first!.day)).toBe('2026-03-02');
    expect(personalSendTime('2026-03-02T09:00', 'Pacific/Pago_Pago', first!.at).toISOString()).toBe('2026-03-02T20:00:00.000Z');
    expect(personalSendTime('2026-03-02T09:00', 'Asia/Jakarta', first!.at).toISOString()).toBe('2026-03-02T02:00:00.000Z');
    // Right after Tonga's slot the next one is the following Monday, though Pago Pago has not had this one yet.
    expect(nextEarliestOccurrenceAfter(weeklyJakarta, zones, first!.at)?.at.toISOString()).toBe('2026-03-08T20:00:00.000Z');
    // The slot belongs to Monday 2 March whichever zone it was computed from.
    expect(isoDateOf(occurrenceDayOfSlot(weeklyJakarta, first!.at))).toBe('2026-03-02');
  });

  it('keeps 09:00 local on both sides of the daylight-saving changes in New York and London', () => {
    const rule: ScheduleTiming = { ...weeklyJakarta, timeZone: 'Europe/London' };
    const zones = ['America/New_York', 'Europe/London'];
    // Monday 9 March: New York is on EDT (−4) since Sunday, London still on GMT.
    const march9 = nextEarliestOccurrenceAfter(rule, zones, new Date('2026-03-08T00:00:00Z'))!;
    expect(march9.at.toISOString()).toBe('2026-03-09T09:00:00.000Z');
    expect(personalSendTime('2026-03-09T09:00', 'America/New_York', march9.at).toISOString()).toBe('2026-03-09T13:00:00.000Z');
    // Monday 30 March: London on BST (+1) since Sunday.
    const march30 = nextEarliestOccurrenceAfter(rule, zones, new Date('2026-03-29T00:00:00Z'))!;
    expect(march30.at.toISOString()).toBe('2026-03-30T08:00:00.000Z');
    // A time the spring-forward gap skips moves forward by the gap (New York, Sunday 8 March 02:30 → 03:30 EDT).
    expect(personalSendTime('2026-03-08T02:30', 'America/New_York', new Date('2026-03-01T00:00:00Z')).toISOString()).toBe('2026-03-08T07:30:00.000Z');
  });

  it('follows the company zone for a person whose zone this runtime does not know', () => {
    expect(zoneOfPerson('Mars/Olympus', 'Asia/Jakarta')).toBe('Asia/Jakarta');
    expect(zoneOfPerson('Europe/Paris', 'Asia/Jakarta')).toBe('Europe/Paris');
    expect(zoneOfPerson('', 'nowhere')).toBe('UTC');
  });

  it('sends at once to a person whose local time had already passed when the round opened', () => {
    const opened = new Date('2026-03-02T10:00:00Z');
    expect(personalSendTime('2026-03-02T09:00', 'UTC', opened)).toEqual(opened);
  });
});

describe('a local-time schedule end to end', () => {
  const clock = fixedClock('2026-02-27T12:00:00Z');
  let a: AppContext;
  let b: AppContext;
  let smtp: TestSmtp;
  let cleanup: () => Promise<void>;

  beforeEach(async () => {
    clock.set('2026-02-27T12:00:00Z');
    const created = await createTestDatabaseUrl();
    const [da, dbb] = [await openDatabase(created.url, 3), await openDatabase(created.url, 3)];
    a = testContext({ ...da, url: created.url, destroy: da.close }, { clock });
    b = testContext({ ...dbb, url: created.url, destroy: dbb.close }, { clock });
    smtp = await startSmtpServer();
    cleanup = async () => {
      await smtp.close();
      await da.close();
      await dbb.close();
      await created.drop();
    };
    await buildOrg(a.db);
    await a.db.orgSettings.update({ where: { id: 1 }, data: { defaultTimeZone: 'Asia/Jakarta' } });
  });
  afterEach(() => cleanup());

  const people = [
    // Tonga's 09:00 is the slot itself: its invitation goes when the tick opens the round, five seconds later.
    { email: 'tonga@example.com', timeZone: 'Pacific/Tongatapu', at: '2026-03-01T20:00:05.000Z' },
    { email: 'jakarta@example.com', timeZone: 'Asia/Jakarta', at: '2026-03-02T02:00:00.000Z' },
    { email: 'unknown-zone@example.com', timeZone: 'Mars/Olympus', at: '2026-03-02T02:00:00.000Z' },
    { email: 'london@example.com', timeZone: 'Europe/London', at: '2026-03-02T09:00:00.000Z' },
    { email: 'pago@example.com', timeZone: 'Pacific/Pago_Pago', at: '2026-03-02T20:00:00.000Z' },
  ];

  async function localSchedule(localDelivery = true, windowDays = '2') {
    for (const p of people) await buildEmployee(a.db, { email: p.email, timeZone: p.timeZone });
    const survey = await buildSurvey(a.db);
    const input = scheduleInputSchema.parse({ ...timingOf(weeklyJakarta), weekday: '1', windowDays, reminderCount: '1', localDelivery: localDelivery ? 'on' : '' });
    return saveSchedule(a, survey.id, input);
  }

  it('opens one round at the earliest slot and sends each invitation exactly once, at its own local 09:00, across two drainers', async () => {
    const schedule = await localSchedule();
    expect(schedule.localDelivery).toBe(true);
    expect(schedule.nextRunAt?.toISOString()).toBe('2026-03-01T20:00:00.000Z');
    clock.set('2026-03-01T20:00:05Z');
    const opened = (await Promise.all([openDueRounds(a), openDueRounds(b)])).flat();
    expect(opened).toHaveLength(1);
    const round = await a.db.round.findUniqueOrThrow({ where: { id: opened[0].roundId } });
    expect(round.localSendAt).toBe('2026-03-02T09:00');
    // The window runs two days from the last zone's send time (Pago Pago), so nobody gets less of it.
    expect(round.closesAt.toISOString()).toBe('2026-03-04T20:00:00.000Z');
    const rows = await a.db.outboxEmail.findMany({ where: { template: 'survey-invite' }, select: { toAddress: true, nextAttemptAt: true } });
    const expected = new Map(people.map((p) => [p.email, p.at]));
    for (const row of rows) {
      if (expected.has(row.toAddress)) expect(row.nextAttemptAt.toISOString()).toBe(expected.get(row.toAddress));
    }
    // The schedule's next slot is next Monday in Tonga.
    expect((await a.db.schedule.findUniqueOrThrow({ where: { id: schedule.id } })).nextRunAt?.toISOString()).toBe('2026-03-08T20:00:00.000Z');

    const [ta, tb] = [smtpTransport(smtp.url, 2), smtpTransport(smtp.url, 2)];
    const sentBy = new Map<string, string>();
    try {
      // Both drainers run every half hour through Monday; each delivery must fall at or after its invitee's time.
      for (let at = new Date('2026-03-01T20:00:05Z').getTime(); at <= new Date('2026-03-03T00:00:00Z').getTime(); at += HOUR / 2) {
        clock.set(new Date(at));
        await Promise.all([drainOutbox(a, ta, { workerId: 'a', ratePerSecond: 1000 }), drainOutbox(b, tb, { workerId: 'b', ratePerSecond: 1000 })]);
        for (const mail of smtp.received) {
          const to = mail.to[0];
          if (!sentBy.has(to)) sentBy.set(to, new Date(at).toISOString());
        }
      }
    } finally {
      ta.close();
      tb.close();
    }
    const invites = smtp.received.filter((m) => expected.has(m.to[0]));
    expect(invites).toHaveLength(people.length);
    expect([...countByMessageId(invites.map((m) => m.messageId)).values()].every((n) => n === 1)).toBe(true);
    for (const p of people) {
      const deliveredAt = new Date(sentBy.get(p.email)!).getTime();
      // Delivered at the first drain at or after its time (drains run every half hour), never before.
      expect(deliveredAt).toBeGreaterThanOrEqual(new Date(p.at).getTime());
      expect(deliveredAt - new Date(p.at).getTime()).toBeLessThan(HOUR / 2 + 10_000);
    }
  });

  it('keeps each person’s delay for reminders', async () => {
    await localSchedule();
    clock.set('2026-03-01T20:00:05Z');
    const [opened] = await openDueRounds(a);
    const round = await a.db.round.findUniqueOrThrow({ where: { id: opened.roundId } });
    // One reminder, halfway through (opened Sunday 20:00 UTC, closes Wednesday 20:00 UTC): Tuesday 08:00 UTC.
    clock.set('2026-03-03T08:00:30Z');
    const sent = await sendDueReminders(a);
    expect(sent).toHaveLength(1);
    const rows = await a.db.outboxEmail.findMany({ where: { template: 'survey-reminder', roundId: round.id }, select: { toAddress: true, nextAttemptAt: true } });
    const at = new Map(rows.map((r) => [r.toAddress, r.nextAttemptAt.toISOString()]));
    expect(at.get('tonga@example.com')).toBe('2026-03-03T08:00:30.000Z');
    // Pago Pago got its invitation 24 hours (less the tick's five seconds) after Tonga: so does its reminder.
    expect(at.get('pago@example.com')).toBe('2026-03-04T08:00:25.000Z');
    expect(at.get('london@example.com')).toBe('2026-03-03T21:00:25.000Z');
    expect(new Date(at.get('pago@example.com')!).getTime()).toBeLessThan(round.closesAt.getTime());
  });

  it('does not queue a reminder that its delay would push past the close', async () => {
    await localSchedule(true, '1');
    clock.set('2026-03-01T20:00:05Z');
    const [opened] = await openDueRounds(a);
    // Closes Tuesday 20:00 UTC (Pago Pago's send time plus a day); the reminder is due Monday 20:00 UTC.
    clock.set('2026-03-02T20:00:30Z');
    expect(await sendDueReminders(a)).toHaveLength(1);
    const rows = await a.db.outboxEmail.findMany({ where: { template: 'survey-reminder', roundId: opened.roundId }, select: { toAddress: true } });
    const to = rows.map((r) => r.toAddress);
    expect(to).toContain('london@example.com');
    expect(to).not.toContain('pago@example.com');
  });

  it('without local-time sending, everyone is invited when the round opens', async () => {
    const schedule = await localSchedule(false);
    expect(schedule.nextRunAt?.toISOString()).toBe('2026-03-02T02:00:00.000Z');
    clock.set('2026-03-02T02:00:05Z');
    const [opened] = await openDueRounds(a);
    const round = await a.db.round.findUniqueOrThrow({ where: { id: opened.roundId } });
    expect(round.localSendAt).toBeNull();
    expect(round.closesAt.toISOString()).toBe('2026-03-04T02:00:05.000Z');
    const rows = await a.db.outboxEmail.findMany({ where: { template: 'survey-invite' }, select: { nextAttemptAt: true } });
    expect(rows.every((r) => r.nextAttemptAt.toISOString() === '2026-03-02T02:00:05.000Z')).toBe(true);
  });
});
