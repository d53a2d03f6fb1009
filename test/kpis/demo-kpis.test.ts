/**
 * The demo's KPIs: twelve months of numbers and targets for every sales team and person, written with their
 * history, and the story — Enterprise Sales slips three to four months ago while its eNPS falls, then both recover.
 */
import { fixedClock, startTestApp, type TestApp } from '../helpers/test-app';
import { seedDemoOrg } from '../../server/domain/demo/demo-org';
import { seedDemoSurveyHistory } from '../../server/domain/demo/demo-results';
import { DEMO_KPIS, seedDemoKpis } from '../../server/domain/demo/demo-kpis';
import { STORY_TEAM } from '../../server/domain/demo/demo-story';
import { listResultRounds } from '../../server/domain/results/result-rounds.service';
import { enpsTrend } from '../../server/domain/results/trend.service';
import { parsePeriodKey, periodContaining, shiftPeriod } from '../../server/domain/kpis/periods';
import { toNumber } from '../../server/domain/kpis/rational';
import { scorecard } from '../../server/domain/kpis/scorecard.service';

let t: TestApp;
const clock = fixedClock('2026-11-18T03:00:00Z');

beforeAll(async () => {
  t = await startTestApp({ clock });
  await seedDemoOrg(t.ctx);
  await seedDemoSurveyHistory(t.ctx);
  expect(await seedDemoKpis(t.ctx)).toBe(true);
});
afterAll(() => t.close());

const month = (monthsAgo: number) => shiftPeriod(periodContaining('month', '2026-11-18', 1), monthsAgo, 1);

describe('the demo’s KPIs', () => {
  it('has twelve months of values and targets for every sales team and person, in rupiah, and seeds once', async () => {
    expect(await seedDemoKpis(t.ctx)).toBe(false);
    expect((await t.ctx.db.kpi.findMany({ where: { active: true } })).map((k) => k.key).sort()).toEqual([...DEMO_KPIS].sort());
    expect((await t.ctx.db.kpiSettings.findUniqueOrThrow({ where: { id: 1 } })).currency).toBe('IDR');
    const teams = await t.ctx.db.team.findMany({ where: { department: { name: 'Sales' } }, include: { members: { where: { active: true } } } });
    expect(teams.map((tm) => tm.name).sort()).toEqual(['Enterprise Sales', 'Inside Sales', 'SMB Sales']);
    for (const team of teams) {
      for (const person of team.members) {
        const periods = await t.ctx.db.kpiValue.findMany({ where: { ownerId: person.id, measureKey: 'won_value' }, select: { periodStart: true } });
        expect(periods).toHaveLength(12);
        expect(await t.ctx.db.kpiTarget.count({ where: { ownerKind: 'person', ownerId: person.id } })).toBe(12);
      }
      expect(await t.ctx.db.kpiTarget.count({ where: { ownerKind: 'team', ownerId: team.id } })).toBe(48);
      expect(await t.ctx.db.kpiValue.count({ where: { ownerKind: 'team', ownerId: team.id, measureKey: 'sales_cost' } })).toBe(12);
    }
    expect(await t.ctx.db.kpiValueChange.count({ where: { source: 'csv' } })).toBe(await t.ctx.db.kpiValue.count());
  });

  it(`tells the story: ${STORY_TEAM} slips while its eNPS falls, and both recover`, async () => {
    const team = await t.ctx.db.team.findFirstOrThrow({ where: { name: STORY_TEAM } });
    const figure = async (monthsAgo: number, key: string) => {
      const card = await scorecard(t.ctx, { kind: 'team', id: team.id }, month(monthsAgo), { parts: false });
      return toNumber(card.rows.find((r) => r.kpi.key === key)!.figure.value!);
    };
    const attainment = { before: await figure(9, 'quota_attainment'), worst: await figure(3, 'quota_attainment'), after: await figure(1, 'quota_attainment') };
    expect(attainment.worst).toBeLessThan(attainment.before * 0.75);
    expect(attainment.worst).toBeLessThan(attainment.after * 0.75);
    expect(await figure(3, 'close_rate')).toBeLessThan((await figure(9, 'close_rate')) * 0.8);
    expect(await figure(3, 'lead_response_time')).toBeGreaterThan((await figure(9, 'lead_response_time')) * 1.5);

    const points = await enpsTrend(t.ctx, await listResultRounds(t.ctx), { kind: 'team', teamId: team.id }, 5, new Map());
    const weeksAgo = (d: Date) => (clock.now().getTime() - d.getTime()) / (7 * 86_400_000);
    const mean = (from: number, to: number) => {
      const scores = points.filter((p) => p.enps?.score != null && weeksAgo(p.openedAt) >= from && weeksAgo(p.openedAt) < to).map((p) => p.enps!.score as number);
      expect(scores.length).toBeGreaterThanOrEqual(3);
      return scores.reduce((a, b) => a + b, 0) / scores.length;
    };
    const early = mean(23, 27);
    const dip = mean(13, 18);
    const recent = mean(0, 7);
    expect(dip).toBeLessThan(early - 20);
    expect(dip).toBeLessThan(recent - 20);
  });

  it('holds the current month’s numbers so far, with pace against the team’s targets', async () => {
    const team = await t.ctx.db.team.findFirstOrThrow({ where: { name: 'SMB Sales' } });
    const card = await scorecard(t.ctx, { kind: 'team', id: team.id }, parsePeriodKey('2026-11', 1)!, { parts: false });
    const revenue = card.rows.find((r) => r.kpi.key === 'revenue')!;
    expect(revenue.target).not.toBeNull();
    expect(revenue.target!.pace.ended).toBe(false);
    expect(['on_track', 'at_risk', 'off_track']).toContain(revenue.target!.pace.status);
  });
});
