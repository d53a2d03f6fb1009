/**
 * The clock jumping: forward over scheduled times (the server was down, or the host slept) and backwards (an
 * NTP step). Every registered job (jobs/registry.ts) ticks through the app's clock seam, sending to a real SMTP
 * server. Forward: missed slots are caught up once (one late round, not one per missed week) and only the
 * latest due reminder goes out. Backwards: nothing already done is done again — no second round for a slot,
 * no second invitation or reminder, no reopened round.
 */
import { fixedClock, startTestApp, type TestApp } from '../helpers/test-app';
import { startSmtpServer, type TestSmtp } from '../helpers/smtp-server';
import { smtpTransport, type MailTransport } from '../../server/domain/email/transport';
import { JOBS } from '../../jobs/registry';
import { testProvider } from '../helpers/test-db';
import { buildEmployee, buildOrg } from '../factories';
import { buildSchedule, buildSurvey } from '../factories/surveys';
import { reminderTimes } from '../../server/domain/surveys/schedule-times';
import { CLOSED_SETTLE_MS } from '../../server/domain/results/round-cache';
import { tally } from './fault-helpers';

const clock = fixedClock('2026-03-01T12:00:00Z');
let t: TestApp;
let smtp: TestSmtp;
let transport: MailTransport;

beforeEach(async () => {
  clock.set('2026-03-01T12:00:00Z');
  smtp = await startSmtpServer();
  transport = smtpTransport(smtp.url, 2);
  t = await startTestApp({ clock, mail: transport, env: { MAIL_RATE_PER_SECOND: '1000' } });
});
afterEach(async () => {
  transport.close();
  await smtp.close();
  await t.close();
});

/** One tick of every job, in the registry's order, at the clock's current time. */
async function tick(times = 1): Promise<void> {
  for (let i = 0; i < times; i++) for (const job of JOBS) await job.perform(t.ctx);
}

const PEOPLE = 6;
/** A weekly Monday 09:00 UTC schedule (5-day window, 2 reminders) whose first slot is 2 March. */
async function weekly() {
  const survey = await buildSurvey(t.ctx.db, { title: 'Weekly pulse' });
  return buildSchedule(t.ctx.db, survey.id, { nextRunAt: new Date('2026-03-02T09:00:00Z') });
}

async function people(): Promise<string[]> {
  await buildOrg(t.ctx.db);
  for (let i = 0; i < PEOPLE; i++) await buildEmployee(t.ctx.db);
  return (await t.ctx.db.employee.findMany({ where: { active: true }, select: { email: true } })).map((e) => e.email.toLowerCase());
}
/** Deliveries of the outbox rows of `template` (read before a round's release deletes its rows). */
const byTemplate = async (template: string) => {
  const ids = new Set((await t.ctx.db.outboxEmail.findMany({ where: { template }, select: { id: true } })).map((r) => `<${r.id}@pulse.invalid>`));
  return smtp.received.filter((m) => ids.has(m.messageId));
};

it(`on ${testProvider()}: a forward jump over four weekly slots opens one late round and sends its emails once`, async () => {
  const everyone = await people();
  const schedule = await weekly();
  await tick();
  expect(await t.ctx.db.round.count()).toBe(0);

  // Down from Sunday to Wednesday three weeks later: the slots of 2, 9, 16 and 23 March were missed.
  clock.set('2026-03-25T10:00:00Z');
  await tick(3);
  const rounds = await t.ctx.db.round.findMany({ where: { scheduleId: schedule.id } });
  expect(rounds).toHaveLength(1);
  expect(rounds[0].late).toBe(true);
  expect((await t.ctx.db.schedule.findUniqueOrThrow({ where: { id: schedule.id } })).nextRunAt?.toISOString()).toBe('2026-03-30T09:00:00.000Z');
  expect(tally('clock forward over 4 slots: invitations', await byTemplate('survey-invite'), everyone)).toEqual({ expected: everyone.length, sent: everyone.length, duplicated: 0, lost: 0 });

  // Down again over both reminder times of that round: only the latest goes out, once.
  const times = reminderTimes(rounds[0].openedAt, rounds[0].closesAt, 2, 'UTC');
  expect(times).toHaveLength(2);
  clock.set(new Date(times[1].getTime() + 60 * 60_000));
  await tick(3);
  expect(tally('clock forward over 2 reminder times: reminders', await byTemplate('survey-reminder'), everyone)).toEqual({ expected: everyone.length, sent: everyone.length, duplicated: 0, lost: 0 });
  expect((await t.ctx.db.round.findUniqueOrThrow({ where: { id: rounds[0].id } })).remindersDone).toBe(2);
  expect(await t.ctx.db.outboxEmail.count({ where: { status: { not: 'sent' } } })).toBe(0);
});

it(`on ${testProvider()}: backward NTP steps over a slot, a reminder and a close do nothing twice`, async () => {
  const everyone = await people();
  const schedule = await weekly();
  clock.set('2026-03-02T09:00:05Z');
  await tick();
  const [round] = await t.ctx.db.round.findMany({ where: { scheduleId: schedule.id } });
  expect(round.late).toBe(false);

  // Stepped back two minutes, to before the slot, and ticking on minute by minute past it again.
  clock.set('2026-03-02T08:58:05Z');
  for (let m = 0; m < 5; m++) {
    await tick();
    clock.advance(60_000);
  }
  expect(await t.ctx.db.round.count()).toBe(1);

  const [firstReminder] = reminderTimes(round.openedAt, round.closesAt, 2, 'UTC');
  clock.set(new Date(firstReminder.getTime() + 30_000));
  await tick();
  expect((await t.ctx.db.round.findUniqueOrThrow({ where: { id: round.id } })).remindersDone).toBe(1);
  // Back ten minutes (before the reminder time) and forward over it again.
  clock.set(new Date(firstReminder.getTime() - 10 * 60_000));
  for (let m = 0; m < 12; m++) {
    await tick();
    clock.advance(60_000);
  }
  expect((await t.ctx.db.round.findUniqueOrThrow({ where: { id: round.id } })).remindersDone).toBe(1);
  const expected = { expected: everyone.length, sent: everyone.length, duplicated: 0, lost: 0 };
  expect(tally('clock stepped back over a slot: invitations', await byTemplate('survey-invite'), everyone)).toEqual(expected);
  expect(tally('clock stepped back over a reminder: reminders', await byTemplate('survey-reminder'), everyone)).toEqual(expected);

  // Past the close and the settling minute: closed and released; stepped back before the close, it stays so.
  clock.set(new Date(round.closesAt.getTime() + 5_000));
  await tick();
  clock.advance(CLOSED_SETTLE_MS + 5_000);
  await tick();
  const closed = await t.ctx.db.round.findUniqueOrThrow({ where: { id: round.id } });
  expect(closed.status).toBe('closed');
  expect(closed.releasedAt).not.toBeNull();
  clock.set(new Date(round.closesAt.getTime() - 60 * 60_000));
  await tick(3);
  const after = await t.ctx.db.round.findUniqueOrThrow({ where: { id: round.id } });
  expect(after).toMatchObject({ status: 'closed', remindersDone: 1 });
  expect(await t.ctx.db.round.count()).toBe(1);

  // Nothing more reached anyone after the third backward step: one invitation and one reminder each.
  expect(smtp.received).toHaveLength(everyone.length * 2);
});
