/**
 * Issue 15: the audit log of admin actions. Each HR action, done through its page as HR does it, writes one
 * event naming who, what and when, in the action's transaction; the log page and its CSV are HR's only; and no
 * event holds answer content, a private 1:1 note or a KPI target's goal text (a marker string is searched for).
 */
import request from 'supertest';
import { startTestApp, type Browser, type TestApp } from '../helpers/test-app';
import { signedInBrowser, TEST_PASSWORD } from '../helpers/sign-in';
import { buildEmployee, buildOrg, buildTeam } from '../factories';
import { addResponses, buildRound, same } from '../factories/results';
import { enableKpis } from '../factories/kpis';
import { buildSeries, meetingsOf } from '../factories/one-on-ones';
import { withAuditActor } from '../../server/domain/audit/actor';
import { audit } from '../../server/domain/audit/audit.service';
import { applyUpsert } from '../../server/domain/org/employee-upsert.service';
import { saveKpiSettings, getKpiSettings } from '../../server/domain/kpis/kpi-settings.service';

const MARKER = 'SECRET-MARKER-7f3a';

let t: TestApp;
let hr: Browser;
let adminId: string;
let adminName: string;
beforeAll(async () => {
  t = await startTestApp();
  const { admin } = await buildOrg(t.ctx.db);
  adminId = admin.id;
  adminName = admin.name;
  hr = await signedInBrowser(t.app, admin.email);
});
afterAll(() => t.close());

async function eventsOf(action: string) {
  return t.ctx.db.auditEvent.findMany({ where: { action }, orderBy: { at: 'asc' } });
}
const csrfFrom = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1];

describe('each admin action writes one event, by the signed-in HR admin', () => {
  it('people: create, edit with a role change, deactivate, reactivate; departments and teams', async () => {
    const team = await buildTeam(t.ctx.db);
    const created = await hr.submit('/admin/employees', { name: 'Rina Audit', email: 'rina.audit@acme.test', teamId: team.id, role: 'employee', locale: 'en', timeZone: 'UTC' }, '/admin/employees/new');
    expect(created.status).toBe(303);
    const id = /\/admin\/employees\/([^?]+)/.exec(created.headers.location)![1];
    const edited = await hr.submit(`/admin/employees/${id}`, { name: 'Rina Audit', email: 'rina.audit@acme.test', teamId: team.id, role: 'manager', locale: 'id', timeZone: 'UTC' }, `/admin/employees/${id}`);
    expect(edited.status).toBe(303);
    expect((await hr.submit(`/admin/employees/${id}/deactivate`, {}, `/admin/employees/${id}`)).status).toBe(303);
    expect((await hr.submit(`/admin/employees/${id}/reactivate`, {}, `/admin/employees/${id}`)).status).toBe(303);
    expect((await hr.submit('/admin/departments', { name: 'Audit Dept' }, '/admin/departments')).status).toBe(303);

    const [create] = await eventsOf('employee.create');
    expect(create).toMatchObject({ actorId: adminId, actorName: adminName, via: 'web', targetKind: 'employee', targetId: id });
    expect(JSON.parse(create.detail)).toEqual({ name: 'Rina Audit', role: 'employee' });
    const [update] = await eventsOf('employee.update');
    expect(JSON.parse(update.detail).fields).toEqual(['role', 'locale']);
    const [role] = await eventsOf('employee.role_change');
    expect(JSON.parse(role.detail)).toMatchObject({ from: 'employee', to: 'manager' });
    expect(await eventsOf('employee.deactivate')).toHaveLength(1);
    expect(await eventsOf('employee.reactivate')).toHaveLength(1);
    expect((await eventsOf('department.create'))[0].actorId).toBe(adminId);
    // Reactivating someone already active changes nothing and logs nothing.
    await hr.submit(`/admin/employees/${id}/reactivate`, {}, `/admin/employees/${id}`);
    expect(await eventsOf('employee.reactivate')).toHaveLength(1);
  });

  it('a large import is one summary event with its counts', async () => {
    const rows = Array.from({ length: 25 }, (_, i) => ({ ref: ['line', i + 2], data: { email: `bulk${i}@acme.test`, name: `Bulk ${i}` } }));
    await withAuditActor(() => ({ id: adminId, name: adminName, via: 'web' }), () => applyUpsert(t.ctx, rows));
    const events = await eventsOf('employee.import');
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0].detail)).toEqual({ created: 25, updated: 0, unchanged: 0 });
  });

  it('API tokens: create and revoke', async () => {
    const page = await hr.submit('/admin/api-tokens', { name: 'HRIS' }, '/admin/api-tokens');
    expect(page.status).toBe(200);
    const token = await t.ctx.db.apiToken.findFirstOrThrow({ where: { name: 'HRIS' } });
    expect((await hr.submit(`/admin/api-tokens/${token.id}/revoke`, {}, '/admin/api-tokens')).status).toBe(303);
    const [created] = await eventsOf('api_token.create');
    expect(created).toMatchObject({ actorId: adminId, targetId: token.id });
    // The token itself is never in the log, only its visible prefix.
    expect(created.detail).toContain(token.prefix);
    expect(page.text).toMatch(/value="(pulse_[^"]+)"/);
    expect(created.detail).not.toContain(/value="(pulse_[^"]+)"/.exec(page.text)![1]);
    expect(await eventsOf('api_token.revoke')).toHaveLength(1);
  });

  it('surveys, schedules, send now, results settings', async () => {
    const fields = { title: 'Audit pulse', intro: '', 'q[0][kind]': 'rating', 'q[0][text]': 'I know what is expected of me', 'q[0][textId]': '', 'q[0][options]': '', 'q[0][enpsScale]': '1-10', 'q[0][required]': '1' };
    const created = await hr.submit('/admin/surveys', fields, '/admin/surveys/new');
    expect(created.status).toBe(303);
    const id = /\/admin\/surveys\/([^?]+)\?saved=1/.exec(created.headers.location)![1];
    expect((await hr.submit(`/admin/surveys/${id}`, { ...fields, title: 'Audit pulse v2' }, `/admin/surveys/${id}`)).status).toBe(303);
    const schedule = { frequency: 'weekly', weekday: '1', dayOfMonth: '', timeOfDay: '09:00', timeZone: 'UTC', windowDays: '5', reminderCount: '2', startDate: '2026-03-01', endDate: '', audience: 'company', version: '' };
    expect((await hr.submit(`/admin/surveys/${id}/schedule`, schedule, `/admin/surveys/${id}/schedule`)).status).toBe(303);
    expect((await hr.submit(`/admin/surveys/${id}/schedule/pause`, {}, `/admin/surveys/${id}/schedule`)).status).toBe(303);
    expect((await hr.submit(`/admin/surveys/${id}/schedule/resume`, {}, `/admin/surveys/${id}/schedule`)).status).toBe(303);
    await buildEmployee(t.ctx.db);
    const sent = await hr.submit(`/admin/surveys/${id}/send-now`, { sendKey: crypto.randomUUID() }, `/admin/surveys/${id}/schedule`);
    expect(sent.status).toBe(303);
    expect((await hr.submit('/admin/results/settings', { minGroupSize: '6', minCommentGroupSize: '8' }, '/admin/results/settings')).status).toBe(303);

    expect((await eventsOf('survey.create')).map((e) => e.targetId)).toEqual([id]);
    expect(JSON.parse((await eventsOf('survey.update'))[0].detail)).toMatchObject({ title: 'Audit pulse v2', questions: 1 });
    expect(await eventsOf('schedule.save')).toHaveLength(1);
    expect(await eventsOf('schedule.pause')).toHaveLength(1);
    expect(await eventsOf('schedule.resume')).toHaveLength(1);
    const [now] = await eventsOf('schedule.send_now');
    expect(sent.headers.location).toBe(`/admin/rounds/${now.targetId}`);
    expect(JSON.parse((await eventsOf('results.settings'))[0].detail)).toEqual({ minGroupSize: 6, minCommentGroupSize: 8 });
    for (const action of ['survey.create', 'schedule.save', 'schedule.send_now', 'results.settings']) expect((await eventsOf(action))[0].actorId).toBe(adminId);
  });

  it('KPIs: catalogue, settings, targets (never the goal text)', async () => {
    const [kpi] = await enableKpis(t.ctx, ['revenue']);
    const person = await buildEmployee(t.ctx.db);
    const res = await hr.submit('/kpis/targets', { kpi: 'revenue', owner: `person:${person.id}`, period: '2026-04', value: '1000', goal: `Grow the Java accounts ${MARKER}`, repeat: '2' }, `/kpis/targets/new?owner=person:${person.id}`);
    expect(res.status).toBe(303);
    const settings = await getKpiSettings(t.ctx);
    await withAuditActor(() => ({ id: adminId, name: adminName, via: 'web' }), () =>
      saveKpiSettings(t.ctx, { currency: settings.currency, fiscalYearStartMonth: settings.fiscalYearStartMonth, onTrackPoints: settings.thresholds.onTrack, atRiskPoints: settings.thresholds.atRisk, leaderboard: !settings.leaderboard, defaultGrain: settings.defaultGrain }),
    );
    const definition = await eventsOf('kpi.definition');
    expect(definition.map((e) => e.targetId)).toContain('revenue');
    expect(kpi.key).toBe('revenue');
    const [target] = await eventsOf('kpi.target_save');
    expect(target).toMatchObject({ actorId: adminId, targetKind: 'person', targetId: person.id });
    expect(JSON.parse(target.detail)).toEqual({ kpi: 'revenue', period: '2026-04', periods: 2 });
    expect(JSON.parse((await eventsOf('kpi.settings'))[0].detail)).toEqual({ fields: ['leaderboard'] });
  });

  it('reading a mailbox message is logged', async () => {
    const message = await t.ctx.db.mailboxMessage.create({ data: { messageId: `<${crypto.randomUUID()}@pulse>`, template: 'login-link', toAddress: 'someone@acme.test', subject: 'Your sign-in link', html: '<p>x</p>', text: 'x' } });
    expect((await hr.agent.get(`/admin/mailbox/${message.id}`)).status).toBe(200);
    const [view] = await eventsOf('mailbox.view');
    expect(view).toMatchObject({ actorId: adminId, targetId: message.id });
    expect(JSON.parse(view.detail)).toEqual({ to: 'someone@acme.test', subject: 'Your sign-in link' });
  });

  it('an event is written in the action’s transaction: a failed action leaves no event', async () => {
    const before = await t.ctx.db.auditEvent.count();
    await expect(
      t.ctx.db.$transaction(async (tx) => {
        await audit(t.ctx, tx, { action: 'survey.create', targetKind: 'survey', targetId: 'x' });
        throw new Error('the action failed');
      }),
    ).rejects.toThrow('the action failed');
    expect(await t.ctx.db.auditEvent.count()).toBe(before);
  });
});

describe('the audit log page and export', () => {
  it('HR sees, filters and pages the log, in both languages, and downloads it as CSV', async () => {
    const page = await hr.agent.get('/admin/audit?lang=en');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Audit log');
    expect(page.text).toContain('API token revoked');
    const filtered = await hr.agent.get(`/admin/audit?action=api_token.create&actor=${adminId}`);
    expect(filtered.text).toContain('API token created');
    expect(filtered.text).not.toContain('<td>API token revoked</td>');
    const none = await hr.agent.get('/admin/audit?from=2001-01-01&to=2001-01-02');
    expect(none.text).toContain('No events match.');
    const bad = await hr.agent.get('/admin/audit?from=yesterday&action=drop.tables');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Enter a date as YYYY-MM-DD');
    expect(bad.text).toContain('Choose an action from the list');
    const id = await hr.agent.get('/admin/audit?lang=id&from=yesterday');
    expect(id.text).toContain('Log audit');
    expect(id.text).toContain('Masukkan tanggal sebagai TTTT-BB-HH');

    const total = await t.ctx.db.auditEvent.count();
    for (let i = 0; i < 55 - total; i++) await t.ctx.db.auditEvent.create({ data: { action: 'mailbox.view', actorId: adminId, actorName: adminName } });
    const first = await hr.agent.get('/admin/audit?lang=en');
    expect(first.text).toContain('Page 1 of 2');
    const second = await hr.agent.get('/admin/audit?page=2&lang=en');
    expect(second.text).toContain('Page 2 of 2');
    expect((await hr.agent.get('/admin/audit?page=0')).status).toBe(400);

    const csv = await hr.agent.get('/admin/audit/export.csv?action=employee.role_change');
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe('at,actor_id,actor_name,via,action,target_kind,target_id,detail');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('employee.role_change');
  });

  it('is HR only: 403 for a manager and an employee, sign-in for the signed out', async () => {
    const manager = await buildEmployee(t.ctx.db, { role: 'manager', password: TEST_PASSWORD });
    const employee = await buildEmployee(t.ctx.db, { password: TEST_PASSWORD });
    for (const person of [manager, employee]) {
      const b = await signedInBrowser(t.app, person.email);
      expect((await b.agent.get('/admin/audit')).status).toBe(403);
      expect((await b.agent.get('/admin/audit/export.csv')).status).toBe(403);
    }
    expect((await request(t.app).get('/admin/audit')).status).toBe(303);
    expect((await request(t.app).get('/admin/audit/export.csv').set('Accept', 'text/csv')).status).toBe(401);
  });

  it('no event holds answer content, a private 1:1 note or a target goal', async () => {
    // A private note and shared notes with the marker, written by the people of a 1:1 series; HR then
    // deactivates the report (which ends the series) and everything above was logged.
    const manager = await buildEmployee(t.ctx.db, { role: 'manager', password: TEST_PASSWORD });
    const report = await buildEmployee(t.ctx.db, { managerId: manager.id });
    const series = await buildSeries(t.ctx, manager.id, report.id);
    const [meeting] = await meetingsOf(t.ctx, series.id);
    const m = await signedInBrowser(t.app, manager.email);
    const page = await m.agent.get(`/one-on-ones/meetings/${meeting.id}`);
    const csrf = csrfFrom(page.text);
    await m.agent.post(`/one-on-ones/meetings/${meeting.id}/private-note`).type('form').send({ _csrf: csrf, text: `private ${MARKER}`, body: `private ${MARKER}` });
    await m.agent.post(`/one-on-ones/meetings/${meeting.id}/agenda`).type('form').send({ _csrf: csrf, text: `agenda ${MARKER}` });
    expect(await t.ctx.db.oneOnOnePrivateNote.count({ where: { meetingId: meeting.id } })).toBe(1);
    expect((await hr.submit(`/admin/employees/${report.id}/deactivate`, {}, `/admin/employees/${report.id}`)).status).toBe(303);
    // Answers with the marker in a closed round, which HR then publishes and withdraws.
    const round = await buildRound(t.ctx.db, { status: 'closed', questions: [{ kind: 'rating' }, { kind: 'comment' }] });
    await addResponses(t.ctx.db, round, {}, same(6, [4, `answer ${MARKER}`]));
    expect((await hr.submit(`/results/rounds/${round.id}/publish`, {}, `/results/rounds/${round.id}`)).status).toBe(303);
    expect((await hr.submit(`/results/rounds/${round.id}/unpublish`, {}, `/results/rounds/${round.id}`)).status).toBe(303);
    expect((await eventsOf('round.publish')).map((e) => e.targetId)).toEqual([round.id]);
    expect(await eventsOf('round.unpublish')).toHaveLength(1);
    const all = await t.ctx.db.auditEvent.findMany();
    expect(all.length).toBeGreaterThan(20);
    for (const e of all) expect(JSON.stringify(e)).not.toContain(MARKER);
    const csv = await hr.agent.get('/admin/audit/export.csv');
    expect(csv.text).not.toContain(MARKER);
  });
});
