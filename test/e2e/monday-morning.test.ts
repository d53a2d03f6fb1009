/**
 * Monday morning on the demo organisation, in a real browser: a manager's team page, HR's overview and an
 * employee's home show the numbers the services compute, in English and Indonesian, with screenshots at 360 and
 * 1280 px and axe on every step.
 */
import { signInWithPassword, startE2E, type E2E } from './harness';
import { DEMO_HR_EMAIL, DEMO_PASSWORD, seedDemoOrg } from '../../server/domain/demo/demo-org';
import { seedDemoSurveyHistory } from '../../server/domain/demo/demo-results';
import { seedDemoKpis } from '../../server/domain/demo/demo-kpis';
import { startDemoPulse } from '../../server/domain/demo/demo-schedule';
import { seedDemoOneOnOnes } from '../../server/domain/demo/demo-one-on-ones';
import { teamPageData } from '../../server/domain/home/team-page.service';
import { hrOverviewData } from '../../server/domain/home/hr-overview.service';
import { nextOneOnOneWithAgenda } from '../../server/domain/home/employee-home.service';
import { signed } from '../../server/domain/results/presenter';
import { t as tr } from '../../server/i18n/i18n';

let e: E2E;
const MANAGER = 'manager@demo.pulse.test';
let employeeEmail: string;
beforeAll(async () => {
  e = await startE2E('monday-morning');
  await seedDemoOrg(e.ctx);
  await seedDemoSurveyHistory(e.ctx);
  await seedDemoKpis(e.ctx);
  await startDemoPulse(e.ctx);
  await seedDemoOneOnOnes(e.ctx);
  const hr = await e.ctx.db.employee.findUniqueOrThrow({ where: { email: DEMO_HR_EMAIL } });
  const maya = await e.ctx.db.employee.findUniqueOrThrow({ where: { email: MANAGER } });
  const report = await e.ctx.db.employee.findFirstOrThrow({ where: { managerId: maya.id, role: 'employee', active: true, oneOnOnesHad: { some: {} } } });
  await e.ctx.db.employee.update({ where: { id: report.id }, data: { passwordHash: hr.passwordHash } });
  employeeEmail = report.email;
}, 240_000);
afterAll(() => e?.close());

const me = (email: string) => e.ctx.db.employee.findUniqueOrThrow({ where: { email }, select: { id: true, role: true, timeZone: true } });

it('the manager’s team page shows the team eNPS, the KPI statuses and the 1:1s, in both languages', async () => {
  const page = await e.page('phone');
  await signInWithPassword(e, page, MANAGER, DEMO_PASSWORD);
  const data = await teamPageData(e.ctx, await me(MANAGER), {}, 'en');
  for (const locale of ['en', 'id'] as const) {
    await page.goto(e.url(`/?lang=${locale}`));
    await expect(page.locator('#team-enps').textContent()).resolves.toBe(signed(locale, data.enps!.latest!.enps!.score as number));
    await expect(page.locator('#kpis-heading').textContent()).resolves.toBe(tr(locale, 'home.kpis.title'));
    const statuses = data.card!.rows.filter((r) => r.target).map((r) => tr(locale, `kpis.status.${r.target!.pace.status}`));
    await expect(page.locator('#panel-kpis .status').allTextContents()).resolves.toEqual(statuses);
    await expect(page.locator('#panel-one-on-ones tbody tr').count()).resolves.toBe(data.overview.rows.length);
    const held = data.overview.rows.filter((r) => r.seriesId).map((r) => String(data.held.get(r.seriesId!) ?? 0));
    await expect(page.locator('#panel-one-on-ones td.held-in-period:not(:has(.muted))').allTextContents()).resolves.toEqual(held);
    await e.step(page, `manager-team-page-${locale}`);
  }
}, 120_000);

it('HR’s overview shows the open round’s counters, company eNPS and the departments, in both languages', async () => {
  const page = await e.page('laptop');
  await signInWithPassword(e, page, DEMO_HR_EMAIL, DEMO_PASSWORD);
  const data = await hrOverviewData(e.ctx, await me(DEMO_HR_EMAIL), {}, 'en');
  const latest = [...data.company].reverse().find((p) => p.enps?.score != null)!;
  for (const locale of ['en', 'id'] as const) {
    await page.goto(e.url(`/?lang=${locale}`));
    const round = data.open[0];
    await expect(page.locator('#panel-open-rounds .open-progress').first().textContent()).resolves.toBe(round.respondedCount === null
      ? tr(locale, 'home.open.fewer', { k: data.minGroupSize, invited: round.invitedCount })
      : tr(locale, 'home.open.progress', { answered: round.respondedCount, invited: round.invitedCount }));
    await expect(page.locator('#company-enps').textContent()).resolves.toBe(signed(locale, latest.enps!.score as number));
    await expect(page.locator('#panel-departments tbody tr').count()).resolves.toBe(data.byDepartment.length);
    await expect(page.locator('#cadence-summary').count()).resolves.toBe(1);
    await e.step(page, `hr-overview-${locale}`);
  }
}, 120_000);

it('an employee sees their waiting survey, their KPIs and their next 1:1, and reaches the survey from home', async () => {
  const page = await e.page('phone');
  await signInWithPassword(e, page, employeeEmail, DEMO_PASSWORD);
  const person = await me(employeeEmail);
  const next = await nextOneOnOneWithAgenda(e.ctx, person.id);
  for (const locale of ['en', 'id'] as const) {
    await page.goto(e.url(`/?lang=${locale}`));
    await expect(page.locator('#survey-heading').textContent()).resolves.toBe(tr(locale, 'home.survey.title'));
    await expect(page.locator('#panel-kpis').count()).resolves.toBe(1);
    await expect(page.locator('#next-heading').textContent()).resolves.toBe(tr(locale, 'home.next.title'));
    await expect(page.locator('#next-agenda li').count()).resolves.toBe(next?.agenda.length ?? 0);
    await e.step(page, `employee-home-${locale}`);
  }
  await page.goto(e.url('/?lang=en'));
  await page.getByRole('button', { name: 'Answer now' }).click();
  await page.waitForURL(/\/s\//);
  await e.step(page, 'employee-survey-from-home');
}, 120_000);
