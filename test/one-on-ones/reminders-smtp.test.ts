/**
 * The reminder the day before and the calendar invitation, received at a real SMTP server and read by an
 * iCalendar parser (ical.js): one UID per series, SEQUENCE rising with every change, the inline
 * text/calendar part with METHOD and VTIMEZONE, a moved meeting as REQUEST with RECURRENCE-ID, a skipped one as
 * CANCEL with RECURRENCE-ID, a paused series as CANCEL of the whole event; never twice with two instances,
 * sent late once after downtime, dropped once the meeting has begun; no notes in any email.
 */
import ICAL from 'ical.js';
import { fixedClock, startTestApp, testContext, type TestApp } from '../helpers/test-app';
import { startSmtpServer, type ReceivedMail, type TestSmtp } from '../helpers/smtp-server';
import { calendarPart } from '../helpers/mime';
import { smtpTransport, type MailTransport } from '../../server/domain/email/transport';
import { drainOutbox } from '../../server/domain/email/sender.service';
import { openDatabase } from '../../server/db/client';
import { buildOrg } from '../factories';
import { buildPair, buildSeries, meetingsOf } from '../factories/one-on-ones';
import { moveMeeting, skipMeeting } from '../../server/domain/one-on-ones/meetings.service';
import { setSeriesPaused } from '../../server/domain/one-on-ones/series.service';
import { runOneOnOneTick } from '../../server/domain/one-on-ones/reminders.service';
import { addAgendaItem } from '../../server/domain/one-on-ones/agenda.service';
import { savePrivateNote, saveSharedNotes } from '../../server/domain/one-on-ones/notes.service';
import { addActionItem } from '../../server/domain/one-on-ones/action-items.service';

const clock = fixedClock('2026-03-10T12:00:00Z');
let t: TestApp;
let smtp: TestSmtp;
let transport: MailTransport;

beforeAll(async () => {
  t = await startTestApp({ clock });
  await buildOrg(t.ctx.db);
  smtp = await startSmtpServer();
  transport = smtpTransport(smtp.url, 2);
});
afterAll(async () => {
  transport.close();
  await smtp.close();
  await t.close();
});

/** Sends what the outbox holds; returns the messages that arrived. */
async function deliver(): Promise<ReceivedMail[]> {
  const before = smtp.received.length;
  await drainOutbox(t.ctx, transport, { ratePerSecond: 1000 });
  return smtp.received.slice(before);
}

interface Parsed {
  method: string;
  contentType: string;
  vtimezones: ICAL.Component[];
  events: ICAL.Event[];
}

function parseInvite(mail: ReceivedMail): Parsed {
  const part = calendarPart(mail.source);
  if (!part) throw new Error(`no inline text/calendar part in "${mail.subject}"`);
  const cal = new ICAL.Component(ICAL.parse(part.body.trim()));
  const vtimezones = cal.getAllSubcomponents('vtimezone');
  for (const tz of vtimezones) ICAL.TimezoneService.register(tz);
  return { method: String(cal.getFirstPropertyValue('method')), contentType: part.headers['content-type'], vtimezones, events: cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v)) };
}

const utc = (d: ICAL.Time) => d.toJSDate().toISOString();
const prop = (e: ICAL.Event, name: string) => String(e.component.getFirstPropertyValue(name));

const MARKER = 'SECRET-CONTENT-7f3a';

describe('a weekly series in Europe/Berlin, from set-up to reminders', () => {
  let managerEmail = '';
  let reportEmail = '';
  let seriesId = '';
  let uid = '';

  it('sends both people a REQUEST with a VTIMEZONE, ORGANIZER, both ATTENDEEs, the rule and SEQUENCE 0', async () => {
    const { manager, report } = await buildPair(t.ctx);
    managerEmail = manager.email;
    reportEmail = report.email;
    const s = await buildSeries(t.ctx, manager.id, report.id);
    seriesId = s.id;
    const mails = await deliver();
    expect(mails.map((m) => m.to[0]).sort()).toEqual([managerEmail, reportEmail].sort());
    for (const mail of mails) {
      const inv = parseInvite(mail);
      expect(inv.method).toBe('REQUEST');
      expect(inv.contentType).toMatch(/text\/calendar.*method=REQUEST/i);
      expect(inv.vtimezones.map((v) => v.getFirstPropertyValue('tzid'))).toEqual(['Europe/Berlin']);
      expect(inv.events).toHaveLength(1);
      const [e] = inv.events;
      uid = e.uid;
      expect(uid).toBe(`${s.id}@pulse.test`);
      expect(e.sequence).toBe(0);
      expect(utc(e.startDate)).toBe('2026-03-17T08:00:00.000Z');
      expect(utc(e.endDate)).toBe('2026-03-17T09:00:00.000Z');
      expect(prop(e, 'rrule')).toContain('FREQ=WEEKLY');
      expect(e.component.getFirstPropertyValue('dtstamp')).toBeTruthy();
      expect(prop(e, 'organizer')).toBe('mailto:pulse@localhost');
      expect(e.attendees.map((a) => String(a.getFirstValue())).sort()).toEqual([`mailto:${managerEmail}`, `mailto:${reportEmail}`].sort());
      // The calendar expands the rule to the same meetings Pulse plans, across the 29 March change.
      const it = e.iterator();
      const next = [it.next(), it.next(), it.next()].map((d) => utc(d!));
      expect(next).toEqual(['2026-03-17T08:00:00.000Z', '2026-03-24T08:00:00.000Z', '2026-03-31T07:00:00.000Z']);
    }
  });

  it('a move is a REQUEST for that occurrence (RECURRENCE-ID), same UID, SEQUENCE 1', async () => {
    const [first] = await meetingsOf(t.ctx, seriesId);
    const manager = await t.ctx.db.employee.findUniqueOrThrow({ where: { email: managerEmail } });
    const report = await t.ctx.db.employee.findUniqueOrThrow({ where: { email: reportEmail } });
    // Content of every kind, which no email may carry.
    await addAgendaItem(t.ctx, report.id, first.id, `Talk about ${MARKER} agenda`);
    await saveSharedNotes(t.ctx, manager.id, first.id, `Shared ${MARKER}`, 0);
    await savePrivateNote(t.ctx, report.id, first.id, `Private ${MARKER}`);
    await addActionItem(t.ctx, manager.id, first.id, { text: `Do ${MARKER}`, ownerId: report.id, dueDate: null });
    await moveMeeting(t.ctx, manager.id, first.id, { date: '2026-03-18', time: '10:00' });
    const mails = await deliver();
    expect(mails).toHaveLength(2);
    for (const mail of mails) {
      const { method, events } = parseInvite(mail);
      expect(method).toBe('REQUEST');
      expect(events).toHaveLength(1);
      const [e] = events;
      expect([e.uid, e.sequence, e.isRecurrenceException()]).toEqual([uid, 1, true]);
      expect(utc(e.recurrenceId)).toBe('2026-03-17T08:00:00.000Z');
      expect(utc(e.startDate)).toBe('2026-03-18T09:00:00.000Z');
    }
  });

  it('the reminder the day before carries the series as it stands: the rule plus the moved meeting', async () => {
    clock.set('2026-03-17T08:59:00Z');
    await runOneOnOneTick(t.ctx);
    expect(await deliver()).toHaveLength(0); // not due yet: 10:00 local the day before the moved meeting
    clock.set('2026-03-17T09:00:00Z');
    expect((await runOneOnOneTick(t.ctx)).reminded).toBe(1);
    const mails = await deliver();
    expect(mails.map((m) => m.to[0]).sort()).toEqual([managerEmail, reportEmail].sort());
    for (const mail of mails) {
      expect(mail.subject).toMatch(/^Coming up: your 1:1 with /);
      expect(mail.raw).toMatch(/http:\/\/pulse\.test\/one-on-ones\/meetings\/[0-9a-f-]{36}/);
      const { method, events } = parseInvite(mail);
      expect(method).toBe('REQUEST');
      const master = events.find((e) => !e.isRecurrenceException())!;
      const moved = events.find((e) => e.isRecurrenceException())!;
      expect([master.uid, moved.uid, master.sequence]).toEqual([uid, uid, 1]);
      master.relateException(moved);
      const it = master.iterator();
      const first = master.getOccurrenceDetails(it.next()!);
      expect(utc(first.startDate)).toBe('2026-03-18T09:00:00.000Z');
      expect(utc(master.getOccurrenceDetails(it.next()!).startDate)).toBe('2026-03-24T08:00:00.000Z');
    }
    clock.set('2026-03-17T09:30:00Z');
    await runOneOnOneTick(t.ctx);
    expect(await deliver()).toHaveLength(0); // once
  });

  it('a skip is a CANCEL for that occurrence only, SEQUENCE 2; the reminder after it lists the skip as EXDATE', async () => {
    const next = (await meetingsOf(t.ctx, seriesId)).find((m) => m.slot === '2026-03-24T08:00:00.000Z')!;
    const report = await t.ctx.db.employee.findUniqueOrThrow({ where: { email: reportEmail } });
    await skipMeeting(t.ctx, report.id, next.id);
    const mails = await deliver();
    expect(mails).toHaveLength(2);
    for (const mail of mails) {
      const { method, events } = parseInvite(mail);
      expect(method).toBe('CANCEL');
      const [e] = events;
      expect([e.uid, e.sequence, prop(e, 'status')]).toEqual([uid, 2, 'CANCELLED']);
      expect(utc(e.recurrenceId)).toBe('2026-03-24T08:00:00.000Z');
    }
    // The meeting after the skip is reminded with the skip excluded from the rule.
    clock.set('2026-03-30T07:00:00Z');
    await runOneOnOneTick(t.ctx);
    const reminders = await deliver();
    expect(reminders).toHaveLength(2);
    const master = parseInvite(reminders[0]).events.find((e) => !e.isRecurrenceException())!;
    expect(master.sequence).toBe(2);
    const exdates = master.component.getAllProperties('exdate').flatMap((p) => p.getValues().map((v) => utc(v as ICAL.Time)));
    expect(exdates).toEqual(['2026-03-24T08:00:00.000Z']);
  });

  it('pausing cancels the whole event (no RECURRENCE-ID), SEQUENCE 3', async () => {
    const manager = await t.ctx.db.employee.findUniqueOrThrow({ where: { email: managerEmail } });
    await setSeriesPaused(t.ctx, manager.id, seriesId, true);
    const mails = await deliver();
    expect(mails).toHaveLength(2);
    for (const mail of mails) {
      const { method, events } = parseInvite(mail);
      expect(method).toBe('CANCEL');
      expect([events[0].uid, events[0].sequence, events[0].isRecurrenceException(), prop(events[0], 'status')]).toEqual([uid, 3, false, 'CANCELLED']);
    }
  });

  it('no email, and no invitation, carried the agenda, the notes or the action item', () => {
    expect(smtp.received.length).toBeGreaterThan(8);
    for (const mail of smtp.received) expect(mail.raw).not.toContain(MARKER);
  });
});

describe('reminders with several instances and after downtime', () => {
  it('two instances ticking at once queue each reminder once', async () => {
    clock.set('2026-05-04T12:00:00Z');
    const pairs = await Promise.all([buildPair(t.ctx), buildPair(t.ctx), buildPair(t.ctx)]);
    for (const p of pairs) await buildSeries(t.ctx, p.manager.id, p.report.id, { startDate: '2026-05-04' }); // Tue 5 May 09:00
    clock.set('2026-05-05T10:00:00Z'); // the first meetings are over: the tick makes the next ones
    await runOneOnOneTick(t.ctx);
    await deliver();
    const second = await openDatabase(t.database.url, 5);
    try {
      const other = { ...testContext({ ...t.database, db: second.db, provider: second.provider }, { clock }) };
      clock.set('2026-05-11T08:00:00Z'); // the day before Tuesday 12 May 09:00 Berlin
      const [a, b] = await Promise.all([runOneOnOneTick(t.ctx), runOneOnOneTick(other)]);
      expect(a.reminded + b.reminded).toBe(3);
    } finally {
      await second.close();
    }
    const mails = await deliver();
    expect(mails).toHaveLength(6);
    expect(new Set(mails.map((m) => m.to[0])).size).toBe(6);
  });

  it('a reminder due while Pulse was down is sent late, once; one whose meeting has begun is dropped', async () => {
    clock.set('2026-05-25T12:00:00Z');
    const late = await buildPair(t.ctx);
    const missed = await buildPair(t.ctx);
    // Thursday 4 June 09:00 local, reminded two days before; Wednesday 3 June 08:00 local, reminded the day before.
    const lateSeries = await buildSeries(t.ctx, late.manager.id, late.report.id, { startDate: '2026-06-01', weekday: 4, reminderHours: 48 });
    const missedSeries = await buildSeries(t.ctx, missed.manager.id, missed.report.id, { startDate: '2026-06-01', weekday: 3, timeOfDay: '08:00' });
    await deliver();
    const [lateMeeting] = await meetingsOf(t.ctx, lateSeries.id);
    const [missedMeeting] = await meetingsOf(t.ctx, missedSeries.id);
    expect([lateMeeting.remindAt?.toISOString(), missedMeeting.remindAt?.toISOString()]).toEqual(['2026-06-02T07:00:00.000Z', '2026-06-02T06:00:00.000Z']);
    // Pulse is down from before both reminders until 3 June 06:30 UTC (08:30 local): the Wednesday meeting has begun.
    clock.set('2026-06-03T06:30:00Z');
    const r = await runOneOnOneTick(t.ctx);
    expect([r.reminded, r.dropped]).toEqual([1, 1]);
    const mails = await deliver();
    expect(mails.map((m) => m.to[0]).sort()).toEqual([late.manager.email, late.report.email].sort());
    const dropped = await t.ctx.db.oneOnOneMeeting.findUniqueOrThrow({ where: { id: missedMeeting.id } });
    expect([dropped.remindAt, dropped.remindedAt?.toISOString()]).toEqual([null, '2026-06-03T06:30:00.000Z']);
    await runOneOnOneTick(t.ctx);
    expect(await deliver()).toHaveLength(0);
  });
});
