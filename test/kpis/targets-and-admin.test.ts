/**
 * Targets (SMART: KPI, owner, value, period, business goal) set from the form that shows the owner's recent
 * actuals, per period and for several periods at once; HR's catalogue, custom KPIs whose formula errors point at
 * their position, custom measures, and settings that refuse to change the meaning of stored values.
 */
import { Browser, fixedClock, startTestApp, type TestApp } from '../helpers/test-app';
import { signedInBrowser, TEST_PASSWORD } from '../helpers/sign-in';
import { buildDepartment, buildEmployee, buildOrg, buildTeam } from '../factories';
import { enableKpis, writeValues } from '../factories/kpis';
import { targetProgress } from '../../server/domain/kpis/targets.service';
import { parsePeriodKey } from '../../server/domain/kpis/periods';

let t: TestApp;
let hr: Browser;
let manager: Browser;
const ids: Record<string, string> = {};
const clock = fixedClock('2026-03-31T16:00:00Z');
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&nbsp;|\u00a0|\u202f/g, ' ').replace(/&#x27;/g, "'").replace(/&quot;/g, '"').replace(/\s+/g, ' ');

beforeAll(async () => {
  t = await startTestApp({ clock });
  const db = t.ctx.db;
  const { admin } = await buildOrg(db, { adminPassword: TEST_PASSWORD });
  const sales = await buildDepartment(db, { name: 'Sales' });
  const boss = await buildEmployee(db, { role: 'manager', email: 'boss@acme.test', name: 'Boss', password: TEST_PASSWORD });
  const north = await buildTeam(db, { name: 'North', departmentId: sales.id, managerId: boss.id });
  const alice = await buildEmployee(db, { email: 'alice@acme.test', name: 'Alice', teamId: north.id, managerId: boss.id });
  Object.assign(ids, { admin: admin.id, boss: boss.id, north: north.id, alice: alice.id, sales: sales.id });
  await enableKpis(t.ctx, ['revenue', 'close_rate', 'sales_cycle_length']);
  await writeValues(t.ctx, [
    { email: 'alice@acme.test', measure: 'won_value', period: '2026-01', value: '100000' },
    { email: 'alice@acme.test', measure: 'won_value', period: '2026-02', value: '120000' },
    { email: 'alice@acme.test', measure: 'won_value', period: '2026-03', value: '90000' },
    { email: 'alice@acme.test', measure: 'cycle_days', period: '2026-03', value: '350' },
    { email: 'alice@acme.test', measure: 'deals_won', period: '2026-03', value: 8 },
    { email: 'alice@acme.test', measure: 'deals_lost', period: '2026-03', value: 2 },
  ]);
  hr = await signedInBrowser(t.app, admin.email);
  manager = await signedInBrowser(t.app, 'boss@acme.test');
});
afterAll(() => t.close());

describe('setting targets', () => {
  it('shows the owner’s actuals of the periods before, so the target is achievable', async () => {
    const page = text((await manager.agent.get(`/kpis/targets/new?owner=person:${ids.alice}&kpi=revenue&period=2026-04&lang=en`)).text);
    expect(page).toContain('Set a target for Alice');
    expect(page).toMatch(/January 2026 US\$100,000 .*February 2026 US\$120,000 .*March 2026 US\$90,000/);
    expect(page).toMatch(/December 2025 No data/);
  });

  it('needs a number and the business goal in a sentence', async () => {
    const res = await manager.submit('/kpis/targets', { kpi: 'revenue', owner: `person:${ids.alice}`, period: '2026-04', value: 'a lot', goal: 'more', repeat: '1' }, `/kpis/targets/new?owner=person:${ids.alice}`);
    expect(res.status).toBe(400);
    expect(res.text).toContain('Enter the target as a number');
    expect(res.text).toContain('Say in a sentence which business goal this target serves');
    expect(res.text).toContain('value="a lot"');
    const zero = await manager.submit('/kpis/targets', { kpi: 'revenue', owner: `person:${ids.alice}`, period: '2026-04', value: '0', goal: 'Grow the Java accounts this quarter', repeat: '1' }, `/kpis/targets/new?owner=person:${ids.alice}`);
    expect(zero.text).toContain('A target of 0 cannot be paced');
    expect(await t.ctx.db.kpiTarget.count()).toBe(0);
  });

  it('sets a different target per period, several periods at once, and shows it with its status', async () => {
    const goal = 'Grow revenue from existing accounts in Java by 20 % this year';
    const res = await manager.submit('/kpis/targets', { kpi: 'revenue', owner: `person:${ids.alice}`, period: '2026-01', value: '110000', goal, repeat: '3' }, `/kpis/targets/new?owner=person:${ids.alice}`);
    expect(res.status).toBe(303);
    await manager.submit('/kpis/targets', { kpi: 'revenue', owner: `person:${ids.alice}`, period: '2026-03', value: '95000', goal, repeat: '1' }, `/kpis/targets/new?owner=person:${ids.alice}`);
    const targets = await t.ctx.db.kpiTarget.findMany({ orderBy: { periodStart: 'asc' } });
    expect(targets.map((x) => [x.periodStart, x.value, x.createdById])).toEqual([
      ['2026-01-01', '110000', ids.boss],
      ['2026-02-01', '110000', ids.boss],
      ['2026-03-01', '95000', ids.boss],
    ]);
    const scope = { kind: 'person', id: ids.alice } as const;
    expect(await targetProgress(t.ctx, scope, parsePeriodKey('2026-01', 1)!, 'revenue')).toMatchObject({ status: 'missed' });
    expect(await targetProgress(t.ctx, scope, parsePeriodKey('2026-02', 1)!, 'revenue')).toMatchObject({ status: 'achieved' });
    const march = text((await manager.agent.get(`/kpis/people/${ids.alice}?period=2026-03&lang=en`)).text);
    expect(march).toContain(goal);
    expect(march).toMatch(/US\$90,000 US\$95,000 .*95% .*On track/);
  });

  it('stores a percentage target as a ratio and works for lower-is-better KPIs', async () => {
    await hr.submit('/kpis/targets', { kpi: 'close_rate', owner: `team:${ids.north}`, period: '2026-03', value: '75', goal: 'Win more of the deals we already work on', repeat: '1' }, `/kpis/targets/new?owner=team:${ids.north}`);
    await hr.submit('/kpis/targets', { kpi: 'sales_cycle_length', owner: `team:${ids.north}`, period: '2026-03', value: '30', goal: 'Close deals faster so cash comes in sooner', repeat: '1' }, `/kpis/targets/new?owner=team:${ids.north}`);
    expect((await t.ctx.db.kpiTarget.findFirstOrThrow({ where: { ownerKind: 'team', kpi: { key: 'close_rate' } } })).value).toBe('0.75');
    const page = text((await hr.agent.get(`/kpis/teams/${ids.north}?period=2026-03&lang=en`)).text);
    expect(page).toMatch(/Close rate \(win rate\) 80% · 8 of 10 75% .*On track/);
    // 35 days against a 30-day target is 16.7 points over: at risk.
    expect(page).toMatch(/Sales cycle length 35 days · 350 days ÷ 10 30 days .*At risk/);
  });

  it('lets a target be changed and deleted from its page; managers never set department or company targets', async () => {
    const target = await t.ctx.db.kpiTarget.findFirstOrThrow({ where: { periodStart: '2026-02-01', ownerKind: 'person' } });
    const page = await manager.agent.get(`/kpis/targets/${target.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('value="110000"');
    expect((await manager.submit(`/kpis/targets/${target.id}/delete`, {}, `/kpis/targets/${target.id}`)).status).toBe(303);
    expect(await t.ctx.db.kpiTarget.findUnique({ where: { id: target.id } })).toBeNull();
    expect((await manager.agent.get(`/kpis/targets/new?owner=department:${ids.sales}`)).status).toBe(403);
    expect((await manager.agent.get('/kpis/targets/new?owner=company')).status).toBe(403);
    expect((await hr.agent.get('/kpis/targets/new?owner=company')).status).toBe(200);
  });
});

describe('HR’s KPI pages', () => {
  it('switches catalogue KPIs on and off', async () => {
    expect((await hr.submit('/admin/kpis/catalogue/gross_margin', {}, '/admin/kpis')).status).toBe(303);
    const kpi = await t.ctx.db.kpi.findUniqueOrThrow({ where: { key: 'gross_margin' } });
    expect(await t.ctx.db.kpiMeasure.findUnique({ where: { key: 'cogs' } })).not.toBeNull();
    await hr.submit(`/admin/kpis/${kpi.id}/active`, { active: '0' }, '/admin/kpis');
    expect((await t.ctx.db.kpi.findUniqueOrThrow({ where: { key: 'gross_margin' } })).active).toBe(false);
    expect(text((await hr.agent.get('/kpis/company?lang=en')).text)).not.toContain('Gross margin');
    const definition = text((await hr.agent.get('/kpis/definitions/close_rate?lang=en')).text);
    expect(definition).toContain('Deals won ÷ (Deals won + Deals lost)');
    expect(definition).toContain('Closed opportunities only (won + lost), not every open opportunity.');
  });

  it('saves a custom KPI, and points at the position of a formula error', async () => {
    const bad = await hr.submit('/admin/kpis', { key: 'big_wins', name: 'Big wins', formula: 'won_value / (deals_won + delas_lost)', unit: 'money', direction: 'higher', kind: 'performance' }, '/admin/kpis/new');
    expect(bad.status).toBe(400);
    expect(text(bad.text)).toContain('“delas_lost” at character 26 is not a measure');
    expect(bad.text).toContain('<mark>delas_lost</mark>');
    const unclosed = await hr.submit('/admin/kpis', { key: 'big_wins', name: 'Big wins', formula: '(won_value / deals_won', unit: 'money', direction: 'higher', kind: 'performance' }, '/admin/kpis/new');
    expect(text(unclosed.text)).toContain('The parenthesis at character 1 is never closed.');
    const ok = await hr.submit('/admin/kpis', { key: 'big_wins', name: 'Big wins', nameId: 'Kemenangan besar', formula: 'won_value ÷ deals_won × 2', unit: 'money', direction: 'higher', kind: 'performance' }, '/admin/kpis/new');
    expect(ok.status).toBe(303);
    expect((await t.ctx.db.kpi.findUniqueOrThrow({ where: { key: 'big_wins' } })).formula).toBe('won_value / deals_won * 2');
    expect(text((await hr.agent.get(`/kpis/people/${ids.alice}?period=2026-03&lang=id`)).text)).toContain('Kemenangan besar US$22.500');
    await hr.agent.get('/kpis/definitions?lang=en');
  });

  it('adds a custom measure, refusing a catalogue key', async () => {
    const taken = await hr.submit('/admin/kpis/measures', { key: 'quota', name: 'Quota', unit: 'money', level: 'person', grain: 'month', aggregation: 'sum' }, '/admin/kpis/measures/new');
    expect(taken.status).toBe(400);
    expect(taken.text).toContain('This key belongs to a catalogue measure; choose another');
    const ok = await hr.submit('/admin/kpis/measures', { key: 'demos', name: 'Demos given', unit: 'count', level: 'person', grain: 'week', aggregation: 'sum' }, '/admin/kpis/measures/new');
    expect(ok.status).toBe(303);
    expect(await t.ctx.db.kpiMeasure.findUniqueOrThrow({ where: { key: 'demos' } })).toMatchObject({ grain: 'week', decimals: 0, catalogue: false });
  });

  it('validates the settings and refuses to change the currency once money values exist', async () => {
    const bad = await hr.submit('/admin/kpis/settings', { currency: 'XYZ', fiscalYearStartMonth: '13', onTrackPoints: '40', atRiskPoints: '20', defaultGrain: 'month' }, '/admin/kpis/settings');
    expect(bad.status).toBe(400);
    for (const m of ['Choose a currency from the list', 'Choose a month', 'The at-risk limit must be at least the on-track limit']) expect(bad.text).toContain(m);
    const currency = await hr.submit('/admin/kpis/settings', { currency: 'IDR', fiscalYearStartMonth: '1', onTrackPoints: '10', atRiskPoints: '20', defaultGrain: 'month', leaderboard: 'on' }, '/admin/kpis/settings');
    expect(currency.status).toBe(409);
    expect(currency.text).toContain('Money values are stored in the current currency');
    const fiscal = await hr.submit('/admin/kpis/settings', { currency: 'USD', fiscalYearStartMonth: '4', onTrackPoints: '10', atRiskPoints: '20', defaultGrain: 'month', leaderboard: 'on' }, '/admin/kpis/settings');
    expect(fiscal.status).toBe(303);
    const page = text((await hr.agent.get(`/kpis/teams/${ids.north}?period=2025-Q4&lang=en`)).text);
    expect(page).toContain('Q4 FY 2025/26');
    expect(page).toContain('up to 10 points behind');
    expect(page).toMatch(/Sales cycle length 35 days/); // Q4 of the April fiscal year holds March
  });
});
