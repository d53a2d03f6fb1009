import { fixedClock, startTestApp, type Browser, type TestApp } from '../helpers/test-app';
import { signedInBrowser } from '../helpers/sign-in';
import { buildEmployee, buildOrg } from '../factories';
import { buildRound, buildRoundEmails, buildSurvey } from '../factories/survey-editor';

const clock = fixedClock('2026-03-02T09:00:00Z');
let t: TestApp;
let hr: Browser;
beforeEach(async () => {
  clock.set('2026-03-02T09:00:00Z');
  t = await startTestApp({ clock });
  const { admin } = await buildOrg(t.ctx.db);
  await t.ctx.db.orgSettings.update({ where: { id: 1 }, data: { minGroupSize: 5 } });
  hr = await signedInBrowser(t.app, admin.email);
});
afterEach(() => t.close());

async function roundWith(respondedCount: number, opts: { late?: boolean } = {}) {
  const survey = await buildSurvey(t.ctx.db, { title: 'March pulse' });
  return buildRound(t.ctx.db, survey.id, {
    invitedCount: 20,
    respondedCount,
    late: opts.late,
    openedAt: new Date('2026-03-02T08:00:00Z'),
    closesAt: new Date('2026-03-04T12:30:00Z'),
  });
}

describe('a round’s status page', () => {
  it('hides the response rate below the minimum group size', async () => {
    const round = await roundWith(4);
    const page = await hr.agent.get(`/admin/rounds/${round.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Fewer than 5 responses so far');
    expect(page.text).not.toContain('20%');
    expect(page.text).not.toMatch(/id="response-rate">\s*\d/);
  });

  it('shows the response rate from the minimum group size on, with time left and lateness', async () => {
    const round = await roundWith(5, { late: true });
    const page = await hr.agent.get(`/admin/rounds/${round.id}`);
    // The headline: how many answered of how many, and the rate.
    expect(page.text).toMatch(/id="response-rate">5 of 20 · 25%/);
    expect(page.text).toMatch(/<span class="big">20<\/span> people invited/);
    // No SMTP_URL in the tests: the page says messages are kept, not sent.
    expect(page.text).toContain('messages are kept in the built-in mailbox, not sent');
    expect(page.text).toContain('2 days, 3 hours and 30 minutes');
    expect(page.text).toContain('Opened late');
  });

  it('counts emails by status, groups failures without addresses, and never lists who answered', async () => {
    const round = await roundWith(6);
    const people = await Promise.all([1, 2, 3].map((i) => buildEmployee(t.ctx.db, { name: `Answerer ${i}`, email: `answerer${i}@acme.test` })));
    await t.ctx.db.invitation.createMany({
      data: people.map((p, i) => ({ roundId: round.id, employeeId: p.id, tokenHash: `hash-${i}`, answered: i < 2 })),
    });
    await buildRoundEmails(t.ctx.db, round.id, [
      { status: 'sent', to: 'answerer1@acme.test' },
      { status: 'sent', to: 'answerer2@acme.test' },
      { status: 'sent' },
      { status: 'failed', to: 'gone@acme.test', error: '550 5.1.1 <gone@acme.test>: mailbox unavailable' },
      { status: 'failed', to: 'left@acme.test', error: '550 5.1.1 <left@acme.test>: mailbox unavailable' },
      { status: 'failed', error: 'Greeting never received' },
    ]);
    const page = await hr.agent.get(`/admin/rounds/${round.id}`);
    expect(page.text).toMatch(/<span class="big">3<\/span> emails sent/);
    expect(page.text).toMatch(/<span class="big">3<\/span> emails failed/);
    expect(page.text).toMatch(/550 5\.1\.1 &lt;\[address\]&gt;: mailbox unavailable<\/td><td>2<\/td>/);
    expect(page.text).toContain('Greeting never received');
    for (const p of people) {
      expect(page.text).not.toContain(p.name);
      expect(page.text).not.toContain(p.email);
    }
    expect(page.text).not.toContain('@acme.test');
    // Nothing is pending: no progress bar, no refresh.
    expect(page.text).not.toContain('<progress');
    expect(page.text).not.toContain('data-live-refresh');
  });

  it('shows a progress bar and refreshes itself while emails are pending', async () => {
    const round = await roundWith(0);
    await buildRoundEmails(t.ctx.db, round.id, [{ status: 'sent' }, { status: 'failed', error: 'x' }, { status: 'pending' }, { status: 'sending' }]);
    const page = await hr.agent.get(`/admin/rounds/${round.id}`);
    expect(page.text).toContain('<progress id="send-progress" max="4" value="2">');
    expect(page.text).toContain('data-live-refresh="5"');
    expect(page.text).toContain('<script src="/assets/live-region.js" defer></script>');
    expect(page.text).not.toContain('http-equiv="refresh"'); // a timed reload moves focus and reading position
    expect(page.text).toContain('2 of 4 emails handled');
  });

  it('answers 404 for an unknown round', async () => {
    expect((await hr.agent.get('/admin/rounds/unknown')).status).toBe(404);
  });
});

describe('the survey list', () => {
  it('shows each survey’s next send time and its last round’s response rate only from the minimum group size', async () => {
    const quiet = await roundWith(4);
    const busy = await roundWith(10);
    await t.ctx.db.survey.update({ where: { id: busy.surveyId }, data: { title: 'Busy pulse' } });
    await t.ctx.db.schedule.create({
      data: { surveyId: busy.surveyId, frequency: 'weekly', weekday: 1, timeOfDay: '09:00', timeZone: 'UTC', startDate: '2026-03-01', nextRunAt: new Date('2026-03-09T09:00:00Z') },
    });
    const page = await hr.agent.get('/admin/surveys');
    expect(page.status).toBe(200);
    const row = (surveyId: string) => new RegExp(`<tr>\\s*<td><a href="/admin/surveys/${surveyId}">[\\s\\S]*?</tr>`).exec(page.text)![0];
    expect(row(busy.surveyId)).toContain('9 Mar 2026, 09:00');
    expect(row(busy.surveyId)).toContain('50%');
    expect(row(quiet.surveyId)).toContain('Not scheduled');
    expect(row(quiet.surveyId)).toContain('Too few responses to show');
    expect(row(quiet.surveyId)).not.toContain('%');
  });
});

describe('the survey editor’s list of rounds', () => {
  it('gives each round one date and its response rate from k answers on, never below', async () => {
    const survey = await buildSurvey(t.ctx.db, { title: 'Rated pulse' });
    await buildRound(t.ctx.db, survey.id, { invitedCount: 20, respondedCount: 5, openedAt: new Date('2026-03-02T08:00:00Z'), closesAt: new Date('2026-03-04T12:30:00Z') });
    await buildRound(t.ctx.db, survey.id, { invitedCount: 20, respondedCount: 4, openedAt: new Date('2026-02-23T08:00:00Z'), closesAt: new Date('2026-02-25T12:30:00Z') });
    const page = (await hr.agent.get(`/admin/surveys/${survey.id}`)).text;
    const items = [...page.matchAll(/<li><a href="\/admin\/rounds\/[^"]+">([^<]+)<\/a>([^<]*)</g)].map((m) => [m[1], m[2].trim()]);
    expect(items).toHaveLength(2);
    expect(items[0][1]).toBe('· 25% answered');
    expect(items[1][1]).toBe('');
  });
});

