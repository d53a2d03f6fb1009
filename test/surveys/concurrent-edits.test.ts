/**
 * Issue 10, holes 6 and 15, played as the people who got hurt. Ten parallel first saves of one schedule stored
 * three, which kept opening rounds; two quick clicks on "Send now" opened two rounds and emailed everyone twice;
 * two HR editors saving from stale copies lost one another's work silently. Now the database keeps one schedule
 * per survey and one round per "send now" form, and a save from an older copy answers 409 and keeps the edit.
 */
import { Browser, startTestApp, type TestApp } from '../helpers/test-app';
import { signedInBrowser } from '../helpers/sign-in';
import { buildEmployee, buildOrg } from '../factories';
import { buildSurvey } from '../factories/surveys';
import { buildApiToken } from '../factories/org';
import { saveSchedule } from '../../server/domain/surveys/schedules.service';
import { scheduleInputSchema } from '../../server/domain/surveys/schedule.schema';
import { updateSurvey, getSurvey } from '../../server/domain/surveys/surveys.service';
import { StaleCopyError } from '../../server/errors';
import request from 'supertest';

let t: TestApp;
let adminId: string;
let hr: Browser;
let other: Browser;
let surveyId: string;
beforeEach(async () => {
  t = await startTestApp();
  const { admin } = await buildOrg(t.ctx.db);
  adminId = admin.id;
  const second = await buildEmployee(t.ctx.db, { role: 'hr_admin', email: 'second.hr@acme.test', password: 'correct horse battery staple' });
  hr = await signedInBrowser(t.app, admin.email);
  other = await signedInBrowser(t.app, second.email);
  surveyId = (await buildSurvey(t.ctx.db)).id;
  for (let i = 0; i < 3; i++) await buildEmployee(t.ctx.db);
});
afterEach(() => t.close());

const weekly = (timeOfDay = '09:00') => ({
  frequency: 'weekly',
  weekday: '1',
  dayOfMonth: '',
  timeOfDay,
  timeZone: 'UTC',
  windowDays: '5',
  reminderCount: '2',
  startDate: '2026-03-01',
  endDate: '',
  audience: 'company',
});

/** The hidden fields of the page's forms, as the browser holds them until it posts. */
async function formOf(b: Browser, path: string) {
  const page = await b.agent.get(path);
  const field = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(page.text)?.[1];
  return { _csrf: field('_csrf')!, version: field('version'), sendKey: field('sendKey') };
}

describe('one schedule per survey', () => {
  const path = () => `/admin/surveys/${surveyId}/schedule`;

  it('ten parallel first saves of the same form store one schedule, and every click is answered as saved', async () => {
    const form = await formOf(hr, path());
    expect(form.version).toBe('');
    const results = await Promise.all(Array.from({ length: 10 }, () => hr.agent.post(path()).type('form').send({ ...weekly(), _csrf: form._csrf, version: '' })));
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(303));
    expect(await t.ctx.db.schedule.count({ where: { surveyId } })).toBe(1);
  });

  it('ten parallel first saves that differ store one; the nine others are told someone saved first', async () => {
    const form = await formOf(hr, path());
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => hr.agent.post(path()).type('form').send({ ...weekly(`0${i}:30`), _csrf: form._csrf, version: '' })),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([303, ...Array(9).fill(409)]);
    const stored = await t.ctx.db.schedule.findMany({ where: { surveyId } });
    expect(stored).toHaveLength(1);
    const refused = results.find((r) => r.status === 409)!;
    expect(refused.text).toContain('Someone else saved this schedule after you opened it');
  });

  it('the database refuses a second schedule for a survey, whoever writes it', async () => {
    const input = scheduleInputSchema.parse(weekly());
    await saveSchedule(t.ctx, surveyId, input);
    await expect(t.ctx.db.schedule.create({ data: { surveyId, frequency: 'weekly', weekday: 1, timeOfDay: '10:00', timeZone: 'UTC', startDate: '2026-03-01' } })).rejects.toMatchObject({ code: 'P2002' });
  });
});

describe('"Send now"', () => {
  // The schedule page links to a confirmation page, whose form carries the key.
  const path = () => `/admin/surveys/${surveyId}/send-now`;

  it('a double click (and a third and fourth, in parallel) opens one round and emails everyone once', async () => {
    const form = await formOf(hr, path());
    expect(form.sendKey).toMatch(/^[0-9a-f-]{36}$/);
    const clicks = await Promise.all(Array.from({ length: 4 }, () => hr.agent.post(`/admin/surveys/${surveyId}/send-now`).type('form').send({ _csrf: form._csrf, sendKey: form.sendKey })));
    expect(clicks.map((c) => c.status)).toEqual([303, 303, 303, 303]);
    expect(new Set(clicks.map((c) => c.headers.location)).size).toBe(1);
    const rounds = await t.ctx.db.round.findMany({ where: { surveyId } });
    expect(rounds).toHaveLength(1);
    const people = await t.ctx.db.employee.count({ where: { active: true } });
    expect(await t.ctx.db.outboxEmail.count({ where: { template: 'survey-invite' } })).toBe(people);
    // Posting the same form again later answers with the same round.
    const again = await hr.agent.post(`/admin/surveys/${surveyId}/send-now`).type('form').send({ _csrf: form._csrf, sendKey: form.sendKey });
    expect(again.headers.location).toBe(clicks[0].headers.location);
    expect(await t.ctx.db.round.count({ where: { surveyId } })).toBe(1);
  });

  it('each new page load may send again (a deliberate second round), and a mangled key is refused', async () => {
    for (let i = 0; i < 2; i++) {
      const form = await formOf(hr, path());
      expect((await hr.agent.post(`/admin/surveys/${surveyId}/send-now`).type('form').send({ _csrf: form._csrf, sendKey: form.sendKey })).status).toBe(303);
    }
    expect(await t.ctx.db.round.count({ where: { surveyId } })).toBe(2);
    const form = await formOf(hr, path());
    expect((await hr.agent.post(`/admin/surveys/${surveyId}/send-now`).type('form').send({ _csrf: form._csrf, sendKey: 'x' })).status).toBe(400);
    expect(await t.ctx.db.round.count({ where: { surveyId } })).toBe(2);
  });
});

describe('two editors, one survey', () => {
  const editor = () => `/admin/surveys/${surveyId}`;
  const fields = (title: string) => ({ title, intro: '', 'q[0][kind]': 'rating', 'q[0][text]': `${title}: statement`, 'q[0][required]': '1', 'q[0][enpsScale]': '1-10' });

  it('the second save from a stale copy is refused with 409, keeps that editor’s work on the page, and a deliberate resave wins', async () => {
    const a = await formOf(hr, editor());
    const b = await formOf(other, editor());
    expect(a.version).toBe('1');
    expect((await hr.agent.post(editor()).type('form').send({ ...fields('Alpha'), _csrf: a._csrf, version: a.version, action: 'save' })).status).toBe(303);
    const stale = await other.agent.post(editor()).type('form').send({ ...fields('Bravo'), _csrf: b._csrf, version: b.version, action: 'save' });
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('Someone else saved this survey after you opened it');
    expect(stale.text).toContain('value="Bravo"');
    expect((await getSurvey(t.ctx, surveyId)).title).toBe('Alpha');
    // The refused page now carries the current version: saving it again is a choice made knowing the other's change.
    const resave = /name="version" value="(\d+)"/.exec(stale.text)![1];
    expect(resave).toBe('2');
    expect((await other.agent.post(editor()).type('form').send({ ...fields('Bravo'), _csrf: b._csrf, version: resave, action: 'save' })).status).toBe(303);
    expect((await getSurvey(t.ctx, surveyId)).title).toBe('Bravo');
  });

  it('adding a question keeps the version the editor started from', async () => {
    const a = await formOf(hr, editor());
    const added = await hr.agent.post(editor()).type('form').send({ ...fields('Alpha'), _csrf: a._csrf, version: a.version, action: 'add' });
    expect(/name="version" value="(\d+)"/.exec(added.text)![1]).toBe('1');
  });

  it('a double click of Save (the same content twice from one copy) is not a conflict', async () => {
    const a = await formOf(hr, editor());
    const clicks = await Promise.all([0, 1].map(() => hr.agent.post(editor()).type('form').send({ ...fields('Alpha'), _csrf: a._csrf, version: a.version, action: 'save' })));
    expect(clicks.map((c) => c.status)).toEqual([303, 303]);
  });

  it('parallel saves from one version with different content: exactly one is stored, the other refused', async () => {
    const input = (title: string) => ({ title, intro: '', questions: [{ kind: 'rating' as const, text: title, textId: null, required: true, options: [], enpsScale: '1-10' as const }] });
    for (let round = 0; round < 5; round++) {
      const { version } = await getSurvey(t.ctx, surveyId);
      const outcomes = await Promise.allSettled([updateSurvey(t.ctx, surveyId, input(`A${round}`), version), updateSurvey(t.ctx, surveyId, input(`B${round}`), version)]);
      expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
      expect((outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult).reason).toBeInstanceOf(StaleCopyError);
      expect((await getSurvey(t.ctx, surveyId)).version).toBe(version + 1);
    }
  });

  it('the API refuses a PUT made from an old version with 409 and says which version is current', async () => {
    const { token } = await buildApiToken(t.ctx, adminId);
    const api = () => request(t.app).put(`/api/v1/surveys/${surveyId}`).set('Authorization', `Bearer ${token}`);
    const body = (title: string, version?: number) => ({ title, intro: '', questions: [{ kind: 'rating', text: 'Statement' }], ...(version ? { version } : {}) });
    const first = await api().send(body('One', 1));
    expect(first.status).toBe(200);
    expect(first.body.version).toBe(2);
    const stale = await api().send(body('Two', 1));
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ id: 'conflict', currentVersion: 2 });
    expect(stale.body.error.message).toContain('Someone else saved this survey');
    expect((await getSurvey(t.ctx, surveyId)).title).toBe('One');
    expect((await api().send(body('Three'))).status).toBe(200);
  });
});

describe('two editors, one schedule', () => {
  const path = () => `/admin/surveys/${surveyId}/schedule`;

  it('the stale save is refused with 409 and the other editor’s schedule stays until a deliberate resave', async () => {
    await saveSchedule(t.ctx, surveyId, scheduleInputSchema.parse(weekly('08:00')));
    const a = await formOf(hr, path());
    const b = await formOf(other, path());
    expect(a.version).toBe('1');
    expect((await hr.agent.post(path()).type('form').send({ ...weekly('10:00'), _csrf: a._csrf, version: a.version })).status).toBe(303);
    const stale = await other.agent.post(path()).type('form').send({ ...weekly('11:00'), _csrf: b._csrf, version: b.version });
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('value="11:00"');
    expect((await t.ctx.db.schedule.findUniqueOrThrow({ where: { surveyId } })).timeOfDay).toBe('10:00');
    const resave = /name="version" value="(\d+)"/.exec(stale.text)![1];
    expect((await other.agent.post(path()).type('form').send({ ...weekly('11:00'), _csrf: b._csrf, version: resave })).status).toBe(303);
    expect((await t.ctx.db.schedule.findUniqueOrThrow({ where: { surveyId } })).timeOfDay).toBe('11:00');
  });

  it('a page opened before the first save cannot overwrite it', async () => {
    const b = await formOf(other, path());
    await saveSchedule(t.ctx, surveyId, scheduleInputSchema.parse(weekly('08:00')), null);
    const stale = await other.agent.post(path()).type('form').send({ ...weekly('11:00'), _csrf: b._csrf, version: b.version });
    expect(stale.status).toBe(409);
    await expect(saveSchedule(t.ctx, surveyId, scheduleInputSchema.parse(weekly('12:00')), null)).rejects.toBeInstanceOf(StaleCopyError);
  });
});
