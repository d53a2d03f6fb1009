/**
 * Cadence health (HR's page, the API, the team page) and the manager's overview, from meeting dates and
 * action-item ages only: within cadence, overdue, age of open items; a person's next 1:1.
 */
import { fixedClock, startTestApp, type TestApp } from '../helpers/test-app';
import { buildOrg } from '../factories';
import { buildPair, buildPerson, buildSeries, meetingsOf } from '../factories/one-on-ones';
import { addActionItem } from '../../server/domain/one-on-ones/action-items.service';
import { holdMeeting, skipMeeting } from '../../server/domain/one-on-ones/meetings.service';
import { runOneOnOneTick } from '../../server/domain/one-on-ones/reminders.service';
import { setSeriesPaused } from '../../server/domain/one-on-ones/series.service';
import { cadenceHealth } from '../../server/domain/one-on-ones/health.service';
import { pairFacts } from '../../server/domain/one-on-ones/cadence';
import { managerOverview, nextOneOnOneOf, teamOneOnOneHealth } from '../../server/domain/one-on-ones/overview.service';

const clock = fixedClock('2026-03-02T12:00:00Z'); // a Monday
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ clock });
  await buildOrg(t.ctx.db);
});
afterAll(() => t.close());

it('counts pairs within cadence, overdue pairs and open action items per team, department and company', async () => {
  const { manager, report: met, team } = await buildPair(t.ctx, { teamName: 'Met team' });
  const skipper = await buildPerson(t.ctx, { teamId: team.id, managerId: manager.id });
  const paused = await buildPerson(t.ctx, { teamId: team.id, managerId: manager.id });
  const fresh = await buildPerson(t.ctx, { teamId: team.id, managerId: manager.id });
  const withoutSeries = await buildPerson(t.ctx, { teamId: team.id, managerId: manager.id });
  const sMet = await buildSeries(t.ctx, manager.id, met.id); // Tuesdays 09:00 Berlin
  const sSkip = await buildSeries(t.ctx, manager.id, skipper.id);
  const sPaused = await buildSeries(t.ctx, manager.id, paused.id);
  const [m1] = await meetingsOf(t.ctx, sMet.id);
  const [k1] = await meetingsOf(t.ctx, sSkip.id);
  await addActionItem(t.ctx, manager.id, m1.id, { text: 'Old item', ownerId: met.id, dueDate: null });
  clock.set('2026-03-03T10:00:00Z');
  await holdMeeting(t.ctx, manager.id, m1.id);
  await skipMeeting(t.ctx, skipper.id, k1.id);
  await setSeriesPaused(t.ctx, manager.id, sPaused.id, true);
  // Three weeks on: the skipper's pair skipped every meeting; the met pair was held each week (the tick takes them as held).
  for (const day of ['2026-03-10', '2026-03-17', '2026-03-24']) {
    clock.set(`${day}T07:30:00Z`);
    const k = (await meetingsOf(t.ctx, sSkip.id)).find((m) => m.status === 'scheduled')!;
    await skipMeeting(t.ctx, skipper.id, k.id);
    clock.set(`${day}T10:00:00Z`);
    await runOneOnOneTick(t.ctx);
  }
  clock.set('2026-03-25T12:00:00Z');
  const m4 = (await meetingsOf(t.ctx, sMet.id)).filter((m) => m.status === 'held').pop()!;
  await addActionItem(t.ctx, manager.id, m4.id, { text: 'New item', ownerId: manager.id, dueDate: null });
  await buildSeries(t.ctx, manager.id, fresh.id); // set up today: not overdue yet

  const teamHealth = await teamOneOnOneHealth(t.ctx, team.id);
  // Active pairs: met (within), skipper (overdue), fresh (not yet met, not overdue); the paused pair counts as a pair only.
  expect(teamHealth).toEqual({ pairs: 4, withinShare: 1 / 3, overdue: 1, openActions: 2, medianActionAge: 12, oldestActionAge: 23 });
  const hr = await cadenceHealth(t.ctx);
  const dept = hr.departments.find((d) => d.teams.some((x) => x.teamId === team.id))!;
  expect(dept.teams.find((x) => x.teamId === team.id)).toMatchObject({ team: 'Met team', pairs: 4, overdue: 1 });
  expect(hr.company).toMatchObject({ pairs: 4, overdue: 1, openActions: 2 });
  expect(JSON.stringify(hr)).not.toMatch(/Old item|New item/);

  const overview = await managerOverview(t.ctx, manager.id);
  // Overdue pairs first, then reports without a 1:1 yet, then the rest by name.
  expect(overview.rows.slice(0, 2).map((r) => [r.report.id, r.overdue, r.status])).toEqual([
    [skipper.id, true, 'active'],
    [withoutSeries.id, false, null],
  ]);
  const rest = overview.rows.slice(2);
  expect(rest.map((r) => r.report.name)).toEqual(rest.map((r) => r.report.name).sort((a, b) => a.localeCompare(b)));
  expect(Object.fromEntries(rest.map((r) => [r.report.id, [r.status, r.openActions]]))).toEqual({ [met.id]: ['active', 2], [paused.id]: ['paused', 0], [fresh.id]: ['active', 0] });
  expect(overview.withoutSeries).toBe(1);
  const metRow = overview.rows.find((r) => r.report.id === met.id)!;
  expect(metRow.lastHeldAt?.toISOString()).toBe('2026-03-24T08:00:00.000Z');
  expect(metRow.next?.startsAt.toISOString()).toBe('2026-03-31T07:00:00.000Z');

  const next = await nextOneOnOneOf(t.ctx, met.id);
  expect(next).toMatchObject({ seriesId: sMet.id, withName: manager.name });
  expect(next?.startsAt.toISOString()).toBe('2026-03-31T07:00:00.000Z');
  expect(await nextOneOnOneOf(t.ctx, paused.id)).toBeNull();
  expect(await nextOneOnOneOf(t.ctx, withoutSeries.id)).toBeNull();
});

it('reads the same facts for everyone at once (the live-series queries) as for each manager by id', async () => {
  const everyone = await pairFacts(t.ctx);
  expect(everyone.length).toBeGreaterThan(0);
  expect(everyone.some((f) => f.lastHeldAt !== null)).toBe(true);
  expect(everyone.some((f) => f.openActions > 0)).toBe(true);
  const managers = [...new Set(everyone.map((f) => f.managerId))];
  const byManager = (await Promise.all(managers.map((managerId) => pairFacts(t.ctx, { managerId })))).flat();
  const bySeries = (facts: typeof everyone) => [...facts].sort((a, b) => a.seriesId.localeCompare(b.seriesId)).map((f) => ({ ...f, openActionAges: [...f.openActionAges].sort((x, y) => x - y) }));
  expect(bySeries(everyone)).toEqual(bySeries(byManager));
});
