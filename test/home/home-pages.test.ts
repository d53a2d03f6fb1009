/**
 * The three homes on the demo organisation: HR's overview, the manager's team page and an employee's page show
 * the numbers the results, KPI and 1:1 services compute for that person, in both languages; the period selector
 * drives the panels; "answer now" reaches the person's own link and nobody else's.
 */
import { startTestApp, type TestApp } from '../helpers/test-app';
import { sessionBrowser } from '../helpers/sign-in';
import { seedDemoOrg, DEMO_HR_EMAIL } from '../../server/domain/demo/demo-org';
import { seedDemoSurveyHistory } from '../../server/domain/demo/demo-results';
import { seedDemoKpis } from '../../server/domain/demo/demo-kpis';
import { startDemoPulse } from '../../server/domain/demo/demo-schedule';
import { seedDemoOneOnOnes } from '../../server/domain/demo/demo-one-on-ones';
import { teamPage, teamPageData } from '../../server/domain/home/team-page.service';
import { hrOverviewData } from '../../server/domain/home/hr-overview.service';
import { signed } from '../../server/domain/results/presenter';
import { formatAmount } from '../../server/domain/kpis/presenter';
import { t as tr } from '../../server/i18n/i18n';

let t: TestApp;
const ids: Record<string, { id: string; role: string; timeZone: string }> = {};

beforeAll(async () => {
  t = await startTestApp();
  await seedDemoOrg(t.ctx);
  await seedDemoSurveyHistory(t.ctx);
  await seedDemoKpis(t.ctx);
  await startDemoPulse(t.ctx);
  await seedDemoOneOnOnes(t.ctx);
  const pick = { id: true, role: true, timeZone: true } as const;
  ids.hr = await t.ctx.db.employee.findUniqueOrThrow({ where: { email: DEMO_HR_EMAIL }, select: pick });
  ids.manager = await t.ctx.db.employee.findUniqueOrThrow({ where: { email: 'manager@demo.pulse.test' }, select: pick });
  const team = await t.ctx.db.team.findFirstOrThrow({ where: { managerId: ids.manager.id } });
  ids.employee = await t.ctx.db.employee.findFirstOrThrow({ where: { teamId: team.id, role: 'employee', active: true, oneOnOnesHad: { some: {} } }, select: pick });
}, 180_000);
afterAll(() => t.close());

const text = (html: string, id: string) => {
  const m = new RegExp(`id="${id}"[^>]*>([^<]*)<`).exec(html);
  return m ? m[1].trim() : null;
};
const unescape = (s: string) => s.replace(/&#x27;/g, "'").replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#x3D;/g, '=');

describe('the manager’s team page', () => {
  it('shows the team eNPS, the KPI statuses and the 1:1s the services compute, in English and Indonesian', async () => {
    const data = await teamPageData(t.ctx, ids.manager, {}, 'en');
    expect(data.enps?.latest?.enps?.score).not.toBeNull();
    const b = await sessionBrowser(t.ctx, t.app, ids.manager.id);
    for (const locale of ['en', 'id'] as const) {
      const res = await b.agent.get(`/?lang=${locale}`);
      expect(res.status).toBe(200);
      expect(text(res.text, 'team-enps')).toBe(signed(locale, data.enps!.latest!.enps!.score as number));
      expect(res.text).toContain(tr(locale, 'home.movers.title'));
      // Every KPI row with a target shows the scorecard's status label and value.
      const money = { currency: data.card!.settings.currency };
      for (const row of data.card!.rows.filter((r) => r.target)) {
        expect(unescape(res.text)).toContain(formatAmount(locale, row.kpi.unit, row.figure.value, money) ?? tr(locale, 'kpis.noData'));
        expect(res.text).toContain(tr(locale, `kpis.status.${row.target!.pace.status}`));
      }
      for (const row of data.overview.rows) expect(unescape(res.text)).toContain(row.report.name);
      for (const link of ['/results/teams/', '/kpis/teams/', '/one-on-ones']) expect(res.text).toContain(link);
    }
  });

  it('lets one period drive the panels, and refuses a team outside the manager’s scope or a malformed one', async () => {
    const b = await sessionBrowser(t.ctx, t.app, ids.manager.id);
    const earlier = await teamPageData(t.ctx, ids.manager, { period: '2026-Q1' }, 'en');
    const res = await b.agent.get('/?period=2026-Q1&lang=en');
    expect(res.status).toBe(200);
    expect(res.text).toContain('value="2026-Q1" selected');
    expect(earlier.hp.period.key).toBe('2026-Q1');
    // The eNPS panel follows the period: no round after its end counts.
    for (const p of earlier.enps!.points) expect(p.openedAt.getTime()).toBeLessThan(earlier.hp.to.getTime());
    // The 1:1 table counts the 1:1s each pair held in the period: a quarter holds more than its last month.
    const heldIn = async (period: string) => {
      const page = await teamPage(t.ctx, ids.manager, { period }, 'en');
      const d = await teamPageData(t.ctx, ids.manager, { period }, 'en');
      for (const row of page.oneOnOnes.rows.filter((r) => r.seriesId)) {
        const held = await t.ctx.db.oneOnOneMeeting.count({ where: { seriesId: row.seriesId!, status: 'held', startsAt: { gte: d.hp.from, lt: d.hp.to } } });
        expect(row.heldInPeriod).toBe(held);
      }
      const html = (await b.agent.get(`/?period=${period}&lang=en`)).text;
      const cells = [...html.matchAll(/class="held-in-period">(\d+)</g)].map((m) => Number(m[1]));
      expect(cells).toEqual(page.oneOnOnes.rows.filter((r) => r.seriesId).map((r) => r.heldInPeriod));
      return cells.reduce((a, x) => a + x, 0);
    };
    const quarter = await heldIn('2026-Q4');
    const month = await heldIn('2026-11');
    expect(month).toBeGreaterThan(0);
    expect(quarter).toBeGreaterThan(month);
    const other = await t.ctx.db.team.findFirstOrThrow({ where: { NOT: { managerId: ids.manager.id }, department: { name: 'Marketing' } } });
    expect((await b.agent.get(`/?team=${other.id}`)).status).toBe(403);
    expect((await b.agent.get('/?team=not-a-uuid')).status).toBe(400);
  });
});

describe('HR’s overview', () => {
  it('shows the open round’s counters, company eNPS with its change, departments, cadence and no checklist once everything is set up', async () => {
    const data = await hrOverviewData(t.ctx, ids.hr, {}, 'en');
    const b = await sessionBrowser(t.ctx, t.app, ids.hr.id);
    for (const locale of ['en', 'id'] as const) {
      const res = await b.agent.get(`/?lang=${locale}`);
      expect(res.status).toBe(200);
      const round = data.open[0];
      const progress = round.respondedCount === null
        ? tr(locale, 'home.open.fewer', { k: data.minGroupSize, invited: round.invitedCount })
        : tr(locale, 'home.open.progress', { answered: round.respondedCount, invited: round.invitedCount });
      expect(res.text).toContain(progress);
      const latest = [...data.company].reverse().find((p) => p.enps?.score != null)!;
      expect(text(res.text, 'company-enps')).toBe(signed(locale, latest.enps!.score as number));
      for (const d of data.byDepartment) expect(unescape(res.text)).toContain(d.department.name);
      expect(res.text).toContain(tr(locale, 'home.cadence.title'));
      expect(res.text).not.toContain('id="panel-start"');
    }
    expect(data.sends.length).toBeGreaterThan(0);
    expect(data.cadence.company.pairs).toBeGreaterThan(0);
  });
  it('says how many answered an open round only from k on: below it, only that fewer than k have', async () => {
    const b = await sessionBrowser(t.ctx, t.app, ids.hr.id);
    const { minGroupSize: k } = await hrOverviewData(t.ctx, ids.hr, {}, 'en');
    const round = await t.ctx.db.round.findFirstOrThrow({ where: { status: 'open' }, select: { id: true, invitedCount: true, respondedCount: true } });
    try {
      for (const n of [k - 1, k]) {
        await t.ctx.db.round.update({ where: { id: round.id }, data: { respondedCount: n } });
        const html = (await b.agent.get('/?lang=en')).text;
        const counted = tr('en', 'home.open.progress', { answered: n, invited: round.invitedCount });
        const fewer = tr('en', 'home.open.fewer', { k, invited: round.invitedCount });
        if (n < k) {
          expect(html).toContain(fewer);
          expect(html).not.toContain(counted);
        } else {
          expect(html).toContain(counted);
          expect(html).not.toContain(fewer);
        }
      }
    } finally {
      await t.ctx.db.round.update({ where: { id: round.id }, data: { respondedCount: round.respondedCount } });
    }
  });
});

describe('an employee’s home', () => {
  it('offers their open survey through a post that leads to their own link, and shows their next 1:1 with its agenda', async () => {
    const b = await sessionBrowser(t.ctx, t.app, ids.employee.id);
    const home = await b.agent.get('/?lang=en');
    expect(home.status).toBe(200);
    expect(home.text).toContain('id="panel-survey"');
    expect(home.text).not.toMatch(/\/s\/[A-Za-z0-9_-]{20,}/);
    const round = await t.ctx.db.round.findFirstOrThrow({ where: { status: 'open' } });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(home.text)![1];
    const go = await b.agent.post(`/home/answer/${round.id}`).type('form').send({ _csrf: csrf });
    expect(go.status).toBe(303);
    expect(go.headers.location).toMatch(/^http:\/\/pulse\.test\/s\/.+/);
    const form = await b.agent.get(new URL(go.headers.location).pathname);
    expect(form.status).toBe(200);
    expect(home.text).toContain('id="panel-next-one-on-one"');
    expect(home.text).toContain('id="panel-kpis"');
  });

  it('gives nobody a link to a round they were not invited to', async () => {
    const b = await sessionBrowser(t.ctx, t.app, ids.employee.id);
    const closed = await t.ctx.db.round.findFirstOrThrow({ where: { status: 'closed' } });
    const csrf = /name="_csrf" value="([^"]+)"/.exec((await b.agent.get('/')).text)![1];
    const go = await b.agent.post(`/home/answer/${closed.id}`).type('form').send({ _csrf: csrf });
    expect(go.status).toBe(303);
    expect(go.headers.location).toBe('/?survey=gone');
  });
});

describe('a fresh install', () => {
  it('shows HR the getting-started checklist, ticking steps off from the database', async () => {
    const fresh = await startTestApp();
    try {
      const admin = await fresh.ctx.db.employee.create({ data: { email: 'admin@fresh.test', name: 'Ada Admin', role: 'hr_admin' } });
      const b = await sessionBrowser(fresh.ctx, fresh.app, admin.id);
      let res = await b.agent.get('/?lang=en');
      expect(res.status).toBe(200);
      expect(res.text).toContain('id="panel-start"');
      expect(res.text).toContain('data-step="people" data-done="no"');
      await fresh.ctx.db.employee.create({ data: { email: 'bo@fresh.test', name: 'Bo Employee' } });
      res = await b.agent.get('/?lang=id');
      expect(res.text).toContain('data-step="people" data-done="yes"');
      expect(res.text).toContain('data-step="survey" data-done="no"');
      expect(res.text).toContain(tr('id', 'home.start.title'));
    } finally {
      await fresh.close();
    }
  });
});
