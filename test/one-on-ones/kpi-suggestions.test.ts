/**
 * Suggested talking points from the report's KPIs: a KPI behind its target this period is offered to the
 * report's manager (in their language), added only when picked, and never to someone who may not see those KPIs.
 */
import { fixedClock, startTestApp, type TestApp } from '../helpers/test-app';
import { buildOrg } from '../factories';
import { buildPair, buildSeries, meetingsOf } from '../factories/one-on-ones';
import { enableKpis, setTarget, writeValues } from '../factories/kpis';
import { acceptSuggestion, meetingPage } from '../../server/domain/one-on-ones/meeting-page.service';
import { kpiSource } from '../../server/domain/one-on-ones/kpi-suggestions';

// Two thirds of March have passed: 10 of a 100 deal target is far behind the expected 65.
const clock = fixedClock('2026-03-21T12:00:00Z');
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ clock });
  const { admin } = await buildOrg(t.ctx.db);
  const [volume, leads] = await enableKpis(t.ctx, ['sales_volume', 'leads_generated']);
  const pair = await buildPair(t.ctx, { teamName: 'Field Sales' });
  await writeValues(t.ctx, [
    { email: pair.report.email, measure: 'deals_won', period: '2026-03', value: 10 },
    { email: pair.report.email, measure: 'leads', period: '2026-03', value: 90 },
  ]);
  await setTarget(t.ctx, { kpiId: volume.id, ownerKind: 'person', ownerId: pair.report.id, periodKind: 'month', periodStart: '2026-03-01', value: '100', by: admin.id });
  await setTarget(t.ctx, { kpiId: leads.id, ownerKind: 'person', ownerId: pair.report.id, periodKind: 'month', periodStart: '2026-03-01', value: '100', by: admin.id });
  const s = await buildSeries(t.ctx, pair.manager.id, pair.report.id, { startDate: '2026-03-20' });
  const [m] = await meetingsOf(t.ctx, s.id);
  Object.assign(state, { ...pair, meetingId: m.id });
});
afterAll(() => t.close());
const state = {} as { manager: { id: string; role: string }; report: { id: string; name: string; teamId: string | null }; meetingId: string };

it('offers the manager the report’s off-track KPI (not the one on track), and adds it as a KPI point when picked', async () => {
  const page = await meetingPage(t.ctx, state.manager.id, state.meetingId, 'en');
  const kpi = page.suggestions.filter((s) => s.source === 'kpi');
  expect(kpi.map((s) => s.text)).toEqual([`Sales volume is off track for March 2026: 10% of the 100 target. What would help ${state.report.name}?`]);
  await acceptSuggestion(t.ctx, state.manager.id, state.meetingId, kpi[0].key, 'en');
  const after = await meetingPage(t.ctx, state.manager.id, state.meetingId, 'en');
  expect(after.agenda.map((a) => [a.text, a.source])).toEqual([[kpi[0].text, 'kpi']]);
  expect(after.suggestions.filter((s) => s.source === 'kpi')).toEqual([]);
});

it('speaks Indonesian to a manager reading in Indonesian, and offers nothing to the report or to another manager', async () => {
  const report = await t.ctx.db.employee.findUniqueOrThrow({ where: { id: state.report.id }, select: { id: true, name: true, teamId: true } });
  const id = await kpiSource.suggest(t.ctx, { manager: state.manager, report, locale: 'id' });
  expect(id.map((s) => s.text)).toEqual([expect.stringMatching(/^Volume penjualan keluar jalur untuk /)]);
  expect((await meetingPage(t.ctx, state.report.id, state.meetingId, 'en')).suggestions).toEqual([]);
  const stranger = await buildPair(t.ctx, { teamName: 'Elsewhere' });
  expect(await kpiSource.suggest(t.ctx, { manager: stranger.manager, report, locale: 'en' })).toEqual([]);
});
