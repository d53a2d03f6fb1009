/**
 * The results pages end to end on a real database: who may open what (one table drives the checks),
 * what HR, managers and employees see, publishing, the CSV export and the threshold settings.
 */
import type { Express } from 'express';
import request from 'supertest';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { signedInBrowser, TEST_PASSWORD } from '../helpers/sign-in';
import { buildDepartment, buildEmployee, buildOrg, buildTeam } from '../factories';
import { addResponses, buildRound, same, type BuiltRound } from '../factories/results';
import type { Browser } from '../helpers/test-app';

let t: TestApp;
let app: Express;
let round: BuiltRound;
let openRound: BuiltRound;
const ids: Record<string, string> = {};
const browsers: Record<string, Browser> = {};

beforeAll(async () => {
  t = await startTestApp();
  app = t.app;
  const db = t.ctx.db;
  const { admin } = await buildOrg(db);
  const sales = await buildDepartment(db, { name: 'Sales' });
  const ops = await buildDepartment(db, { name: 'Operations' });
  const managerA = await buildEmployee(db, { role: 'manager', email: 'ma@example.com', password: TEST_PASSWORD });
  const managerB = await buildEmployee(db, { role: 'manager', email: 'mb@example.com', password: TEST_PASSWORD });
  await buildEmployee(db, { role: 'employee', email: 'e@example.com', password: TEST_PASSWORD });
  const teamA = await buildTeam(db, { name: 'Alpha', departmentId: sales.id, managerId: managerA.id });
  const teamB = await buildTeam(db, { name: 'Bravo', departmentId: sales.id, managerId: managerB.id });
  const teamC = await buildTeam(db, { name: 'Charlie', departmentId: sales.id });
  const teamX = await buildTeam(db, { name: 'Xray', departmentId: ops.id });
  Object.assign(ids, { teamA: teamA.id, teamB: teamB.id, teamX: teamX.id, sales: sales.id });

  round = await buildRound(db, {
    title: 'January pulse',
    questions: [{ kind: 'enps' }, { kind: 'rating', text: 'I have the tools I need' }, { kind: 'single', options: ['Pay', 'Growth'] }, { kind: 'comment' }],
  });
  await addResponses(db, round, { departmentId: sales.id, teamId: teamA.id }, same(6, [10, 4, ['Pay'], 'Great team']));
  await addResponses(db, round, { departmentId: sales.id, teamId: teamB.id }, same(5, [8, 3, ['Growth'], null]));
  await addResponses(db, round, { departmentId: sales.id, teamId: teamC.id }, same(2, [2, 1, ['Pay'], '=HYPERLINK("http://evil")']));
  await addResponses(db, round, { departmentId: ops.id, teamId: teamX.id }, same(8, [9, 5, ['Growth'], null]));
  // Alpha: 8 invited, 6 answered → 75 %.
  for (let i = 0; i < 8; i++) {
    const person = await buildEmployee(db, { teamId: teamA.id });
    await db.invitation.create({ data: { roundId: round.id, employeeId: person.id, teamId: teamA.id, departmentId: sales.id, tokenHash: `hash-${i}`, answered: i < 6 } });
  }
  openRound = await buildRound(db, { status: 'open' });

  browsers.hr = await signedInBrowser(app, admin.email);
  browsers.managerA = await signedInBrowser(app, 'ma@example.com');
  browsers.managerB = await signedInBrowser(app, 'mb@example.com');
  browsers.employee = await signedInBrowser(app, 'e@example.com');
});

afterAll(() => t.close());

type Who = 'anonymous' | 'hr' | 'managerA' | 'managerB' | 'employee';
const get = (who: Who, path: string) => (who === 'anonymous' ? request(app).get(path) : browsers[who].agent.get(path));

describe('who may open what (unpublished round)', () => {
  const matrix: [Who, string, number][] = [
    ['anonymous', '/results', 303],
    ['anonymous', '/results/rounds/:round', 303],
    ['employee', '/results', 200],
    ['employee', '/results/rounds/:round', 403],
    ['employee', '/results/teams/:teamA', 403],
    ['employee', '/results/rounds/:round/export.csv', 403],
    ['employee', '/admin/results/settings', 403],
    ['managerA', '/results/rounds/:round', 200],
    ['managerA', '/results/teams/:teamA', 200],
    ['managerA', '/results/teams/:teamB', 403],
    ['managerA', '/results/rounds/:round/export.csv', 403],
    ['managerA', '/admin/results/settings', 403],
    ['hr', '/results/rounds/:round', 200],
    ['hr', '/results/teams/:teamB', 200],
    ['hr', '/results/rounds/:openRound', 200],
    ['employee', '/results/rounds/:openRound', 403],
    ['hr', '/results/rounds/00000000-0000-0000-0000-000000000000', 404],
    ['hr', '/admin/results/settings', 200],
  ];
  const resolve = (path: string) => path.replace(':round', round.id).replace(':openRound', openRound.id).replace(':teamA', ids.teamA).replace(':teamB', ids.teamB);
  it.each(matrix)('%s GET %s → %d', async (who, path, status) => {
    expect((await get(who, resolve(path))).status).toBe(status);
  });

  it('tells HR and managers when an open round\'s results appear (with the zone) instead of refusing, and shows no numbers', async () => {
    const html = (await get('hr', `/results/rounds/${openRound.id}`)).text;
    expect(html).toMatch(/Results appear when the round closes on [^<]+ \(UTC\)\./);
    expect(html).not.toContain('results-breakdown');
    expect(html).toContain(`/admin/rounds/${openRound.id}`);
    const manager = await get('managerA', `/results/rounds/${openRound.id}?lang=id`);
    expect(manager.status).toBe(200);
    expect(manager.text).toMatch(/Hasil muncul saat putaran ditutup pada [^<]+ \(UTC\)\./);
    expect(manager.text).not.toContain(`/admin/rounds/${openRound.id}`);
    await get('managerA', '/results?lang=en');
  });

  it('refuses publishing to anyone but HR', async () => {
    const res = await browsers.managerA.submit(`/results/rounds/${round.id}/publish`, {}, '/results');
    expect(res.status).toBe(403);
    expect((await t.ctx.db.round.findUniqueOrThrow({ where: { id: round.id } })).published).toBe(false);
  });
});

describe('what each person sees', () => {
  it('shows HR the company score and hides small teams and the sibling that would give them away', async () => {
    const html = (await get('hr', `/results/rounds/${round.id}`)).text;
    // 14 promoters, 5 passives, 2 detractors of 21 → +57
    expect(html).toContain('+57');
    expect(html).toMatch(/Alpha[\s\S]*?<td data-label="Responses">6<\/td>/);
    // Charlie (2) is too small; Sales − Alpha would then reveal Bravo + Charlie = 7 ≥ 5, but Sales − Alpha − Bravo = 2: Bravo is hidden too.
    expect(html).toMatch(/Charlie<\/a><\/th>\s*<td colspan="\d+" class="muted">Not enough responses to show/);
    // Bravo has 5 answers (k = 5): the page says it is hidden for Charlie's sake, not that too few answered.
    expect(html).toMatch(/Bravo<\/a><\/th>\s*<td colspan="\d+" class="muted">Hidden to protect a smaller group/);
    expect(html).toMatch(/Charlie<\/a><\/th>\s*<td colspan="\d+" class="muted">Not enough responses to show: fewer than 5 people answered\./);
    expect(html).toContain('role="img"');
    expect(html).toMatch(/Alpha<\/a><\/th>\s*<td data-label="Responses">6<\/td>\s*<td data-label="Response rate">75%<\/td>/);
    // Company comments (21 responses) are listed, escaped; no dates next to them.
    expect(html).toContain('Great team');
    expect(html).toContain('&#x3D;HYPERLINK(&quot;http://evil&quot;)');
  });

  it('shows a manager their own team only, without department or company numbers before publishing', async () => {
    const html = (await get('managerA', `/results/rounds/${round.id}`)).text;
    expect(html).toContain('Alpha');
    expect(html).not.toContain('Bravo');
    expect(html).not.toContain('Xray');
    expect(html).not.toContain('Whole company');
    expect(html).not.toContain('Sales</th>');
  });

  it('shows a manager whose team is hidden nothing but why it is hidden', async () => {
    const html = (await get('managerB', `/results/rounds/${round.id}`)).text;
    expect(html).toContain('Bravo');
    expect(html).toContain('Hidden to protect a smaller group');
    const id = (await get('managerB', `/results/rounds/${round.id}?lang=id`)).text;
    expect(id).toContain('Disembunyikan untuk melindungi kelompok yang lebih kecil');
    await get('managerB', '/results?lang=en');
    expect(html).not.toMatch(/\+\d+/);
  });

  it('publishes the company results to employees and the department results to managers, and takes them back', async () => {
    const published = await browsers.hr.submit(`/results/rounds/${round.id}/publish`, {}, `/results/rounds/${round.id}`);
    expect(published.status).toBe(303);
    const employee = await get('employee', `/results/rounds/${round.id}`);
    expect(employee.status).toBe(200);
    expect(employee.text).toContain('+57');
    expect(employee.text).not.toContain('Alpha');
    expect(employee.text).not.toContain('Great team');
    const manager = (await get('managerA', `/results/rounds/${round.id}`)).text;
    expect(manager).toContain('Whole company');
    expect(manager).toContain('Sales');
    expect(manager).not.toContain('Xray');
    // A manager reads their own team first, then the company.
    expect(manager.indexOf('<h2>Alpha</h2>')).toBeGreaterThan(-1);
    expect(manager.indexOf('<h2>Alpha</h2>')).toBeLessThan(manager.indexOf('<h2>Whole company</h2>'));
    expect((await get('employee', '/results')).text).toContain('January pulse');

    await browsers.hr.submit(`/results/rounds/${round.id}/unpublish`, {}, `/results/rounds/${round.id}`);
    expect((await get('employee', `/results/rounds/${round.id}`)).status).toBe(403);
  });

  it('draws the company trend on the overview with its numbers in a table', async () => {
    const html = (await get('hr', '/results')).text;
    expect(html).toMatch(/<svg class="results-trend"[^>]*role="img"[^>]*aria-label="eNPS trend/);
    expect(html).toMatch(/<caption>eNPS per round<\/caption>/);
    expect(html).toContain('+57');
    // eNPS explained where shown; the period total says how many rounds it covers.
    expect(html).toContain('eNPS runs from −100 to +100: the share of promoters (9–10) minus the share of detractors (1–6)');
    expect(html).toMatch(/\+57 over 1 of 1 round \(the rounds with enough answers to show\)/);
    // The bar runs promoters → passives → detractors, as its legend.
    const bar = /<svg class="results-bar"[^>]*role="img"[\s\S]*?<\/svg>/.exec(html)?.[0] ?? '';
    expect([...bar.matchAll(/class="band-(\w+)"/g)].map((m) => m[1])).toEqual(['promoter', 'passive', 'detractor']);
    expect(html.indexOf('Promoters')).toBeLessThan(html.indexOf('Detractors'));
  });

  it('links HR to every team page, and a manager to their own teams only', async () => {
    const hr = (await get('hr', '/results')).text;
    for (const id of [ids.teamA, ids.teamB, ids.teamX]) expect(hr).toContain(`href="/results/teams/${id}"`);
    const manager = (await get('managerA', '/results')).text;
    expect(manager).toContain(`href="/results/teams/${ids.teamA}"`);
    expect(manager).not.toContain(`href="/results/teams/${ids.teamB}"`);
  });

  it('lists each round with one date, its response rate (k or more answered) and its eNPS where shown', async () => {
    const before = await t.ctx.db.round.findUniqueOrThrow({ where: { id: round.id } });
    await t.ctx.db.round.update({ where: { id: round.id }, data: { invitedCount: 28, respondedCount: 21 } });
    const hr = (await get('hr', '/results')).text;
    expect(hr).toMatch(new RegExp(`<a href="/results/rounds/${round.id}">January pulse</a> · [^<·]+ · 75% answered · eNPS \\+57`));
    // Below k responses the rate is not shown (it would be a count of fewer than k people).
    await t.ctx.db.round.update({ where: { id: round.id }, data: { invitedCount: 28, respondedCount: 4 } });
    expect((await get('hr', '/results')).text).not.toContain('% answered');
    await t.ctx.db.round.update({ where: { id: round.id }, data: { invitedCount: before.invitedCount, respondedCount: before.respondedCount } });
  });

  it('shows the team trend to the team manager with the team score', async () => {
    const html = (await get('managerA', `/results/teams/${ids.teamA}`)).text;
    expect(html).toContain('Alpha');
    expect(html).toContain('+100');
    expect(html).toMatch(/\+100 over 1 of 1 round/);
  });
});

describe('CSV export', () => {
  it('holds only groups above the threshold and defuses formulas in comments', async () => {
    const res = await get('hr', `/results/rounds/${round.id}/export.csv`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/csv/);
    const csv = res.text;
    expect(csv).toContain('Alpha');
    expect(csv).toContain('Xray');
    expect(csv).not.toContain('Bravo');
    expect(csv).not.toContain('Charlie');
    expect(csv).toContain('enps_score_1-10,57');
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(csv).not.toMatch(/,=HYPERLINK/);
  });

  it('leaves out comments of groups below the comment threshold', async () => {
    await t.ctx.db.orgSettings.update({ where: { id: 1 }, data: { minCommentGroupSize: 30 } });
    const csv = (await get('hr', `/results/rounds/${round.id}/export.csv`)).text;
    expect(csv).not.toContain('Great team');
    await t.ctx.db.orgSettings.update({ where: { id: 1 }, data: { minCommentGroupSize: 5 } });
  });
});

describe('threshold settings', () => {
  it('refuses a minimum below 3 and a comment minimum below the group minimum', async () => {
    const low = await browsers.hr.submit('/admin/results/settings', { minGroupSize: '2', minCommentGroupSize: '5' });
    expect(low.status).toBe(400);
    expect(low.text).toContain('Use 3 or more');
    const below = await browsers.hr.submit('/admin/results/settings', { minGroupSize: '6', minCommentGroupSize: '4' });
    expect(below.status).toBe(400);
    expect(below.text).toContain('Use at least the minimum for groups');
  });

  it('saves new thresholds, which then hide groups that are now too small', async () => {
    const ok = await browsers.hr.submit('/admin/results/settings', { minGroupSize: '7', minCommentGroupSize: '10' });
    expect(ok.status).toBe(303);
    expect(await t.ctx.db.orgSettings.findUniqueOrThrow({ where: { id: 1 } })).toMatchObject({ minGroupSize: 7, minCommentGroupSize: 10 });
    const html = (await get('hr', `/results/rounds/${round.id}`)).text;
    expect(html).toMatch(/Alpha<\/a><\/th>\s*<td colspan="\d+" class="muted">Not enough responses to show/);
    await browsers.hr.submit('/admin/results/settings', { minGroupSize: '5', minCommentGroupSize: '5' });
  });
});
