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
let openRoundId: string;
let charlieId: string;
beforeAll(async () => {
  e = await startE2E('manager-reviews-results');
  const db = e.ctx.db;
  adminEmail = (await buildOrg(db, { companyName: 'Acme Sales' })).admin.email;
  const maya = await buildEmployee(db, { role: 'manager', email: 'maya@acme.test', name: 'Maya Sari', password: TEST_PASSWORD });
  const sales = await buildDepartment(db, { name: 'Sales' });
  const alpha = await buildTeam(db, { name: 'Alpha', departmentId: sales.id, managerId: maya.id });
  const bravo = await buildTeam(db, { name: 'Bravo', departmentId: sales.id, managerId: maya.id });
  const charlie = await buildTeam(db, { name: 'Charlie', departmentId: sales.id });
  charlieId = charlie.id;
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
  openRoundId = (await buildRound(db, { surveyId, title: 'Pulse, this week', status: 'open', openedAt: new Date(now - DAY), questions: [{ kind: 'enps' }] })).id;
});

/** The visible x-axis labels of the first trend chart, left to right, never overlapping; each at least 12 px tall. */
async function trendLabelsReadable(page: Page): Promise<void> {
  const boxes = await page.locator('svg.results-trend').first().evaluate((el) => {
    const svg = el as unknown as SVGSVGElement;
    return Array.from(svg.querySelectorAll('text.axis'))
      .filter((el) => getComputedStyle(el).display !== 'none' && !el.classList.contains('axis-y'))
      .map((el) => {
        const r = el.getBoundingClientRect();
        return { left: r.left, right: r.right, size: parseFloat(getComputedStyle(el).fontSize) * (svg.getBoundingClientRect().width / svg.viewBox.baseVal.width) };
      })
      .sort((a, b) => a.left - b.left);
  });
  expect(boxes.length).toBeGreaterThan(0);
  for (let i = 1; i < boxes.length; i++) expect(boxes[i].left).toBeGreaterThan(boxes[i - 1].right);
  for (const b of boxes) expect(b.size).toBeGreaterThanOrEqual(12);
}
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
    // Bravo (2) has too few answers; Charlie (6) is hidden so that Sales − Alpha cannot give Bravo away.
    const row = (name: string) => page.locator('table.results-breakdown tr', { has: page.getByRole('link', { name, exact: true }) });
    await expect(row('Bravo').textContent()).resolves.toMatch(/Not enough responses to show: fewer than 5 people answered/);
    await expect(row('Charlie').textContent()).resolves.toMatch(/Hidden to protect a smaller group/);
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

    // The overview: labels of the trend readable and apart; every team page linked; eNPS explained.
    await page.goto(e.url('/results'));
    await trendLabelsReadable(page);
    for (const name of ['Alpha', 'Bravo', 'Charlie']) await expect(page.getByRole('link', { name, exact: true }).count()).resolves.toBe(1);
    await expect(page.getByText(/eNPS runs from −100 to \+100/).first().isVisible()).resolves.toBe(true);
    await expect(page.getByText(/over 3 of 3 rounds/).first().isVisible()).resolves.toBe(true);

    // An open round: when its results appear, not a refusal.
    await page.goto(e.url(`/results/rounds/${openRoundId}`));
    await expect(page.getByText(/Results appear when the round closes on .+ \(UTC\)\./).isVisible()).resolves.toBe(true);
    await e.step(page, 'hr-open-round');
    await page.goto(e.url(`/results/rounds/${openRoundId}?lang=id`));
    await expect(page.getByText(/Hasil muncul saat putaran ditutup pada .+ \(UTC\)\./).isVisible()).resolves.toBe(true);
    await e.step(page, 'hr-open-round-id');
    await page.goto(e.url('/results?lang=en'));
  });

  it('the manager sees the eNPS, the trend and its table on a phone, and no number for a team that is too small', async () => {
    const page = await e.page('phone');
    await signInWithPassword(e, page, 'maya@acme.test', TEST_PASSWORD);
    await page.getByRole('link', { name: 'Results', exact: true }).click();
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
    await trendLabelsReadable(page);

    // The round on a phone: her teams first, the breakdown without a column off-screen (e.step checks the
    // page never scrolls sideways at 360 px), the distributions folded.
    await page.goto(e.url(`/results/rounds/${latestRoundId}`));
    const headings = await page.locator('main h2').allTextContents();
    expect(headings.indexOf('Alpha')).toBeGreaterThan(-1);
    expect(headings.indexOf('Alpha')).toBeLessThan(headings.indexOf('Whole company'));
    await expect(page.locator('.results-question details[open]').count()).resolves.toBe(0);
    // Every week scored the same: the eNPS says so, for her team and for the company.
    await expect(page.getByText('No change since the previous round', { exact: true }).count()).resolves.toBe(2);
    await e.step(page, 'manager-round-phone');
    await page.goto(e.url(`/results/rounds/${latestRoundId}?lang=id`));
    await expect(page.getByText('Tanggapan belum cukup untuk ditampilkan', { exact: false }).first().isVisible()).resolves.toBe(true);
    await e.step(page, 'manager-round-phone-id');
    await page.goto(e.url('/results?lang=en'));

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
    const overAllRounds = page.locator('section.card', { hasText: 'eNPS of the rounds together' });
    await expect(overAllRounds.getByText('Not enough responses to show').isVisible()).resolves.toBe(true);
    await expect(page.locator('.results-score').count()).resolves.toBe(0);
    await e.step(page, 'manager-small-team');

    // Charlie is not Maya's team: neither listed nor open to her.
    await page.goto(e.url('/results'));
    await expect(page.getByRole('link', { name: 'Charlie', exact: true }).count()).resolves.toBe(0);
    // Its address anyway: an error page that says what happened and what to do, in both languages.
    const refused = await page.goto(e.url(`/results/teams/${charlieId}`));
    expect(refused?.status()).toBe(403);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('No access');
    await expect(page.getByText(/You do not have access to this page/).first().isVisible()).resolves.toBe(true);
    await expect(page.getByRole('link', { name: 'Back to the start page' }).isVisible()).resolves.toBe(true);
    await e.step(page, 'manager-forbidden');
    await page.goto(e.url(`/results/teams/${charlieId}?lang=id`));
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Tidak ada akses');
    await expect(page.getByRole('link', { name: 'Kembali ke halaman awal' }).isVisible()).resolves.toBe(true);
    await e.step(page, 'manager-forbidden-id');
    const missing = await page.goto(e.url('/results/no-such-page?lang=en'));
    expect(missing?.status()).toBe(404);
    await expect(page.getByText(/Check the address, or start again from the start page/).isVisible()).resolves.toBe(true);
    await e.step(page, 'not-found');
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
