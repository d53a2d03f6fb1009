/**
 * The scorecard pages as people see them: the Simpson's-paradox numbers with their parts ("40 % · 48 of 120"),
 * missing periods, the pace rule in one sentence, targets with their status, money in the company currency and
 * the reader's language (Rp 1.250.000), the breakdown, the leaderboard HR can turn off, the trend with its table,
 * and the formula-safe CSV export.
 */
import { Browser, fixedClock, startTestApp, type TestApp } from '../helpers/test-app';
import { signedInBrowser, TEST_PASSWORD } from '../helpers/sign-in';
import { buildDepartment, buildEmployee, buildOrg, buildTeam } from '../factories';
import { enableKpis, setTarget, SIMPSON_ROWS, writeValues } from '../factories/kpis';
import { saveKpiSettings, getKpiSettings } from '../../server/domain/kpis/kpi-settings.service';

let t: TestApp;
let hr: Browser;
let manager: Browser;
const ids: Record<string, string> = {};
const kpi: Record<string, string> = {};
const clock = fixedClock('2026-02-14T17:00:00Z'); // 15 February, 00:00 in Jakarta: half of February has passed
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&nbsp;|\u00a0|\u202f/g, ' ').replace(/&#x27;/g, "'").replace(/\s+/g, ' ');

beforeAll(async () => {
  t = await startTestApp({ clock });
  const db = t.ctx.db;
  const { admin } = await buildOrg(db, { adminPassword: TEST_PASSWORD });
  await db.orgSettings.update({ where: { id: 1 }, data: { defaultLocale: 'id', defaultTimeZone: 'Asia/Jakarta', companyName: 'Nusantara' } });
  const sales = await buildDepartment(db, { name: 'Sales' });
  const boss = await buildEmployee(db, { role: 'manager', email: 'boss@acme.test', name: 'Boss', password: TEST_PASSWORD });
  const north = await buildTeam(db, { name: 'North', departmentId: sales.id, managerId: boss.id });
  const alice = await buildEmployee(db, { email: 'alice@acme.test', name: 'Alice', teamId: north.id, managerId: boss.id });
  const bob = await buildEmployee(db, { email: 'bob@acme.test', name: 'Bob', teamId: north.id, managerId: boss.id });
  Object.assign(ids, { admin: admin.id, sales: sales.id, north: north.id, alice: alice.id, bob: bob.id, boss: boss.id });
  for (const k of await enableKpis(t.ctx, ['revenue', 'close_rate', 'sales_cycle_length', 'quota_attainment'])) kpi[k.key] = k.id;
  await writeValues(t.ctx, [
    ...SIMPSON_ROWS,
    { email: 'alice@acme.test', measure: 'won_value', period: '2026-02', value: '1250000' },
    { email: 'bob@acme.test', measure: 'won_value', period: '2026-02', value: '=HYPERLINK(1)'.length },
    { email: 'alice@acme.test', measure: 'quota', period: '2026-02', value: '2000000' },
  ]);
  // Half of February (Jakarta) has passed: Alice's revenue target of 2,500,000 expects 1,250,000 by now.
  await setTarget(t.ctx, { kpiId: kpi.revenue, ownerKind: 'person', ownerId: alice.id, periodKind: 'month', periodStart: '2026-02-01', value: '2500000', by: admin.id });
  await setTarget(t.ctx, { kpiId: kpi.revenue, ownerKind: 'person', ownerId: bob.id, periodKind: 'month', periodStart: '2026-02-01', value: '1000000', by: admin.id });
  await setTarget(t.ctx, { kpiId: kpi.close_rate, ownerKind: 'team', ownerId: north.id, periodKind: 'quarter', periodStart: '2026-01-01', value: '0.6', goal: 'Win more of the deals we already work', by: admin.id });
  hr = await signedInBrowser(t.app, admin.email);
  manager = await signedInBrowser(t.app, 'boss@acme.test');
});
afterAll(() => t.close());

describe('a person’s scorecard', () => {
  it("shows Alice's quarter close rate as 40 % with its parts, not the mean of her months", async () => {
    const res = await hr.agent.get(`/kpis/people/${ids.alice}?period=2026-Q1&lang=en`);
    expect(res.status).toBe(200);
    const page = text(res.text);
    expect(page).toContain('40% · 48 of 120');
    expect(page).not.toContain('60%');
  });

  it('formats money in the company currency and the reader’s language, and shows pace against the time passed', async () => {
    expect((await getKpiSettings(t.ctx)).currency).toBe('IDR');
    const page = text((await hr.agent.get(`/kpis/people/${ids.alice}?period=2026-02&lang=id`)).text);
    expect(page).toContain('Rp 1.250.000');
    expect(page).toContain('Rp 2.500.000');
    expect(page).toContain('Seharusnya saat ini: Rp 1.250.000');
    expect(page).toContain('Dengan laju ini: Rp 2.500.000');
    expect(page).toContain('Sesuai jalur');
    expect(page).toContain('tertinggal paling banyak 16,5 poin');
    const en = text((await hr.agent.get(`/kpis/people/${ids.alice}?period=2026-02&lang=en`)).text);
    expect(en).toContain('IDR 1,250,000');
    expect(en).toContain('up to 16.5 points behind (above, when lower is better) is on track, up to 33 points at risk');
  });

  it('shows a period without numbers as missing, never as zero', async () => {
    const page = text((await hr.agent.get(`/kpis/people/${ids.alice}?period=2025-12&lang=en`)).text);
    expect(page).toMatch(/Close rate \(win rate\) No data/);
    expect(page).not.toMatch(/Close rate \(win rate\) 0%/);
  });
});

describe('a team’s scorecard', () => {
  it('recomputes the team from summed measures and lists each person, with the team target and its status', async () => {
    const page = text((await manager.agent.get(`/kpis/teams/${ids.north}?period=2026-Q1&lang=en`)).text);
    expect(page).toContain('55% · 132 of 240');
    expect(page).toContain('Win more of the deals we already work');
    expect(page).toMatch(/Alice .*40%/);
    expect(page).toMatch(/Bob .*70%/);
  });

  it('ranks people by attainment of their own targets, and hides the leaderboard when HR turns it off', async () => {
    const on = text((await manager.agent.get(`/kpis/teams/${ids.north}?period=2026-02&lang=en`)).text);
    expect(on).toContain('Attainment leaderboard');
    expect(on.indexOf('1 Alice')).toBeGreaterThan(-1);
    const settings = await getKpiSettings(t.ctx);
    await saveKpiSettings(t.ctx, { currency: settings.currency, fiscalYearStartMonth: 1, onTrackPoints: 16.5, atRiskPoints: 33, leaderboard: false, defaultGrain: 'month' });
    const off = text((await manager.agent.get(`/kpis/teams/${ids.north}?period=2026-02&lang=en`)).text);
    expect(off).not.toContain('Attainment leaderboard');
    await saveKpiSettings(t.ctx, { currency: settings.currency, fiscalYearStartMonth: 1, onTrackPoints: 16.5, atRiskPoints: 33, leaderboard: true, defaultGrain: 'month' });
  });

  it('draws the trend as SVG with the same numbers in a table', async () => {
    const res = await manager.agent.get(`/kpis/teams/${ids.north}?period=2026-02&trend=close_rate&lang=en`);
    expect(res.text).toMatch(/<svg class="kpi-trend"[^>]*role="img"[^>]*aria-label="Close rate \(win rate\) over 12 periods; 2 with data/);
    const table = text(res.text.slice(res.text.indexOf('<details>')));
    expect(table).toContain('Jan 26 81.7%');
    expect(table).toContain('Feb 26 28.3%');
    expect(table).toContain('Dec 25 No data');
  });
});

describe('department and company scorecards', () => {
  it('shows the department by team and the company by department, for HR', async () => {
    const dept = text((await hr.agent.get(`/kpis/departments/${ids.sales}?period=2026-Q1&lang=en`)).text);
    expect(dept).toContain('55% · 132 of 240');
    expect(dept).toMatch(/North [^%]*55%/);
    const company = text((await hr.agent.get('/kpis/company?period=2026-Q1&lang=en')).text);
    expect(company).toContain('Nusantara');
    expect(company).toMatch(/Sales .*55%/);
  });

  it('exports a scorecard as CSV that a spreadsheet cannot run', async () => {
    await t.ctx.db.employee.update({ where: { id: ids.bob }, data: { name: '=cmd|calc' } });
    const res = await hr.agent.get(`/kpis/teams/${ids.north}/export.csv?period=2026-Q1`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.text).toContain('team,North,2026-Q1,close_rate,Close rate (win rate),percent,55,132,240,60,91.7,on_track');
    expect(res.text).toContain("person,'=cmd|calc <bob@acme.test>,2026-Q1,close_rate");
    await t.ctx.db.employee.update({ where: { id: ids.bob }, data: { name: 'Bob' } });
  });
});
