import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { buildDepartment, buildEmployee, buildOrg, buildTeam } from '../factories';
import { addResponses, buildRound, same, type AnswerSpec } from '../factories/results';
import { TEST_PASSWORD } from '../helpers/sign-in';
import { signInWithPassword, startE2E, tabTo, VIEWPORTS, type E2E } from './harness';

const DAY = 86_400_000;
// Alpha answers 10, 9, 9, 9, 8, 7, 3, 2 every week: 4 promoters, 2 passives, 2 detractors → eNPS 25. It is the
// largest team, so the remainder rule (which hides the next-smallest group beside Bravo's 2) hides Charlie, not Alpha.
const ALPHA: AnswerSpec[][] = [10, 9, 9, 9, 8, 7, 3, 2].map((score) => [score, 4]);

let e: E2E;
let adminEmail: string;
let latestRoundId: string;
beforeAll(async () => {
  e = await startE2E('manager-reviews-results');
  const db = e.ctx.db;
  adminEmail = (await buildOrg(db, { companyName: 'Acme Sales' })).admin.email;
  const maya = await buildEmployee(db, { role: 'manager', email: 'maya@acme.test', name: 'Maya Sari', password: TEST_PASSWORD });
  const sales = await buildDepartment(db, { name: 'Sales' });
  const alpha = await buildTeam(db, { name: 'Alpha', departmentId: sales.id, managerId: maya.id });
  const bravo = await buildTeam(db, { name: 'Bravo', departmentId: sales.id, managerId: maya.id });
  const charlie = await buildTeam(db, { name: 'Charlie', departmentId: sales.id });
  const { id: surveyId } = await db.survey.create({ data: { title: 'Weekly pulse' } });
  const now = Date.now();
  for (const weeksAgo of [3, 2, 1]) {
    const round = await buildRound(db, {
      surveyId,
      title: `Pulse, ${weeksAgo} week(s) ago`,
      openedAt: new Date(now - (weeksAgo * 7 + 2) * DAY),
      published: weeksAgo > 1, // HR publishes the latest one in the journey
      questions: [{ kind: 'enps', text: 'How likely are you to recommend Acme?' }, { kind: 'rating', text: 'I have what I need' }],
    });
    await addResponses(db, round, { departmentId: sales.id, teamId: alpha.id }, ALPHA);
    await addResponses(db, round, { departmentId: sales.id, teamId: bravo.id }, same(2, [10, 5])); // below the minimum of 5
    await addResponses(db, round, { departmentId: sales.id, teamId: charlie.id }, same(6, [6, 2]));
    latestRoundId = round.id;
  }
});
afterAll(() => e?.close());

/** The chart fits the phone's width: its right edge stays on the screen. */
async function fitsPhone(page: Page, selector: string): Promise<void> {
  const box = await page.locator(selector).first().boundingBox();
  expect(box).not.toBeNull();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(VIEWPORTS.phone.width);
}

describe('HR publishes a round and a manager reviews the results', () => {
  it('HR opens the latest round, exports it and publishes it, using the keyboard for the CSV link', async () => {
    const page = await e.page('laptop');
    await signInWithPassword(e, page, adminEmail, TEST_PASSWORD);
    await page.goto(e.url('/results'));
    await e.step(page, 'hr-overview');
    await page.getByRole('link', { name: 'Pulse, 1 week(s) ago' }).first().click();
    await page.waitForURL(e.url(`/results/rounds/${latestRoundId}`));
    await expect(page.getByText('Not published', { exact: true }).count()).resolves.toBe(1);
    await e.step(page, 'hr-round');

    await tabTo(page, 'a[href$="/export.csv"]', 30);
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const saved = path.join(os.tmpdir(), `pulse-e2e-${process.pid}-${download.suggestedFilename()}`);
    await download.saveAs(saved); // the shared browser runs as a server: the file is copied over its connection
    const csv = fs.readFileSync(saved, 'utf8');
    fs.rmSync(saved, { force: true });
    expect(csv).toContain('team,Alpha,8,,How likely are you to recommend Acme?,enps,enps_score_1-10,25');
    expect(csv).not.toMatch(/^team,Bravo,.*enps_score/m);

    await page.getByRole('button', { name: 'Publish to everyone' }).click();
    await page.waitForURL(/published=1$/);
    await expect(page.getByRole('status').textContent()).resolves.toMatch(/^Published: /);
    await e.step(page, 'hr-round-published');
  });

  it('the manager sees the eNPS, the trend and its table on a phone, and no number for a team that is too small', async () => {
    const page = await e.page('phone');
    await signInWithPassword(e, page, 'maya@acme.test', TEST_PASSWORD);
    await page.getByRole('link', { name: 'Results' }).click();
    await page.waitForURL(e.url('/results'));
    const latest = page.locator('section.grid .card').first();
    await expect(latest.locator('.results-score .big').textContent()).resolves.toMatch(/^([−+]\d+|0)$/); // signed, with a true minus sign
    await expect(page.locator('svg.results-trend').isVisible()).resolves.toBe(true);
    await fitsPhone(page, 'svg.results-trend');
    await page.locator('figure.results-chart + details > summary').click();
    const table = page.getByRole('table', { name: 'eNPS per round' });
    await expect(table.isVisible()).resolves.toBe(true);
    await expect(table.locator('tbody tr').count()).resolves.toBe(3);
    await e.step(page, 'manager-overview');

    await page.getByRole('link', { name: 'Alpha', exact: true }).click();
    await page.waitForURL(/\/results\/teams\//);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Alpha');
    await expect(page.locator('.results-score .big').first().textContent()).resolves.toBe('+25'); // signed, as eNPS is read
    await expect(page.locator('svg.results-trend').isVisible()).resolves.toBe(true);
    await fitsPhone(page, 'svg.results-trend');
    await fitsPhone(page, 'svg.results-bar');
    await e.step(page, 'manager-team');

    await page.goBack();
    await page.getByRole('link', { name: 'Bravo', exact: true }).click();
    await page.waitForURL(/\/results\/teams\//);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Bravo');
    const overAllRounds = page.locator('section.card', { hasText: 'eNPS over all rounds' });
    await expect(overAllRounds.getByText('Not enough responses to show').isVisible()).resolves.toBe(true);
    await expect(page.locator('.results-score').count()).resolves.toBe(0);
    await e.step(page, 'manager-small-team');

    // Charlie is not Maya's team: neither listed nor open to her.
    await page.goto(e.url('/results'));
    await expect(page.getByRole('link', { name: 'Charlie', exact: true }).count()).resolves.toBe(0);
  });

  it('HR reaches the confidentiality settings by keyboard and raises the minimum', async () => {
    const page = await e.page('laptop');
    await signInWithPassword(e, page, adminEmail, TEST_PASSWORD);
    await page.goto(e.url('/results'));
    await tabTo(page, 'a[href="/admin/results/settings"]', 30);
    await page.keyboard.press('Enter');
    await page.waitForURL(e.url('/admin/results/settings'));
    await e.step(page, 'settings');
    await tabTo(page, '#minGroupSize', 30);
    await page.keyboard.press('Control+A');
    await page.keyboard.type('7');
    await tabTo(page, '#minCommentGroupSize', 3); // comments need at least as many as groups
    await page.keyboard.press('Control+A');
    await page.keyboard.type('10');
    await page.keyboard.press('Enter');
    await page.waitForURL(/saved=1$/);
    await expect(page.getByRole('status').textContent()).resolves.toBe('Saved.');
    await expect(page.locator('#minGroupSize').inputValue()).resolves.toBe('7');
    await e.step(page, 'settings-saved');
  });
});
