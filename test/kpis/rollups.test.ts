/**
 * Values written and rolled up on a real database: exact roll-ups at person, team, department and company level
 * (the Simpson's-paradox example from the notes), team totals that always equal the values, missing periods
 * shown as missing, growth against the same-length period before, opening and closing stocks, weeks in months.
 */
import { startTestApp, type TestApp } from '../helpers/test-app';
import { buildDepartment, buildEmployee, buildOrg, buildTeam } from '../factories';
import { enableKpis, SIMPSON_ROWS, writeValues } from '../factories/kpis';
import { createMeasure } from '../../server/domain/kpis/kpi-definitions.service';
import { saveCustomKpi } from '../../server/domain/kpis/kpi-definitions.service';
import { parsePeriodKey } from '../../server/domain/kpis/periods';
import { toNumber } from '../../server/domain/kpis/rational';
import { kpiTrend, scorecard, type Scorecard } from '../../server/domain/kpis/scorecard.service';
import { rebuildTeamTotals } from '../../server/domain/kpis/value-store';
import { getKpiSettings, kpiWrite, writeMark } from '../../server/domain/kpis/kpi-settings.service';
import { resolveValueRows } from '../../server/domain/kpis/value-rows';
import { applyWrites } from '../../server/domain/kpis/value-writes.service';

let t: TestApp;
const ids: Record<string, string> = {};
const period = (key: string) => parsePeriodKey(key, 1)!;
const valueOf = (card: Scorecard, key: string) => {
  const row = card.rows.find((r) => r.kpi.key === key)!;
  return row.figure.value === null ? null : toNumber(row.figure.value);
};
const partOf = (card: Scorecard, child: string, key: string) => {
  const kpi = card.kpis.find((k) => k.key === key)!;
  const v = card.parts.find((p) => p.child === child)?.figures.get(kpi.id)?.value;
  return v ? toNumber(v) : null;
};

beforeAll(async () => {
  t = await startTestApp();
  const db = t.ctx.db;
  await buildOrg(db);
  const sales = await buildDepartment(db, { name: 'Sales' });
  const ops = await buildDepartment(db, { name: 'Ops' });
  const north = await buildTeam(db, { name: 'North', departmentId: sales.id });
  const south = await buildTeam(db, { name: 'South', departmentId: sales.id });
  const depot = await buildTeam(db, { name: 'Depot', departmentId: ops.id });
  const alice = await buildEmployee(db, { email: 'alice@acme.test', teamId: north.id });
  const bob = await buildEmployee(db, { email: 'bob@acme.test', teamId: north.id });
  const cara = await buildEmployee(db, { email: 'cara@acme.test', teamId: south.id });
  const dan = await buildEmployee(db, { email: 'dan@acme.test', teamId: depot.id });
  Object.assign(ids, { sales: sales.id, ops: ops.id, north: north.id, south: south.id, depot: depot.id, alice: alice.id, bob: bob.id, cara: cara.id, dan: dan.id });
  await enableKpis(t.ctx, ['close_rate', 'quota_attainment', 'revenue', 'sales_growth', 'customer_retention_rate', 'customer_acquisition_cost']);
  // Simpson's paradox: January = small deals, February = enterprise deals.
  await writeValues(t.ctx, [
    ...SIMPSON_ROWS,
    // Quota attainment 150/100 and 50/200.
    { email: 'alice@acme.test', measure: 'won_value', period: '2026-01', value: '150' },
    { email: 'alice@acme.test', measure: 'quota', period: '2026-01', value: '100' },
    { email: 'bob@acme.test', measure: 'won_value', period: '2026-01', value: '50' },
    { email: 'bob@acme.test', measure: 'quota', period: '2026-01', value: '200' },
    { email: 'cara@acme.test', measure: 'won_value', period: '2026-01', value: '100.50' },
    { email: 'dan@acme.test', measure: 'won_value', period: '2026-01', value: '10' },
  ]);
});
afterAll(() => t.close());

describe('roll-ups from summed base measures', () => {
  it("gives Alice 40 % (48 of 120) over the quarter, not the 60 % mean of her months, and Bob 70 %", async () => {
    const alice = await scorecard(t.ctx, { kind: 'person', id: ids.alice }, period('2026-Q1'));
    const row = alice.rows.find((r) => r.kpi.key === 'close_rate')!;
    expect(toNumber(row.figure.value!)).toBe(0.4);
    expect([toNumber(row.figure.numerator!), toNumber(row.figure.denominator!)]).toEqual([48, 120]);
    expect(valueOf(await scorecard(t.ctx, { kind: 'person', id: ids.bob }, period('2026-Q1')), 'close_rate')).toBe(0.7);
    // Month by month Alice is ahead of Bob.
    expect(valueOf(await scorecard(t.ctx, { kind: 'person', id: ids.alice }, period('2026-01')), 'close_rate')).toBe(0.9);
    expect(valueOf(await scorecard(t.ctx, { kind: 'person', id: ids.bob }, period('2026-01')), 'close_rate')).toBe(0.8);
  });

  it('gives the team 132 of 240 (55 %) and its members their own rates', async () => {
    const team = await scorecard(t.ctx, { kind: 'team', id: ids.north }, period('2026-Q1'));
    expect(valueOf(team, 'close_rate')).toBe(0.55);
    expect(partOf(team, `person:${ids.alice}`, 'close_rate')).toBe(0.4);
    expect(partOf(team, `person:${ids.bob}`, 'close_rate')).toBe(0.7);
  });

  it('gives team quota attainment of 200/300, not the 87.5 % mean', async () => {
    const team = await scorecard(t.ctx, { kind: 'team', id: ids.north }, period('2026-01'));
    expect(valueOf(team, 'quota_attainment')).toBeCloseTo(2 / 3, 10);
  });

  it('adds money exactly up the department and company, with the parts beside them', async () => {
    const dept = await scorecard(t.ctx, { kind: 'department', id: ids.sales }, period('2026-01'));
    expect(valueOf(dept, 'revenue')).toBe(300.5);
    expect(partOf(dept, ids.south, 'revenue')).toBe(100.5);
    const company = await scorecard(t.ctx, { kind: 'company' }, period('2026-01'));
    expect(valueOf(company, 'revenue')).toBe(310.5);
    expect(partOf(company, ids.ops, 'revenue')).toBe(10);
    expect(valueOf(company, 'close_rate')).toBe((18 + 80) / 120);
  });

  it('shows periods without data as missing, never zero', async () => {
    const march = await scorecard(t.ctx, { kind: 'company' }, period('2026-03'));
    expect(valueOf(march, 'revenue')).toBeNull();
    expect(valueOf(march, 'close_rate')).toBeNull();
    const cara = await scorecard(t.ctx, { kind: 'person', id: ids.cara }, period('2026-01'));
    expect(valueOf(cara, 'close_rate')).toBeNull(); // no deals entered
    expect(valueOf(cara, 'quota_attainment')).toBeNull(); // no quota entered
  });

  it('compares growth with the same-length period before, and has none without it', async () => {
    await writeValues(t.ctx, [
      { email: 'cara@acme.test', measure: 'won_value', period: '2025-10', value: '40' },
      { email: 'cara@acme.test', measure: 'won_value', period: '2025-12', value: '60' },
      { email: 'cara@acme.test', measure: 'won_value', period: '2026-02', value: '20' },
    ]);
    const growth = async (key: string) => valueOf(await scorecard(t.ctx, { kind: 'person', id: ids.cara }, period(key)), 'sales_growth');
    expect(await growth('2026-01')).toBeCloseTo(100.5 / 60 - 1, 10); // January against December
    expect(await growth('2026-Q1')).toBeCloseTo(120.5 / 100 - 1, 10); // Q1 against Q4, not against a month
    expect(await growth('2025-12')).toBeNull(); // November is missing
    const trend = await kpiTrend(t.ctx, { kind: 'person', id: ids.cara }, period('2026-03'), 6);
    const kpi = (await scorecard(t.ctx, { kind: 'company' }, period('2026-01'))).kpis.find((k) => k.key === 'revenue')!;
    expect(trend.periods.map((p) => p.key)).toEqual(['2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03']);
    expect(trend.series.get(kpi.id)!.map((f) => (f.value ? toNumber(f.value) : null))).toEqual([40, null, 60, 100.5, 20, null]);
  });

  it('takes opening stocks from the first period and closing stocks from the last', async () => {
    await writeValues(t.ctx, [
      { email: 'dan@acme.test', measure: 'customers_start', period: '2026-01', value: 100 },
      { email: 'dan@acme.test', measure: 'customers_end', period: '2026-01', value: 104 },
      { email: 'dan@acme.test', measure: 'new_customers', period: '2026-01', value: 8 },
      { email: 'dan@acme.test', measure: 'customers_start', period: '2026-02', value: 104 },
      { email: 'dan@acme.test', measure: 'customers_end', period: '2026-02', value: 110 },
      { email: 'dan@acme.test', measure: 'new_customers', period: '2026-02', value: 10 },
    ]);
    const q1 = await scorecard(t.ctx, { kind: 'person', id: ids.dan }, period('2026-Q1'));
    expect(valueOf(q1, 'customer_retention_rate')).toBe((110 - 18) / 100);
    const company = await scorecard(t.ctx, { kind: 'company' }, period('2026-Q1'));
    expect(valueOf(company, 'customer_retention_rate')).toBe((110 - 18) / 100);
  });

  it('keeps team-level measures with the team, and the team totals equal to the values', async () => {
    await writeValues(t.ctx, [
      { team: 'North', measure: 'sales_cost', period: '2026-01', value: '1000' },
      { email: 'alice@acme.test', measure: 'new_customers', period: '2026-01', value: 3 },
      { email: 'bob@acme.test', measure: 'new_customers', period: '2026-01', value: 2 },
    ]);
    const north = await scorecard(t.ctx, { kind: 'team', id: ids.north }, period('2026-01'));
    expect(valueOf(north, 'customer_acquisition_cost')).toBe(200);
    expect(partOf(north, `team:${ids.north}`, 'revenue')).toBeNull();
    expect(valueOf(await scorecard(t.ctx, { kind: 'person', id: ids.alice }, period('2026-01')), 'customer_acquisition_cost')).toBeNull();

    const before = await t.ctx.db.kpiTeamTotal.findMany({ orderBy: [{ teamId: 'asc' }, { measureKey: 'asc' }, { periodStart: 'asc' }] });
    await rebuildTeamTotals(t.ctx.db);
    const after = await t.ctx.db.kpiTeamTotal.findMany({ orderBy: [{ teamId: 'asc' }, { measureKey: 'asc' }, { periodStart: 'asc' }] });
    expect(before).toEqual(after);
    expect(before.length).toBeGreaterThan(10);
  });

  it('keeps a value with the team it was made in when its person moves', async () => {
    await t.ctx.db.employee.update({ where: { id: ids.cara }, data: { teamId: ids.north } });
    await writeValues(t.ctx, [
      { email: 'cara@acme.test', measure: 'won_value', period: '2026-01', value: '200.50' }, // a correction of January
      { email: 'cara@acme.test', measure: 'won_value', period: '2026-03', value: '70' }, // new, in North
    ]);
    const jan = await scorecard(t.ctx, { kind: 'department', id: ids.sales }, period('2026-01'));
    expect(partOf(jan, ids.south, 'revenue')).toBe(200.5);
    const march = await scorecard(t.ctx, { kind: 'department', id: ids.sales }, period('2026-03'));
    expect(partOf(march, ids.north, 'revenue')).toBe(70);
    expect(partOf(march, ids.south, 'revenue')).toBeNull();
  });

  it('adds weeks into the month of their Thursday and keeps a monthly measure out of a week', async () => {
    await createMeasure(t.ctx, { key: 'calls', name: 'Calls made', nameId: 'Panggilan', unit: 'count', level: 'person', grain: 'week', aggregation: 'sum' });
    await saveCustomKpi(t.ctx, { key: 'calls_made', name: 'Calls', nameId: '', description: '', descriptionId: '', formula: 'calls', unit: 'count', direction: 'higher', kind: 'process' });
    await writeValues(t.ctx, [
      { email: 'bob@acme.test', measure: 'calls', period: '2026-W05', value: 10 }, // 26 Jan – 1 Feb: January
      { email: 'bob@acme.test', measure: 'calls', period: '2026-02-04', value: 7 }, // W06: February
    ]);
    const bob = (key: string, kpi: string) => scorecard(t.ctx, { kind: 'person', id: ids.bob }, period(key)).then((c) => valueOf(c, kpi));
    expect(await bob('2026-01', 'calls_made')).toBe(10);
    expect(await bob('2026-02', 'calls_made')).toBe(7);
    expect(await bob('2026-W06', 'calls_made')).toBe(7);
    expect(await bob('2026-W06', 'close_rate')).toBeNull();
    expect(await bob('2026-Q1', 'calls_made')).toBe(17);
  });

  it('never serves a cached scorecard older than the last write, even one computed while a write was in flight', async () => {
    const march = period('2026-03');
    const revenue = async () => valueOf(await scorecard(t.ctx, { kind: 'person', id: ids.dan }, march), 'revenue');
    expect(await revenue()).toBeNull();
    await writeValues(t.ctx, [{ email: 'dan@acme.test', measure: 'won_value', period: '2026-03', value: '5' }]);
    expect(await revenue()).toBe(5);
    await kpiWrite(t.ctx, async (tx) => {
      await tx.kpiValue.updateMany({ where: { ownerId: ids.dan, measureKey: 'won_value', periodStart: '2026-03-01' }, data: { value: 700n } });
      expect(writeMark(t.ctx.db)).toBeNull();
      await revenue(); // on SQLite this read shares the write's connection and sees it half done
      await tx.kpiValue.updateMany({ where: { ownerId: ids.dan, measureKey: 'won_value', periodStart: '2026-03-01' }, data: { value: 900n } });
    });
    expect(await revenue()).toBe(9);
    await rebuildTeamTotals(t.ctx.db); // the values were changed behind the write path's back
  });

  it('moves the team totals by exactly what each write changes: creates, updates, clears and moves included', async () => {
    const settings = await getKpiSettings(t.ctx);
    const rand = (() => {
      let x = 7;
      return () => (x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    })();
    const people = ['alice@acme.test', 'bob@acme.test', 'cara@acme.test', 'dan@acme.test'];
    for (let round = 0; round < 12; round++) {
      if (round === 6) await t.ctx.db.employee.update({ where: { id: ids.bob }, data: { teamId: ids.depot } });
      const rows = people.flatMap((email) =>
        ['won_value', 'deals_won', 'deals_lost'].map((measure) => ({ email, measure, period: `2025-0${1 + Math.floor(rand() * 3)}`, value: rand() < 0.2 ? '' : String(Math.floor(rand() * 50)) })),
      );
      const unique = [...new Map(rows.map((r) => [`${r.email}|${r.measure}|${r.period}`, r])).values()];
      const { writes, issues } = await resolveValueRows(t.ctx.db, unique.map((data, i) => ({ ref: ['values', i], data })), { all: true }, settings.fiscalYearStartMonth, { allowClear: true });
      expect(issues).toEqual([]);
      await applyWrites(t.ctx, writes, { source: 'form', changedById: null, apiTokenId: null });
    }
    const order = [{ teamId: 'asc' as const }, { departmentId: 'asc' as const }, { measureKey: 'asc' as const }, { periodStart: 'asc' as const }];
    const kept = (await t.ctx.db.kpiTeamTotal.findMany({ orderBy: order })).filter((r) => r.count > 0);
    await rebuildTeamTotals(t.ctx.db);
    const rebuilt = (await t.ctx.db.kpiTeamTotal.findMany({ orderBy: order })).filter((r) => r.count > 0);
    expect(kept).toEqual(rebuilt);
    expect(kept.some((r) => r.periodStart.startsWith('2025-0'))).toBe(true);
  });
});
