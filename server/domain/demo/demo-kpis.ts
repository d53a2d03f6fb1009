/**
 * Twelve months of sales KPIs for the demo organisation: every person of every sales team gets their monthly base
 * measures (leads, conversions, deals won and lost, revenue, quota, cycle days, response hours, new customers), each
 * team its sales and marketing cost, and targets per person, team, the Sales department and the company for every month. The numbers tell the demo's
 * story (demo-story.ts): the story team's win rate, revenue and response times slip three to four months ago, as its
 * eNPS falls, and recover since. The current month holds the numbers so far. Deterministic (seeded); written through
 * the same path as a CSV import, so every value has its history. Run after seedDemoOrg; does nothing twice.
 */
import type { AppContext } from '../../context';
import { enableCatalogueKpi } from '../kpis/kpi-definitions.service';
import { getKpiSettings, kpiWrite, saveKpiSettings } from '../kpis/kpi-settings.service';
import { elapsedShare, periodContaining, periodsEndingWith, todayIn } from '../kpis/periods';
import { resolveValueRows, type RawValueRow } from '../kpis/value-rows';
import { applyWrites } from '../kpis/value-writes.service';
import { DEMO_HR_EMAIL } from './demo-org';
import { STORY_TEAM, storyDip } from './demo-story';

export const DEMO_KPIS = [
  'revenue',
  'sales_volume',
  'average_deal_size',
  'quota_attainment',
  'sales_growth',
  'customer_acquisition_cost',
  'leads_generated',
  'conversion_rate',
  'close_rate',
  'sales_cycle_length',
  'lead_response_time',
];

interface Profile {
  leads: [number, number];
  conversion: number;
  win: number;
  deal: [number, number];
  cycle: number;
  response: number;
}

const PROFILES: Record<string, Profile> = {
  'Enterprise Sales': { leads: [12, 20], conversion: 0.45, win: 0.4, deal: [180_000_000, 420_000_000], cycle: 70, response: 6 },
  'SMB Sales': { leads: [45, 70], conversion: 0.32, win: 0.3, deal: [18_000_000, 45_000_000], cycle: 25, response: 3 },
  'Inside Sales': { leads: [110, 160], conversion: 0.22, win: 0.26, deal: [3_000_000, 8_000_000], cycle: 9, response: 1 },
};

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const between = (rand: () => number, [lo, hi]: [number, number]) => lo + rand() * (hi - lo);
const toMillion = (n: number) => Math.max(0, Math.round(n / 1_000_000) * 1_000_000);

/** Seeds the KPIs, values and targets. Returns false when KPIs exist already or there is no sales team. */
export async function seedDemoKpis(ctx: AppContext): Promise<boolean> {
  if ((await ctx.db.kpi.count()) > 0) return false;
  const teams = await ctx.db.team.findMany({ where: { name: { in: Object.keys(PROFILES) } }, include: { members: { orderBy: { email: 'asc' } } }, orderBy: { name: 'asc' } });
  if (!teams.length) return false;
  const hr = await ctx.db.employee.findUnique({ where: { email: DEMO_HR_EMAIL } });
  const settings = await getKpiSettings(ctx);
  await saveKpiSettings(ctx, { currency: 'IDR', fiscalYearStartMonth: 1, onTrackPoints: settings.thresholds.onTrack, atRiskPoints: settings.thresholds.atRisk, leaderboard: true, defaultGrain: 'month' });
  for (const key of DEMO_KPIS) await enableCatalogueKpi(ctx, key);
  const kpis = new Map((await ctx.db.kpi.findMany()).map((k) => [k.key, k.id]));

  const now = ctx.clock.now();
  const tz = (await getKpiSettings(ctx)).timeZone;
  const months = periodsEndingWith(periodContaining('month', todayIn(now, tz), 1), 12, 1);
  const elapsed = elapsedShare(months[11], now, tz);
  const rand = rng(1207);
  const rows: RawValueRow[] = [];
  const targets: { kpi: string; ownerKind: 'person' | 'team' | 'department' | 'company'; ownerId: string; periodStart: string; value: string; goal: string }[] = [];
  const row = (data: Record<string, unknown>) => rows.push({ ref: ['demo', rows.length], data });

  for (const team of teams) {
    const p = PROFILES[team.name];
    const story = team.name === STORY_TEAM;
    const people = team.members.map((m) => ({ ...m, skill: 0.8 + rand() * 0.4, lead: m.id === team.managerId }));
    months.forEach((month, i) => {
      const monthsAgo = 11 - i;
      const share = i === 11 ? elapsed.passed / elapsed.total : 1;
      const dip = story ? storyDip(monthsAgo) : 0;
      const season = 1 + 0.08 * Math.sin(((month.firstMonth % 12) / 12) * 2 * Math.PI);
      let teamQuota = 0;
      for (const person of people) {
        if (!person.active && monthsAgo < 3) continue;
        const own = person.lead ? 0.5 : 1;
        const leads = Math.round(between(rand, p.leads) * person.skill * own * season * (1 - 0.15 * dip) * share);
        const converted = Math.round(leads * p.conversion * (1 - 0.2 * dip) * (0.9 + rand() * 0.2));
        const closed = Math.round(converted * 0.85);
        const won = Math.min(closed, Math.round(closed * p.win * Math.sqrt(person.skill) * (1 - 0.5 * dip) * (0.85 + rand() * 0.3)));
        const revenue = Math.round((won * between(rand, p.deal)) / 100_000) * 100_000;
        const quota = toMillion(between(rand, p.leads) * own * p.conversion * 0.85 * p.win * ((p.deal[0] + p.deal[1]) / 2) * 1.05);
        const responded = Math.round(leads * 0.96);
        teamQuota += quota;
        const email = person.email;
        const values: [string, number | string][] = [
          ['leads', leads],
          ['leads_converted', converted],
          ['deals_won', won],
          ['deals_lost', closed - won],
          ['won_value', revenue],
          ['quota', quota],
          ['cycle_days', Math.round(closed * p.cycle * (1 + 0.5 * dip) * (0.85 + rand() * 0.3))],
          ['leads_responded', responded],
          ['response_hours', (responded * p.response * (1 + 1.4 * dip) * (0.8 + rand() * 0.4)).toFixed(2)],
          ['new_customers', Math.round(won * 0.8)],
        ];
        for (const [measure, value] of values) row({ email, measure, period: month.key, value, reason: 'Imported from the CRM' });
        targets.push({ kpi: 'revenue', ownerKind: 'person', ownerId: person.id, periodStart: month.start, value: String(quota), goal: 'Reach this month’s quota from your own pipeline' });
      }
      row({ teamId: team.id, measure: 'sales_cost', period: month.key, value: toMillion(teamQuota * 0.12 * share), reason: 'Monthly marketing and travel budget spent' });
      targets.push(
        { kpi: 'revenue', ownerKind: 'team', ownerId: team.id, periodStart: month.start, value: String(teamQuota), goal: 'Grow new-business revenue 20 % this year' },
        { kpi: 'close_rate', ownerKind: 'team', ownerId: team.id, periodStart: month.start, value: String(p.win), goal: 'Win more of the opportunities we already work' },
        { kpi: 'sales_cycle_length', ownerKind: 'team', ownerId: team.id, periodStart: month.start, value: String(p.cycle), goal: 'Close deals sooner so revenue lands in the quarter' },
        { kpi: 'lead_response_time', ownerKind: 'team', ownerId: team.id, periodStart: month.start, value: String(p.response), goal: 'Answer every new lead on the day it arrives' },
      );
    });
  }

  // The department's and the company's revenue targets: what their teams plan.
  const sales = await ctx.db.department.findFirst({ where: { name: 'Sales' }, select: { id: true } });
  for (const m of months) {
    const planned = targets.filter((x) => x.kpi === 'revenue' && x.ownerKind === 'team' && x.periodStart === m.start).reduce((sum, x) => sum + Number(x.value), 0);
    const goal = 'Grow new-business revenue 20 % this year';
    targets.push({ kpi: 'revenue', ownerKind: 'company', ownerId: '', periodStart: m.start, value: String(planned), goal });
    if (sales) targets.push({ kpi: 'revenue', ownerKind: 'department', ownerId: sales.id, periodStart: m.start, value: String(planned), goal });
  }
  const { writes, issues } = await resolveValueRows(ctx.db, rows, { all: true }, 1);
  if (issues.length) throw new Error(`demo KPI values refused: ${JSON.stringify(issues.slice(0, 3))}`);
  await applyWrites(ctx, writes, { source: 'csv', changedById: hr?.id ?? null, apiTokenId: null });
  const by = hr?.id ?? '';
  await kpiWrite(ctx, async (tx) => {
    await tx.kpiTarget.createMany({
      data: targets.map((x) => ({ kpiId: kpis.get(x.kpi) as string, ownerKind: x.ownerKind, ownerId: x.ownerId, periodKind: 'month', periodStart: x.periodStart, value: x.value, goal: x.goal, createdById: by, updatedById: by })),
    });
  });
  return true;
}
