/**
 * The 1:1 pages as people use them: the manager sets a series up from the overview, both work on the meeting
 * page (in English and Bahasa Indonesia), bad input is explained next to its field and loses nothing, two
 * people saving the shared notes at once lose neither's words, HR reads cadence health, the mailbox shows the
 * invitation.
 */
import { fixedClock, startTestApp, type TestApp } from '../helpers/test-app';
import { sessionBrowser } from '../helpers/sign-in';
import { buildOrg } from '../factories';
import { buildPair, meetingsOf } from '../factories/one-on-ones';
import { drainOutbox } from '../../server/domain/email/sender.service';
import { runOneOnOneTick } from '../../server/domain/one-on-ones/reminders.service';

const clock = fixedClock('2026-03-10T12:00:00Z');
let t: TestApp;
let adminId = '';
beforeAll(async () => {
  t = await startTestApp({ clock });
  adminId = (await buildOrg(t.ctx.db)).admin.id;
});
afterAll(() => t.close());

async function setUp() {
  const pair = await buildPair(t.ctx, { reportLocale: 'id' });
  const manager = await sessionBrowser(t.ctx, t.app, pair.manager.id);
  const report = await sessionBrowser(t.ctx, t.app, pair.report.id);
  const overview = await manager.agent.get('/one-on-ones');
  expect(overview.text).toContain(`/one-on-ones/new?report=${pair.report.id}`);
  const created = await manager.submit('/one-on-ones', { reportId: pair.report.id, cadence: 'biweekly', weekday: '4', weekOfMonth: '1', timeOfDay: '14:30', timeZone: 'Europe/Berlin', durationMinutes: '30', location: 'https://meet.example.com/abc', startDate: '2026-03-10', reminderHours: '24' }, `/one-on-ones/new?report=${pair.report.id}`);
  expect(created.status).toBe(303);
  const seriesId = /\/one-on-ones\/series\/([0-9a-f-]{36})/.exec(created.headers.location)![1];
  const [meeting] = await meetingsOf(t.ctx, seriesId);
  return { ...pair, manager, report, managerRow: pair.manager, reportRow: pair.report, seriesId, meetingId: meeting.id };
}

it('sets up a series from the form and shows the meeting to both, each in their language', async () => {
  const p = await setUp();
  const [m] = await meetingsOf(t.ctx, p.seriesId);
  expect(m.startsAt.toISOString()).toBe('2026-03-12T13:30:00.000Z'); // Thursday 14:30 Berlin
  const forManager = await p.manager.agent.get(`/one-on-ones/meetings/${p.meetingId}`);
  expect(forManager.status).toBe(200);
  expect(forManager.text).toContain('Your private note');
  expect(forManager.text).toContain('href="https://meet.example.com/abc"');
  expect(forManager.headers['cache-control']).toBe('no-store');
  expect(forManager.headers['referrer-policy']).toBe('no-referrer');
  // The report's language is Bahasa Indonesia.
  const forReport = await p.report.agent.get(`/one-on-ones/meetings/${p.meetingId}`);
  expect(forReport.status).toBe(200);
  expect(forReport.text).toContain('Catatan pribadi Anda');
  expect(forReport.text).toContain('Tambah topik pembicaraan');
  const overview = await p.report.agent.get('/one-on-ones');
  expect(overview.text).toContain(`/one-on-ones/series/${p.seriesId}`);
});

it('explains bad input next to its field and keeps what was typed', async () => {
  const p = await setUp();
  const bad = await p.manager.submit('/one-on-ones/series/' + p.seriesId, { cadence: 'monthly', weekday: '9', timeOfDay: '25:00', timeZone: 'Mars/Olympus', durationMinutes: '5', location: 'javascript:alert(1)', startDate: '2026-02-30', reminderHours: '7' }, `/one-on-ones/series/${p.seriesId}`);
  expect(bad.status).toBe(400);
  for (const message of ['Choose a weekday', 'Enter a time as HH:MM', 'Choose a time zone from the list', 'A meeting lasts 15 to 240 minutes', 'Enter a room or a link starting with https://', 'Enter a date as YYYY-MM-DD', 'Choose when the reminder goes out']) {
    expect(bad.text).toContain(message);
  }
  expect(bad.text).toContain('value="25:00"');
  // In the report's language too.
  const inIndonesian = await p.report.submit(`/one-on-ones/meetings/${p.meetingId}/agenda`, { text: '' }, `/one-on-ones/meetings/${p.meetingId}`);
  expect(inIndonesian.text).toContain('Tulis sesuatu dulu');
  const empty = await p.manager.submit(`/one-on-ones/meetings/${p.meetingId}/agenda`, { text: '   ' }, `/one-on-ones/meetings/${p.meetingId}`);
  expect(empty.status).toBe(400);
  expect(empty.text).toContain('Write something first');
  const long = 'x'.repeat(501);
  const tooLong = await p.manager.submit(`/one-on-ones/meetings/${p.meetingId}/actions`, { text: long, ownerId: p.reportRow.id, dueDate: '' }, `/one-on-ones/meetings/${p.meetingId}`);
  expect(tooLong.status).toBe(400);
  expect(tooLong.text).toContain(long);
  const stranger = await p.manager.submit(`/one-on-ones/meetings/${p.meetingId}/actions`, { text: 'Mine', ownerId: adminId, dueDate: '' }, `/one-on-ones/meetings/${p.meetingId}`);
  expect(stranger.status).toBe(400);
  expect(stranger.text).toContain('The owner is one of the two of you');
  const past = await p.manager.submit(`/one-on-ones/meetings/${p.meetingId}/move`, { date: '2026-03-01', time: '10:00' }, `/one-on-ones/meetings/${p.meetingId}`);
  expect(past.status).toBe(400);
  expect(past.text).toContain('Choose a time that has not passed yet');
});

it('two people saving the shared notes at once: the second is told and keeps their text', async () => {
  const p = await setUp();
  const a = await p.manager.submit(`/one-on-ones/meetings/${p.meetingId}/notes`, { text: 'Manager wrote this', version: '0' }, `/one-on-ones/meetings/${p.meetingId}`);
  expect(a.status).toBe(303);
  const b = await p.report.submit(`/one-on-ones/meetings/${p.meetingId}/notes`, { text: 'Report wrote that', version: '0' }, `/one-on-ones/meetings/${p.meetingId}`);
  expect(b.status).toBe(409);
  expect(b.text).toContain('Report wrote that');
  expect(b.text).toContain('Manager wrote this');
  expect(b.text).toContain('name="version" value="1"');
  const c = await p.report.submit(`/one-on-ones/meetings/${p.meetingId}/notes`, { text: 'Manager wrote this\nReport wrote that', version: '1' }, `/one-on-ones/meetings/${p.meetingId}`);
  expect(c.status).toBe(303);
});

it('HR reads cadence health per department and team; the mailbox shows the invitation', async () => {
  const p = await setUp();
  clock.set('2026-03-12T15:00:00Z');
  await runOneOnOneTick(t.ctx); // the first meeting passed: taken as held
  await drainOutbox(t.ctx, t.ctx.mail, { ratePerSecond: 1000 });
  const hr = await sessionBrowser(t.ctx, t.app, adminId);
  const health = await hr.agent.get('/admin/one-on-ones');
  expect(health.status).toBe(200);
  expect(health.text).toContain(p.team.name);
  expect(health.text).not.toContain(p.managerRow.name);
  expect(health.text).not.toContain(p.reportRow.name);
  const list = await hr.agent.get('/admin/mailbox');
  const id = new RegExp(`href="/admin/mailbox/([0-9a-f-]{36})"`).exec(list.text)![1];
  const message = await hr.agent.get(`/admin/mailbox/${id}`);
  expect(message.text).toContain('BEGIN:VCALENDAR');
  const ics = await hr.agent.get(`/admin/mailbox/${id}/invite.ics`);
  expect(ics.headers['content-type']).toMatch(/^text\/calendar; charset=utf-8; method=(REQUEST|CANCEL)/);
  expect(ics.text).toMatch(/^BEGIN:VCALENDAR\r\n/);
  clock.set('2026-03-10T12:00:00Z');
});
