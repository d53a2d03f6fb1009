/** HR closes an open round early (after a confirmation page) or extends its window; nobody is told anything new. */
import request from 'supertest';
import { fixedClock, startTestApp, type Browser, type TestApp } from '../helpers/test-app';
import { signedInBrowser, TEST_PASSWORD } from '../helpers/sign-in';
import { buildEmployee, buildOrg } from '../factories';
import { openTestRound } from './round-helpers';
import { sendDueReminders } from '../../server/domain/rounds/reminders.service';
import { closeDueRounds } from '../../server/domain/rounds/close-rounds.service';
import { drainOutbox } from '../../server/domain/email/sender.service';

// Monday 09:00 UTC; a five-day window closes on Saturday 09:00, reminders on Wednesday 01:00 and Thursday 17:00.
const clock = fixedClock('2026-03-02T09:00:00Z');
let t: TestApp;
let hr: Browser;
let roundId: string;
let link: string;
const DAY = 86_400_000;

beforeEach(async () => {
  clock.set('2026-03-02T09:00:00Z');
  t = await startTestApp({ clock });
  const { admin } = await buildOrg(t.ctx.db);
  for (let i = 0; i < 5; i++) await buildEmployee(t.ctx.db);
  const person = await buildEmployee(t.ctx.db, { email: 'emp@example.com', password: TEST_PASSWORD });
  const round = await openTestRound(t.ctx, { windowDays: 5, reminderCount: 2 });
  roundId = round.roundId;
  link = round.links.get(person.id)!;
  await drainOutbox(t.ctx, t.ctx.mail);
  hr = await signedInBrowser(t.app, admin.email);
});
afterEach(() => t.close());

const round = () => t.ctx.db.round.findUniqueOrThrow({ where: { id: roundId } });
const outboxCount = () => t.ctx.db.outboxEmail.count();

describe('closing a round early', () => {
  it('asks first, then closes: links stop working, nothing new is sent, and results follow the usual release', async () => {
    const page = await hr.agent.get(`/admin/rounds/${roundId}`);
    expect(page.text).toContain(`href="/admin/rounds/${roundId}/close"`);
    const confirm = await hr.agent.get(`/admin/rounds/${roundId}/close`);
    expect(confirm.status).toBe(200);
    expect(confirm.text).toContain('7 Mar 2026, 09:00 UTC');
    expect(confirm.text).toContain('Yes, close it now');
    expect((await round()).status).toBe('open');

    const emailsBefore = await outboxCount();
    clock.advance(DAY);
    const res = await hr.submit(`/admin/rounds/${roundId}/close`, {}, `/admin/rounds/${roundId}/close`);
    expect(res.status).toBe(303);
    expect(await round()).toMatchObject({ status: 'closed', closedAt: new Date('2026-03-03T09:00:00Z') });
    expect(await t.ctx.db.auditEvent.findMany({ where: { action: 'round.close' }, select: { targetId: true, actorId: true } })).toEqual([
      { targetId: roundId, actorId: expect.any(String) },
    ]);
    expect(await outboxCount()).toBe(emailsBefore);
    expect((await request(t.app).get(link)).text).toContain('closed');
    // The reminders it would have had never come.
    clock.set('2026-03-04T01:00:30Z');
    expect(await sendDueReminders(t.ctx)).toEqual([]);
    // Released by the close job once settled, as any closed round.
    await closeDueRounds(t.ctx);
    expect((await round()).releasedAt).not.toBeNull();
    // Closing twice is refused, not an error page.
    expect((await hr.submit(`/admin/rounds/${roundId}/close`, {}, `/admin/rounds/${roundId}`)).status).toBe(409);
  });

  it('is for HR only', async () => {
    const employee = await signedInBrowser(t.app, 'emp@example.com');
    expect((await employee.agent.get(`/admin/rounds/${roundId}/close`)).status).toBe(403);
    expect((await employee.submit(`/admin/rounds/${roundId}/close`, {}, '/')).status).toBe(403);
    expect((await round()).status).toBe('open');
  });
});

describe('extending a round', () => {
  it('moves the close, keeps links working and sends nothing; the reminders left follow the new window', async () => {
    // The first reminder goes out on Wednesday 01:00 as planned.
    clock.set('2026-03-04T01:00:30Z');
    expect(await sendDueReminders(t.ctx)).toHaveLength(1);
    const emailsBefore = await outboxCount();
    const res = await hr.submit(`/admin/rounds/${roundId}/extend`, { days: '3' }, `/admin/rounds/${roundId}/extend`);
    expect(res.status).toBe(303);
    expect((await round()).closesAt.toISOString()).toBe('2026-03-10T09:00:00.000Z');
    expect(await outboxCount()).toBe(emailsBefore);
    expect(await t.ctx.db.auditEvent.count({ where: { action: 'round.extend', targetId: roundId } })).toBe(1);

    // Thursday 17:00 was the old second reminder: no longer due. The new window (8 days) puts it at
    // Saturday 7 March 17:00, which moves to Monday 9 March 17:00.
    clock.set('2026-03-05T17:00:30Z');
    expect(await sendDueReminders(t.ctx)).toEqual([]);
    clock.set('2026-03-07T09:00:30Z');
    await closeDueRounds(t.ctx);
    expect((await round()).status).toBe('open');
    expect((await request(t.app).get(link)).text).toContain('10 Mar 2026, 09:00 UTC');
    clock.set('2026-03-09T17:00:30Z');
    expect(await sendDueReminders(t.ctx)).toEqual([expect.objectContaining({ roundId, reminder: 1 })]);
    clock.set('2026-03-10T09:00:30Z');
    expect(await closeDueRounds(t.ctx)).toEqual([roundId]);
  });

  it('names the field when the number of days is out of range, in the reader’s language', async () => {
    const res = await hr.submit(`/admin/rounds/${roundId}/extend`, { days: '30' }, `/admin/rounds/${roundId}/extend`);
    expect(res.status).toBe(400);
    expect(res.text).toContain('id="days-error"');
    expect(res.text).toContain('Choose 1 to 14 days');
    await t.ctx.db.employee.updateMany({ where: { role: 'hr_admin' }, data: { locale: 'id' } });
    const id = await hr.submit(`/admin/rounds/${roundId}/extend`, { days: 'x' }, `/admin/rounds/${roundId}/extend`);
    expect(id.status).toBe(400);
    expect(id.text).toContain('Pilih 1 sampai 14 hari');
    expect((await round()).closesAt.toISOString()).toBe('2026-03-07T09:00:00.000Z');
  });

  it('refuses a round that has closed', async () => {
    clock.set('2026-03-07T09:00:30Z');
    await closeDueRounds(t.ctx);
    expect((await hr.agent.get(`/admin/rounds/${roundId}/extend`)).status).toBe(409);
    expect((await hr.submit(`/admin/rounds/${roundId}/extend`, { days: '2' }, `/admin/rounds/${roundId}`)).status).toBe(409);
    expect((await hr.agent.get(`/admin/rounds/${roundId}`)).text).not.toContain('/extend"');
  });
});
