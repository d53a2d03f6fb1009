/**
 * Closed rounds' aggregates are cached, but only once their answers are released, and only the raw numbers:
 * thresholds are applied on every request, so changing them after caching changes what is shown.
 */
import { startTestApp, fixedClock, type TestApp } from '../helpers/test-app';
import { buildDepartment, buildOrg, buildTeam } from '../factories';
import { addResponses, buildRound, same } from '../factories/results';
import { roundResults } from '../../server/domain/results/round-results.service';
import type { Viewer } from '../../server/domain/results/access';
import { ForbiddenError } from '../../server/errors';

const clock = fixedClock('2026-03-01T00:00:00Z');
let t: TestApp;
const hr = (id: string): Viewer => ({ id, role: 'hr_admin', teamIds: new Set() });

beforeEach(async () => {
  clock.set('2026-03-01T00:00:00Z');
  t = await startTestApp({ clock });
});
afterEach(() => t.close());

async function org() {
  const { admin } = await buildOrg(t.ctx.db);
  const dept = await buildDepartment(t.ctx.db, { name: 'Sales' });
  const alpha = await buildTeam(t.ctx.db, { name: 'Alpha', departmentId: dept.id });
  const bravo = await buildTeam(t.ctx.db, { name: 'Bravo', departmentId: dept.id });
  return { admin, dept, alpha, bravo };
}

const alphaOf = (r: Awaited<ReturnType<typeof roundResults>>) => r.departments[0].teams.find((g) => g.name === 'Alpha');

describe('closed-round cache', () => {
  it('shows (and caches) a closed round only once its answers are released', async () => {
    const { admin, dept, alpha, bravo } = await org();
    const round = await buildRound(t.ctx.db, { openedAt: new Date('2026-02-23T00:00:00Z') });
    await t.ctx.db.round.update({ where: { id: round.id }, data: { closedAt: new Date('2026-02-28T23:59:50Z'), releasedAt: null } });
    await addResponses(t.ctx.db, round, { departmentId: dept.id, teamId: alpha.id }, same(5, [9]));
    await addResponses(t.ctx.db, round, { departmentId: dept.id, teamId: bravo.id }, same(5, [9]));
    await expect(roundResults(t.ctx, round.id, hr(admin.id))).rejects.toThrow(ForbiddenError);
    await t.ctx.db.round.update({ where: { id: round.id }, data: { releasedAt: clock.now() } });
    expect(alphaOf(await roundResults(t.ctx, round.id, hr(admin.id)))?.responses).toBe(5);
  });

  it('caches a settled round, yet applies a threshold changed afterwards', async () => {
    const { admin, dept, alpha, bravo } = await org();
    const round = await buildRound(t.ctx.db, { openedAt: new Date('2026-01-05T00:00:00Z') });
    await addResponses(t.ctx.db, round, { departmentId: dept.id, teamId: alpha.id }, same(6, [10]));
    await addResponses(t.ctx.db, round, { departmentId: dept.id, teamId: bravo.id }, same(6, [3]));
    const first = await roundResults(t.ctx, round.id, hr(admin.id));
    expect(alphaOf(first)?.visible).toBe(true);
    expect(alphaOf(first)?.responses).toBe(6);
    // A row written behind the cache's back is not seen: the settled round is served from memory.
    await addResponses(t.ctx.db, round, { departmentId: dept.id, teamId: alpha.id }, same(1, [10]));
    expect(alphaOf(await roundResults(t.ctx, round.id, hr(admin.id)))?.responses).toBe(6);
    // Thresholds are not cached: raising the minimum above 6 hides the team at once.
    await t.ctx.db.orgSettings.update({ where: { id: 1 }, data: { minGroupSize: 7, minCommentGroupSize: 7 } });
    const after = await roundResults(t.ctx, round.id, hr(admin.id));
    expect(alphaOf(after)?.visible).toBe(false);
    expect(alphaOf(after)?.responses).toBeNull();
  });
});
