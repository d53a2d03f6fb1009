/**
 * Issue 10, hole 7: setup took any text as the time zone (`Mars/Olympus_Mons`), which then gave 500s on several
 * pages, and the reminders job stopped at the first failing round, for every round. Every place a zone enters
 * is tried with a zone that does not exist; a zone stored before this check renders as UTC; and a job with one
 * failing round still serves the others.
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import request from 'supertest';
import { Browser, fixedClock, startTestApp, type TestApp } from '../helpers/test-app';
import { signedInBrowser, TEST_PASSWORD } from '../helpers/sign-in';
import { buildEmployee, buildOrg } from '../factories';
import { buildApiToken } from '../factories/org';
import { buildSurvey } from '../factories/surveys';
import { openTestRound } from '../rounds/round-helpers';
import { sendDueReminders } from '../../server/domain/rounds/reminders.service';
import { closeDueRounds } from '../../server/domain/rounds/close-rounds.service';
import { drainOutbox } from '../../server/domain/email/sender.service';
import { forEachIsolated } from '../../server/domain/shared/isolated';

const MARS = 'Mars/Olympus_Mons';
const clock = fixedClock('2026-03-02T09:00:00Z');
let t: TestApp;
beforeEach(async () => {
  clock.set('2026-03-02T09:00:00Z');
  t = await startTestApp({ clock });
});
afterEach(() => t.close());

describe('a zone that does not exist', () => {
  it('is refused at setup, with the field named', async () => {
    const b = new Browser(t.app);
    const res = await b.submit('/setup', { companyName: 'Acme', name: 'Hana', email: 'hana@acme.test', password: 'a long enough password', timeZone: MARS });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Use a time zone name such as Asia/Jakarta');
    expect(await t.ctx.db.employee.count()).toBe(0);
  });

  it('is refused by the employee form, the CSV import, the API (POST, PATCH, bulk) and the schedule form', async () => {
    const { admin } = await buildOrg(t.ctx.db, { adminPassword: TEST_PASSWORD });
    const hr = await signedInBrowser(t.app, admin.email);
    const person = await buildEmployee(t.ctx.db, { email: 'zoned@acme.test' });
    const form = await hr.submit('/admin/employees', { name: 'New', email: 'new@acme.test', role: 'employee', locale: 'en', timeZone: MARS }, '/admin/employees/new');
    expect(form.status).toBe(400);
    const csv = await hr.submit('/admin/employees/import', { csv: `email,name,time_zone\nnew@acme.test,New,${MARS}\n` }, '/admin/employees/import');
    expect(csv.status).toBe(400);
    expect(csv.text).toContain('Use a time zone name');
    const { token } = await buildApiToken(t.ctx, admin.id);
    const api = (method: 'post' | 'patch', path: string, body: object) => request(t.app)[method](path).set('Authorization', `Bearer ${token}`).send(body);
    expect((await api('post', '/api/v1/employees', { email: 'new@acme.test', name: 'New', timeZone: MARS })).status).toBe(400);
    expect((await api('patch', `/api/v1/employees/${person.id}`, { timeZone: MARS })).status).toBe(400);
    expect((await api('post', '/api/v1/employees/bulk', { employees: [{ email: 'new@acme.test', name: 'New', timeZone: MARS }] })).status).toBe(400);
    const survey = await buildSurvey(t.ctx.db);
    const schedule = await hr.submit(`/admin/surveys/${survey.id}/schedule`, { frequency: 'weekly', weekday: '1', timeOfDay: '09:00', timeZone: MARS, startDate: '2026-03-02', audience: 'company' });
    expect(schedule.status).toBe(400);
    expect(await t.ctx.db.employee.count({ where: { timeZone: MARS } })).toBe(0);
    expect(await t.ctx.db.schedule.count()).toBe(0);
  });
});

describe('a zone stored before zones were checked', () => {
  it('renders in UTC: no page, email or job fails', async () => {
    const { admin } = await buildOrg(t.ctx.db, { adminPassword: TEST_PASSWORD });
    await t.ctx.db.orgSettings.update({ where: { id: 1 }, data: { defaultTimeZone: MARS } });
    await t.ctx.db.employee.update({ where: { id: admin.id }, data: { timeZone: MARS } });
    const martian = await buildEmployee(t.ctx.db, { email: 'martian@acme.test' });
    await t.ctx.db.employee.update({ where: { id: martian.id }, data: { timeZone: MARS } });
    const hr = await signedInBrowser(t.app, admin.email);
    const survey = await buildSurvey(t.ctx.db);
    const { roundId } = await openTestRound(t.ctx, { reminderCount: 1 });
    const bad: string[] = [];
    for (const path of ['/', '/admin/surveys', `/admin/surveys/${survey.id}`, `/admin/surveys/${survey.id}/schedule`, `/admin/rounds/${roundId}`, '/results', `/admin/employees/${martian.id}`, '/admin/employees']) {
      const res = await hr.agent.get(path);
      if (res.status !== 200) bad.push(`${path}: ${res.status}`);
    }
    expect(bad).toEqual([]);
    // The invitation to the person whose zone is Mars renders and goes out (in UTC).
    const sent = await drainOutbox(t.ctx, t.ctx.mail);
    expect(sent.failed).toBe(0);
    expect(await t.ctx.db.mailboxMessage.count({ where: { toAddress: martian.email } })).toBe(1);
    clock.set('2026-03-05T09:00:00Z');
    expect((await sendDueReminders(t.ctx)).map((r) => r.roundId)).toEqual([roundId]);
  });
});

describe('a job with one failing item', () => {
  function capture(ctx: TestApp['ctx']) {
    const lines: string[] = [];
    const logger = pino({ level: 'error' }, new Writable({ write: (c: Buffer, _e, done) => (lines.push(c.toString()), done()) }));
    return { ctx: { ...ctx, logger }, log: () => lines.join('') };
  }

  it('reminders: a round that cannot be served is logged, and every other round still gets its reminder', async () => {
    await buildOrg(t.ctx.db);
    for (let i = 0; i < 3; i++) await buildEmployee(t.ctx.db);
    const broken = await openTestRound(t.ctx, { reminderCount: 1 });
    const fine = await openTestRound(t.ctx, { reminderCount: 1 });
    // A sealed link that no longer opens (a corrupt row): queueing this round's reminders throws.
    await t.ctx.db.invitation.updateMany({ where: { roundId: broken.roundId }, data: { tokenCipher: 'not-a-sealed-token' } });
    const { ctx, log } = capture(t.ctx);
    clock.set('2026-03-05T09:00:00Z');
    const sent = await sendDueReminders(ctx);
    expect(sent.map((s) => s.roundId)).toEqual([fine.roundId]);
    expect(log()).toContain(broken.roundId);
    expect(await t.ctx.db.outboxEmail.count({ where: { roundId: fine.roundId, template: 'survey-reminder' } })).toBe(4);
    // The failed round was not marked as reminded: the next tick tries it again.
    expect((await t.ctx.db.round.findUniqueOrThrow({ where: { id: broken.roundId } })).remindersDone).toBe(0);
  });

  it('closing: every due round closes even when one fails', async () => {
    await buildOrg(t.ctx.db);
    await buildEmployee(t.ctx.db);
    const a = await openTestRound(t.ctx);
    const b = await openTestRound(t.ctx);
    const { ctx, log } = capture(t.ctx);
    const flaky = failFirst(ctx.db.$transaction.bind(ctx.db));
    const failing = { ...ctx, db: new Proxy(ctx.db, { get: (db, p) => (p === '$transaction' ? flaky : Reflect.get(db, p)) }) };
    clock.set('2026-03-08T09:00:00Z');
    const closed = await closeDueRounds(failing);
    expect(closed).toHaveLength(1);
    expect(log()).toContain('close-rounds');
    expect(await t.ctx.db.round.count({ where: { id: { in: [a.roundId, b.roundId] }, status: 'closed' } })).toBe(1);
    expect(await closeDueRounds(t.ctx)).toHaveLength(1);
  });

  it('forEachIsolated runs every item and counts the failures', async () => {
    const { ctx } = capture(t.ctx);
    const done: number[] = [];
    const failed = await forEachIsolated(ctx.logger, 'test', [1, 2, 3, 4], (n) => ({ n }), async (n) => {
      if (n % 2) throw new Error(`item ${n}`);
      done.push(n);
    });
    expect({ failed, done }).toEqual({ failed: 2, done: [2, 4] });
  });
});

/** `$transaction` that throws on its first call only (a transient failure on one item). */
function failFirst<F extends (...args: never[]) => unknown>(fn: F): F {
  let calls = 0;
  return ((...args: never[]) => (calls++ === 0 ? Promise.reject(new Error('database went away for a moment')) : fn(...args))) as F;
}
