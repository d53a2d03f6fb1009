/**
 * Every department's scorecard at once (HR's overview): the company's parts with the department targets must be
 * exactly each department's own scorecard — the same figures from the same base measures, the same targets, pace
 * and status — including a department with no values and a department target that is ahead or behind.
 */
import { fixedClock, startTestApp, type TestApp } from '../helpers/test-app';
import { seedDemoOrg, DEMO_HR_EMAIL } from '../../server/domain/demo/demo-org';
import { seedDemoKpis } from '../../server/domain/demo/demo-kpis';
import { periodContaining } from '../../server/domain/kpis/periods';
import { departmentScorecards, scorecard } from '../../server/domain/kpis/scorecard.service';
import { saveTargets } from '../../server/domain/kpis/targets.service';
import { kpiViewerOf } from '../../server/domain/kpis/viewer.service';

let t: TestApp;
const clock = fixedClock('2026-11-18T03:00:00Z');

beforeAll(async () => {
  t = await startTestApp({ clock });
  await seedDemoOrg(t.ctx);
  expect(await seedDemoKpis(t.ctx)).toBe(true);
});
afterAll(() => t.close());

it('gives every department the rows its own scorecard gives, targets, pace and status included', async () => {
  const hr = await t.ctx.db.employee.findUniqueOrThrow({ where: { email: DEMO_HR_EMAIL } });
  const viewer = await kpiViewerOf(t.ctx, hr);
  const empty = await t.ctx.db.department.create({ data: { name: 'No numbers yet' } });
  const departments = await t.ctx.db.department.findMany({ select: { id: true, name: true } });
  const sales = departments.find((d) => d.name === 'Sales')!;
  const period = periodContaining('month', '2026-11-18', 1);
  // One target far below and one far above what Sales did, and one for the department without numbers.
  await saveTargets(t.ctx, viewer, { kpi: 'revenue', owner: `department:${sales.id}`, period: period.key, value: '1', goal: 'Any revenue', repeat: '1' }, 'en');
  await saveTargets(t.ctx, viewer, { kpi: 'sales_volume', owner: `department:${sales.id}`, period: period.key, value: '1000000', goal: 'A million deals', repeat: '1' }, 'en');
  await saveTargets(t.ctx, viewer, { kpi: 'revenue', owner: `department:${empty.id}`, period: period.key, value: '5000', goal: 'A first sale', repeat: '1' }, 'en');

  const all = await departmentScorecards(t.ctx, departments.map((d) => d.id), period);
  expect([...all.keys()].sort()).toEqual(departments.map((d) => d.id).sort());
  const statuses = new Set<string>();
  for (const d of departments) {
    const own = await scorecard(t.ctx, { kind: 'department', id: d.id }, period, { parts: false });
    expect(all.get(d.id)).toEqual(own.rows);
    for (const r of own.rows) if (r.target) statuses.add(`${d.name}:${r.kpi.key}:${r.target.pace.status}`);
  }
  // The comparison covered targets with different outcomes and a department whose figures are all empty.
  expect(statuses.size).toBe(3);
  expect(new Set([...statuses].map((s) => s.split(':')[2])).size).toBeGreaterThan(1);
  expect(all.get(empty.id)!.every((r) => r.figure.value === null)).toBe(true);
  expect(all.get(sales.id)!.some((r) => r.figure.value !== null)).toBe(true);
});
