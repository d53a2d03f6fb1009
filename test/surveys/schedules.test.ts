import { fixedClock, startTestApp, type Browser, type TestApp } from '../helpers/test-app';
import { signedInBrowser } from '../helpers/sign-in';
import { buildOrg, buildTeam } from '../factories';
import { buildSurvey } from '../factories/survey-editor';

// Monday 2 March 2026, 00:00 UTC (07:00 in Jakarta).
const clock = fixedClock('2026-03-02T00:00:00Z');
let t: TestApp;
let hr: Browser;
let adminEmail: string;
let surveyId: string;
let path: string;
beforeEach(async () => {
  clock.set('2026-03-02T00:00:00Z');
  t = await startTestApp({ clock });
  const { admin } = await buildOrg(t.ctx.db);
  adminEmail = admin.email;
  hr = await signedInBrowser(t.app, admin.email);
  surveyId = (await buildSurvey(t.ctx.db)).id;
  path = `/admin/surveys/${surveyId}/schedule`;
});
afterEach(() => t.close());

const weeklyJakarta = {
  frequency: 'weekly',
  weekday: '1',
  dayOfMonth: '',
  timeOfDay: '09:00',
  timeZone: 'Asia/Jakarta',
  windowDays: '5',
  reminderCount: '2',
  startDate: '2026-03-01',
  endDate: '',
  audience: 'company',
};

const schedule = () => t.ctx.db.schedule.findFirstOrThrow({ where: { surveyId } });

describe('a survey schedule', () => {
  it('offers sensible defaults on a new schedule', async () => {
    const page = await hr.agent.get(path);
    expect(page.status).toBe(200);
    expect(page.text).toContain('value="09:00"');
    expect(page.text).toContain('value="2026-03-02"');
    expect(page.text).toMatch(/<option value="2" selected>2<\/option>/);
  });

  it('sends at each person’s local time when ticked: the slot is the earliest zone’s, and the page says so', async () => {
    await t.ctx.db.employee.updateMany({ data: { timeZone: 'Pacific/Tongatapu' } });
    expect((await hr.submit(path, { ...weeklyJakarta, localDelivery: 'on' })).status).toBe(303);
    const saved = await schedule();
    expect(saved.localDelivery).toBe(true);
    // Monday 09:00 in Tonga (+13) is Sunday 20:00 UTC: already past, so the next slot is a week later.
    expect(saved.nextRunAt?.toISOString()).toBe('2026-03-08T20:00:00.000Z');
    const page = await hr.agent.get(path);
    expect(page.text).toMatch(/id="localDelivery"[^>]*checked/);
    expect(page.text).toContain('each person gets the invitation at the same time of day in their own zone');
    // Unticking posts nothing for the box: back to one instant for everyone.
    expect((await hr.submit(path, { ...weeklyJakarta, version: String(saved.version) })).status).toBe(303);
    expect(await schedule()).toMatchObject({ localDelivery: false });
    expect((await schedule()).nextRunAt?.toISOString()).toBe('2026-03-02T02:00:00.000Z');
  });

  it('stores the next send time when saved, and previews the next five in its time zone', async () => {
    const res = await hr.submit(path, weeklyJakarta);
    expect(res.status).toBe(303);
    const saved = await schedule();
    expect(saved.nextRunAt?.toISOString()).toBe('2026-03-02T02:00:00.000Z');
    expect(saved).toMatchObject({ frequency: 'weekly', weekday: 1, dayOfMonth: null, windowDays: 5, reminderCount: 2, audience: 'company', paused: false });

    const page = await hr.agent.get(path);
    const preview = /<ol id="preview">([\s\S]*?)<\/ol>/.exec(page.text)![1];
    const items = preview.match(/<li>[^<]*<\/li>/g)!;
    expect(items).toHaveLength(5);
    expect(items.every((li) => li.includes('09:00') && li.includes('Monday'))).toBe(true);
    expect(items[0]).toContain('2 March 2026');
    expect(items[4]).toContain('30 March 2026');
    expect(page.text).toContain('Times are in Asia/Jakarta.');
  });

  it('shows the preview in the reader’s language', async () => {
    await hr.submit(path, weeklyJakarta);
    const page = await hr.agent.get(`${path}?lang=id`);
    expect(page.text).toContain('Senin');
    expect(page.text).toContain('Maret 2026');
  });

  it('stores no next send time once the end date has passed', async () => {
    clock.set('2026-06-01T00:00:00Z');
    hr = await signedInBrowser(t.app, adminEmail); // the earlier session has gone idle
    const res = await hr.submit(path, { ...weeklyJakarta, startDate: '2026-01-01', endDate: '2026-02-01' });
    expect(res.status).toBe(303);
    expect((await schedule()).nextRunAt).toBeNull();
    expect((await hr.agent.get(path)).text).toContain('the schedule has ended');
  });

  it('keeps only the day field that fits the frequency and an audience of chosen teams', async () => {
    const team = await buildTeam(t.ctx.db);
    const res = await hr.submit(path, { ...weeklyJakarta, frequency: 'monthly', dayOfMonth: '15', audience: 'teams', teamIds: [team.id], windowDays: '' });
    expect(res.status).toBe(303);
    const saved = await schedule();
    expect(saved).toMatchObject({ frequency: 'monthly', weekday: null, dayOfMonth: 15, audience: 'teams', windowDays: 5 });
    expect(JSON.parse(saved.audienceIds)).toEqual([team.id]);
    expect(saved.nextRunAt?.toISOString()).toBe('2026-03-15T02:00:00.000Z');
  });

  it('says which fields are wrong and keeps what was typed', async () => {
    const res = await hr.submit(path, { ...weeklyJakarta, frequency: 'monthly', dayOfMonth: '31', timeOfDay: '9am', windowDays: '15', audience: 'teams', timeZone: 'Mars/Olympus' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Choose a day of the month from 1 to 28');
    expect(res.text).toContain('Enter a time as HH:MM');
    expect(res.text).toContain('The response window is 1 to 14 days');
    expect(res.text).toContain('Choose a time zone from the list');
    expect(res.text).toContain('Choose at least one');
    expect(res.text).toContain('value="9am"');
    expect(await t.ctx.db.schedule.count()).toBe(0);
  });

  it('refuses teams that do not exist', async () => {
    const res = await hr.submit(path, { ...weeklyJakarta, audience: 'teams', teamIds: ['not-a-team'] });
    expect(res.status).toBe(400);
    expect(await t.ctx.db.schedule.count()).toBe(0);
  });

  it('pauses and resumes; resuming starts from the next slot after now', async () => {
    await hr.submit(path, weeklyJakarta);
    expect((await hr.submit(`${path}/pause`, {}, path)).status).toBe(303);
    expect(await schedule()).toMatchObject({ paused: true });
    expect((await hr.agent.get(path)).text).toContain('Resume sending');

    clock.set('2026-03-20T00:00:00Z');
    hr = await signedInBrowser(t.app, adminEmail);
    expect((await hr.submit(`${path}/resume`, {}, path)).status).toBe(303);
    const resumed = await schedule();
    expect(resumed.paused).toBe(false);
    expect(resumed.nextRunAt?.toISOString()).toBe('2026-03-23T02:00:00.000Z');
  });

  it('previews the next five sends of unsaved fields, or names the field that is wrong, in the reader’s language', async () => {
    const query = new URLSearchParams({ ...weeklyJakarta, frequency: 'monthly', dayOfMonth: '15' }).toString();
    const res = await hr.agent.get(`${path}/preview?${query}`);
    expect(res.status).toBe(200);
    expect(res.body.times).toHaveLength(5);
    expect(res.body.times[0]).toBe('Sunday, 15 March 2026 at 09:00');
    expect(res.body.note).toBe('Times are in Asia/Jakarta.');
    expect(await t.ctx.db.schedule.count()).toBe(0);
    const bad = await hr.agent.get(`${path}/preview?${new URLSearchParams({ ...weeklyJakarta, timeOfDay: '25:00' }).toString()}`);
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual({ timeOfDay: 'Enter a time as HH:MM, like 09:30' });
    const page = await hr.agent.get(path);
    expect(page.text).toContain('data-frequencies="weekly biweekly"');
    expect(page.text).toContain('data-frequencies="monthly quarterly"');
    expect(page.text).toContain('<script src="/assets/schedule-preview.js" defer></script>');
  });

  it('asks before sending now, saying how many people it reaches', async () => {
    const schedulePage = await hr.agent.get(path);
    expect(schedulePage.text).toContain(`href="/admin/surveys/${surveyId}/send-now"`);
    const confirm = await hr.agent.get(`/admin/surveys/${surveyId}/send-now`);
    expect(confirm.status).toBe(200);
    // The HR admin is the only person in the directory.
    expect(confirm.text).toContain('People it reaches: 1.');
    expect(await t.ctx.db.round.count()).toBe(0);
  });

  it('sends a one-off round now and shows its status page', async () => {
    const res = await hr.submit(`/admin/surveys/${surveyId}/send-now`, {}, `/admin/surveys/${surveyId}/send-now`);
    expect(res.status).toBe(303);
    const round = await t.ctx.db.round.findFirstOrThrow({ where: { surveyId } });
    expect(res.headers.location).toBe(`/admin/rounds/${round.id}`);
    expect(round.scheduleId).toBeNull();
    const page = await hr.agent.get(res.headers.location);
    expect(page.status).toBe(200);
    // The label agrees with the count ("1 person invited", "2 people invited").
    expect(page.text).toContain(`<span class="big">${round.invitedCount}</span> ${round.invitedCount === 1 ? 'person' : 'people'} invited`);
  });
});
