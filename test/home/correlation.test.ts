/**
 * People and performance: Pearson's r on constructed data with a known coefficient, none below five teams; and
 * the page on a built organisation: hidden teams never enter the correlation, the lag shifts the quarters compared,
 * the wording says association, in both languages.
 */
import { fixedClock, startTestApp, type TestApp } from '../helpers/test-app';
import { sessionBrowser } from '../helpers/sign-in';
import { buildOrg, buildTeam } from '../factories';
import { addResponses, buildRound, same } from '../factories/results';
import { enableKpis, setTarget, writeValues } from '../factories/kpis';
import { buildPerson } from '../factories/one-on-ones';
import { MIN_TEAMS, pearson } from '../../server/domain/insights/correlation';
import { peoplePerformance } from '../../server/domain/insights/people-performance.service';

describe('pearson', () => {
  it('gives the known coefficient of constructed data', () => {
    // y = 2x + 1 exactly: r = 1; y = −x: r = −1.
    const xs = [1, 2, 3, 4, 5, 6];
    expect(pearson(xs.map((x) => ({ x, y: 2 * x + 1 }))).r).toBeCloseTo(1, 12);
    expect(pearson(xs.map((x) => ({ x, y: -x }))).r).toBeCloseTo(-1, 12);
    // x = 1..5, y = 2,4,5,4,5: Σdxdy = 6, Σdx² = 10, Σdy² = 6 → r = 6 / √60 = 0.7745966…
    const r = pearson([2, 4, 5, 4, 5].map((y, i) => ({ x: i + 1, y })));
    expect(r.r).toBeCloseTo(6 / Math.sqrt(60), 12);
    expect(r.teams).toBe(5);
    // Uncorrelated by construction: x symmetric, y = x².
    expect(pearson([-2, -1, 0, 1, 2].map((x) => ({ x, y: x * x }))).r).toBeCloseTo(0, 12);
  });

  it('gives no coefficient below five teams, or when a side does not vary', () => {
    expect(MIN_TEAMS).toBe(5);
    expect(pearson([1, 2, 3, 4].map((x) => ({ x, y: x })))).toEqual({ r: null, teams: 4 });
    expect(pearson([1, 2, 3, 4, 5].map((x) => ({ x, y: 3 })))).toEqual({ r: null, teams: 5 });
  });
});

describe('the people-and-performance page', () => {
  const clock = fixedClock('2026-05-20T03:00:00Z'); // Q2 2026: Q1 is the latest finished quarter
  let t: TestApp;
  let hrId: string;
  beforeAll(async () => {
    t = await startTestApp({ clock });
    const { admin } = await buildOrg(t.ctx.db);
    hrId = admin.id;
    const [volume] = await enableKpis(t.ctx, ['sales_volume']);
    const q4 = await buildRound(t.ctx.db, { openedAt: new Date('2025-11-10T02:00:00Z') });
    const q1 = await buildRound(t.ctx.db, { openedAt: new Date('2026-02-09T02:00:00Z') });
    // Seven teams: six with 6 answers (eNPS −100, −67, … in Q1 rising with their deals), one with 3 (hidden).
    for (let i = 0; i < 7; i++) {
      const team = await buildTeam(t.ctx.db, { name: `Team ${i}` });
      const person = await buildPerson(t.ctx, { teamId: team.id });
      const n = i === 6 ? 3 : 6;
      await addResponses(t.ctx.db, q1, { teamId: team.id, departmentId: team.departmentId }, [...same(Math.min(i, n), [10]), ...same(n - Math.min(i, n), [1])]);
      await addResponses(t.ctx.db, q4, { teamId: team.id, departmentId: team.departmentId }, [...same(n - Math.min(i, n), [10]), ...same(Math.min(i, n), [1])]);
      await writeValues(t.ctx, [{ email: person.email, measure: 'deals_won', period: '2026-03', value: 10 + 10 * i }]);
      await setTarget(t.ctx, { kpiId: volume.id, ownerKind: 'team', ownerId: team.id, periodKind: 'quarter', periodStart: '2026-01-01', value: '100', by: admin.id });
    }
  }, 60_000);
  afterAll(() => t.close());

  it('correlates Q1 eNPS with Q1 attainment across the teams shown, leaving out the hidden one', async () => {
    const me = { id: hrId, role: 'hr_admin' };
    const d = await peoplePerformance(t.ctx, me, {}, 'en');
    expect(d.grain).toBe('quarter');
    const hidden = d.teams.find((s) => s.name === 'Team 6')!;
    expect(hidden.quarters.every((q) => q.enps === null)).toBe(true);
    // Team i: eNPS = (i·100 − (6−i)·100)/6 and attainment (10+10i)/100, both linear in i: r = 1.
    // The remainder rule may hide one more small group next to it: only teams shown in Q1 count.
    const shown = d.teams.filter((s) => s.quarters[d.quarters.length - 2].enps !== null);
    expect(shown.map((s) => s.name)).not.toContain('Team 6');
    expect(shown.length).toBeGreaterThanOrEqual(5);
    expect(d.correlation.teams).toBe(shown.length);
    expect(d.correlation.r).toBeCloseTo(1, 3); // scores are whole numbers (−67, −33…): not exactly linear
    // With a lag, Q4 engagement (falling in i) against Q1 results: r = −1.
    const lagged = await peoplePerformance(t.ctx, me, { lag: 1 }, 'en');
    expect(lagged.correlation.r).toBeCloseTo(-1, 3);
    const b = await sessionBrowser(t.ctx, t.app, hrId);
    const en = await b.agent.get('/people-performance?lang=en&lag=1');
    expect(en.status).toBe(200);
    expect(en.text).toMatch(new RegExp(`Across ${lagged.correlation.teams} teams, eNPS in Q4 2025 and KPI attainment in Q1 2026 are associated with a correlation of [−-]1 `));
    expect(en.text).toContain('An association, not a cause');
    const id = await b.agent.get('/people-performance?lang=id');
    expect(id.text).toContain(`Di ${d.correlation.teams} tim, eNPS dan pencapaian KPI`);
    expect((await b.agent.get('/people-performance?lag=2')).status).toBe(400);
  });

  it('is not for employees', async () => {
    const person = await buildPerson(t.ctx, {});
    const b = await sessionBrowser(t.ctx, t.app, person.id);
    expect((await b.agent.get('/people-performance')).status).toBe(403);
  });
});
