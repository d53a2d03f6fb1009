/**
 * A report who moves to another manager: whether the directory changes through the CSV import, the API or the
 * admin form, the old series ends (CANCEL to both calendars), its history stays readable by those two people
 * and nobody else, and the new manager starts a fresh series. Changes that keep the manager end nothing.
 */
import { Browser, fixedClock, startTestApp, type TestApp } from '../helpers/test-app';
import { signedInBrowser, TEST_PASSWORD } from '../helpers/sign-in';
import { buildApiToken } from '../factories/org';
import { buildOrg } from '../factories';
import { buildPair, buildPerson, buildSeries, meetingsOf } from '../factories/one-on-ones';
import { applyUpsert } from '../../server/domain/org/employee-upsert.service';
import { pairHistory } from '../../server/domain/one-on-ones/history.service';
import { addAgendaItem } from '../../server/domain/one-on-ones/agenda.service';
import { NotFoundError } from '../../server/errors';
import { deactivateEmployee } from '../../server/domain/org/employees.service';
import request from 'supertest';

const clock = fixedClock('2026-03-10T12:00:00Z');
let t: TestApp;
let admin: { id: string; email: string };
beforeAll(async () => {
  t = await startTestApp({ clock });
  admin = (await buildOrg(t.ctx.db, { adminPassword: TEST_PASSWORD })).admin;
});
afterAll(() => t.close());

async function expectEndedByMove(seriesId: string, oldManagerId: string, reportId: string, newManagerId: string) {
  const s = await t.ctx.db.oneOnOneSeries.findUniqueOrThrow({ where: { id: seriesId } });
  expect([s.status, s.endedReason]).toEqual(['ended', 'manager_changed']);
  expect((await meetingsOf(t.ctx, seriesId)).map((m) => m.status)).toEqual(['cancelled']);
  const cancels = await t.ctx.db.outboxEmail.findMany({ where: { template: 'one-on-one-cancel', dedupeKey: { startsWith: `1on1:${seriesId}:` } } });
  expect(cancels).toHaveLength(2);
  for (const c of cancels) expect(JSON.parse(c.data).calendar).toMatchObject({ method: 'CANCEL', uid: `${seriesId}@pulse.test`, sequence: s.sequence });
  // The two of them still read their history; the new manager does not.
  for (const who of [oldManagerId, reportId]) expect((await pairHistory(t.ctx, who, seriesId, { page: 1 })).meetings).toHaveLength(1);
  await expect(pairHistory(t.ctx, newManagerId, seriesId, { page: 1 })).rejects.toBeInstanceOf(NotFoundError);
  // The new manager starts fresh.
  const fresh = await buildSeries(t.ctx, newManagerId, reportId);
  expect(fresh.id).not.toBe(seriesId);
  expect(await t.ctx.db.oneOnOneAgendaItem.count({ where: { seriesId: fresh.id } })).toBe(0);
}

it('through the CSV import path (applyUpsert)', async () => {
  const { manager, report } = await buildPair(t.ctx);
  const newManager = await buildPerson(t.ctx, { role: 'manager' });
  const s = await buildSeries(t.ctx, manager.id, report.id);
  const [m] = await meetingsOf(t.ctx, s.id);
  await addAgendaItem(t.ctx, report.id, m.id, 'Career path');
  await applyUpsert(t.ctx, [{ ref: ['line', 2], data: { email: report.email, name: report.name, managerEmail: newManager.email } }]);
  await expectEndedByMove(s.id, manager.id, report.id, newManager.id);
  expect(await t.ctx.db.oneOnOneAgendaItem.count({ where: { seriesId: s.id } })).toBe(1);
});

it('through the API (PATCH /api/v1/employees/:id)', async () => {
  const { manager, report } = await buildPair(t.ctx);
  const newManager = await buildPerson(t.ctx, { role: 'manager' });
  const s = await buildSeries(t.ctx, manager.id, report.id);
  const { token } = await buildApiToken(t.ctx, admin.id);
  const res = await request(t.app).patch(`/api/v1/employees/${report.id}`).set('Authorization', `Bearer ${token}`).send({ managerEmail: newManager.email });
  expect(res.status).toBe(200);
  await expectEndedByMove(s.id, manager.id, report.id, newManager.id);
});

it('through the admin form', async () => {
  const { manager, report } = await buildPair(t.ctx);
  const newManager = await buildPerson(t.ctx, { role: 'manager' });
  const s = await buildSeries(t.ctx, manager.id, report.id);
  const hr: Browser = await signedInBrowser(t.app, admin.email);
  const res = await hr.submit(`/admin/employees/${report.id}`, { name: report.name, email: report.email, role: 'employee', locale: 'en', timeZone: 'UTC', managerEmail: newManager.email }, `/admin/employees/${report.id}`);
  expect(res.status).toBe(303);
  await expectEndedByMove(s.id, manager.id, report.id, newManager.id);
});

it('ends nothing when the manager stays (a rename, a new team)', async () => {
  const { manager, report } = await buildPair(t.ctx);
  const s = await buildSeries(t.ctx, manager.id, report.id);
  await applyUpsert(t.ctx, [{ ref: ['line', 2], data: { email: report.email, name: 'Renamed Person', department: 'Sales', team: 'New team', managerEmail: manager.email } }]);
  expect((await t.ctx.db.oneOnOneSeries.findUniqueOrThrow({ where: { id: s.id } })).status).toBe('active');
});

it('ends the series when the report is left without a manager', async () => {
  const { manager, report } = await buildPair(t.ctx);
  const s = await buildSeries(t.ctx, manager.id, report.id);
  await applyUpsert(t.ctx, [{ ref: ['line', 2], data: { email: report.email, name: report.name, managerEmail: '' } }]);
  expect((await t.ctx.db.oneOnOneSeries.findUniqueOrThrow({ where: { id: s.id } })).endedReason).toBe('manager_changed');
});

it('ends the series of people who leave, through the deactivate button or a CSV row with active=false', async () => {
  const first = await buildPair(t.ctx);
  const second = await buildPair(t.ctx);
  const s1 = await buildSeries(t.ctx, first.manager.id, first.report.id);
  const s2 = await buildSeries(t.ctx, second.manager.id, second.report.id);
  await deactivateEmployee(t.ctx, first.report.id, admin.id);
  await applyUpsert(t.ctx, [{ ref: ['line', 2], data: { email: second.manager.email, name: second.manager.name, active: 'false' } }]);
  for (const [id, stays] of [[s1.id, first.manager.email], [s2.id, second.report.email]] as const) {
    const s = await t.ctx.db.oneOnOneSeries.findUniqueOrThrow({ where: { id } });
    expect([s.status, s.endedReason]).toEqual(['ended', 'person_left']);
    // Only the one who stays is told (no email to a leaver).
    const cancels = await t.ctx.db.outboxEmail.findMany({ where: { template: 'one-on-one-cancel', dedupeKey: { startsWith: `1on1:${id}:` } } });
    expect(cancels.map((c) => c.toAddress)).toEqual([stays]);
  }
});
