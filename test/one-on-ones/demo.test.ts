/**
 * The demo organisation's 1:1s: six months of history for every active manager-report pair, made by the real
 * services, with agendas, shared notes, sealed private notes and action items in both languages.
 */
import { startTestApp, type TestApp } from '../helpers/test-app';
import { seedDemoOrg } from '../../server/domain/demo/demo-org';
import { seedDemoOneOnOnes } from '../../server/domain/demo/demo-one-on-ones';
import { cadenceHealth } from '../../server/domain/one-on-ones/health.service';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

it('seeds six months of 1:1 history for the team leads and the customer-facing teams, then refuses to seed twice', async () => {
  await seedDemoOrg(t.ctx);
  const pairs = await seedDemoOneOnOnes(t.ctx);
  expect(pairs).toBe(24);
  // The demo's manager sign-in leads a team with 1:1s of its own.
  const maya = await t.ctx.db.employee.findUniqueOrThrow({ where: { email: 'manager@demo.pulse.test' } });
  expect(await t.ctx.db.oneOnOneSeries.count({ where: { managerId: maya.id } })).toBeGreaterThan(3);
  expect(await t.ctx.db.oneOnOneSeries.count({ where: { reportId: maya.id } })).toBe(1);
  const now = Date.now();
  const first = await t.ctx.db.oneOnOneMeeting.findFirstOrThrow({ orderBy: { startsAt: 'asc' } });
  expect((now - first.startsAt.getTime()) / 86_400_000).toBeGreaterThan(170);
  const byStatus = await t.ctx.db.oneOnOneMeeting.groupBy({ by: ['status'], _count: true });
  const count = (s: string) => byStatus.find((b) => b.status === s)?._count ?? 0;
  expect(count('held')).toBeGreaterThan(pairs * 15);
  expect(count('skipped')).toBeGreaterThan(10);
  expect(count('scheduled')).toBeGreaterThanOrEqual(pairs);
  expect(await t.ctx.db.oneOnOneMeeting.count({ where: { moved: true } })).toBeGreaterThan(5);
  // Agendas in both languages, discussed and carried; notes; action items open and done.
  const points = await t.ctx.db.oneOnOneAgendaItem.findMany({ select: { text: true, checked: true, carried: true } });
  expect(points.length).toBeGreaterThan(pairs * 20);
  expect(points.some((p) => p.text.startsWith('Pipeline kuartal'))).toBe(true);
  expect(points.some((p) => p.text.startsWith('Pipeline for the quarter'))).toBe(true);
  expect(points.some((p) => p.carried > 0)).toBe(true);
  expect(await t.ctx.db.oneOnOneMeeting.count({ where: { sharedNotes: { not: '' } } })).toBeGreaterThan(pairs * 15);
  const actions = await t.ctx.db.oneOnOneActionItem.findMany({ select: { doneAt: true } });
  expect(actions.filter((a) => a.doneAt).length).toBeGreaterThan(actions.length / 2);
  expect(actions.some((a) => !a.doneAt)).toBe(true);
  const notes = await t.ctx.db.oneOnOnePrivateNote.findMany({ select: { cipher: true } });
  expect(notes.length).toBeGreaterThan(20);
  for (const n of notes) expect(n.cipher).not.toMatch(/workload|beban/i);
  // No email of the simulated past waits in the outbox.
  expect(await t.ctx.db.outboxEmail.count({ where: { template: { startsWith: 'one-on-one-' }, createdAt: { lt: new Date(now - 3_600_000) } } })).toBe(0);
  const health = await cadenceHealth(t.ctx);
  expect(health.company.pairs).toBe(pairs);
  expect(health.company.withinShare).toBeGreaterThan(0.5);
  expect(await seedDemoOneOnOnes(t.ctx)).toBe(0);
  // Six months of 1:1s for 24 pairs through the real services: thousands of transactions. ~45 s on PostgreSQL
  // with a busy machine, so the limit is generous; its speed is not what this test checks.
}, 300_000);
