import { startTestApp, type TestApp } from '../helpers/test-app';
import { seedDemoOrg } from '../../server/domain/demo/demo-org';
import { seedDemoSurveyHistory } from '../../server/domain/demo/demo-results';
import { listResultRounds } from '../../server/domain/results/result-rounds.service';
import { enpsTrend } from '../../server/domain/results/trend.service';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('demo survey history', () => {
  it('seeds 26 weekly closed rounds with 70–85 % answering, then refuses to seed twice', async () => {
    await seedDemoOrg(t.ctx);
    expect(await seedDemoSurveyHistory(t.ctx)).toBe(true);
    const rounds = await t.ctx.db.round.findMany({ orderBy: { openedAt: 'asc' } });
    expect(rounds).toHaveLength(26);
    expect(rounds.every((r) => r.status === 'closed')).toBe(true);
    for (const r of rounds) expect(r.respondedCount / r.invitedCount).toBeGreaterThan(0.55);
    expect(await t.ctx.db.invitation.count({ where: { tokenCipher: { not: null } } })).toBe(0);
    // Released rounds keep no trace of who answered.
    expect(await t.ctx.db.invitation.count({ where: { answered: true } })).toBe(0);
    expect(await t.ctx.db.response.count()).toBe(rounds.reduce((s, r) => s + r.respondedCount, 0));
    expect(await seedDemoSurveyHistory(t.ctx)).toBe(false);

    const points = await enpsTrend(t.ctx, await listResultRounds(t.ctx), { kind: 'company' }, 5, new Map());
    expect(points).toHaveLength(26);
    expect(points.every((p) => p.enps !== null && p.enps.score !== null)).toBe(true);
  });
});
