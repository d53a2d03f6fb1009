/**
 * Suggested talking points from the team's latest pulse results: offered to the manager only, from aggregates
 * the results services show that manager (above the minimum group size), never for a group below it, and added
 * only when picked.
 */
import { fixedClock, startTestApp, type TestApp } from '../helpers/test-app';
import { buildOrg } from '../factories';
import { addResponses, buildRound, same } from '../factories/results';
import { buildPair, buildSeries, meetingsOf } from '../factories/one-on-ones';
import { acceptSuggestion, meetingPage } from '../../server/domain/one-on-ones/meeting-page.service';
import { NotFoundError } from '../../server/errors';

const clock = fixedClock('2026-03-10T12:00:00Z');
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ clock });
  await buildOrg(t.ctx.db);
});
afterAll(() => t.close());

async function pairWithResults(responses: number) {
  const pair = await buildPair(t.ctx, { teamName: `Team of ${responses}` });
  const round = await buildRound(t.ctx.db, {
    title: 'February pulse',
    openedAt: new Date('2026-02-23T09:00:00Z'),
    questions: [{ kind: 'enps' }, { kind: 'rating', text: 'My workload is manageable' }],
  });
  // Scores 9, 9, 3, 3, 3…: eNPS below zero; workload rated 2 of 5.
  await addResponses(t.ctx.db, round, { teamId: pair.team.id, departmentId: pair.team.departmentId }, [[9, 2], [9, 2], ...same(Math.max(0, responses - 2), [3, 2])]);
  const s = await buildSeries(t.ctx, pair.manager.id, pair.report.id);
  const [m] = await meetingsOf(t.ctx, s.id);
  return { ...pair, meetingId: m.id };
}

it('offers the manager the team’s eNPS and its low-rated question, and adds one only when picked', async () => {
  const p = await pairWithResults(6);
  const page = await meetingPage(t.ctx, p.manager.id, p.meetingId, 'en');
  expect(page.suggestions.map((s) => s.text)).toEqual([
    expect.stringMatching(/^The team's eNPS in “February pulse” was -33\. What would make work better for /),
    'The team rated “My workload is manageable” 2 of 5 in “February pulse”. How does it look from your side?',
  ]);
  expect(page.agenda).toEqual([]);
  // The report is not offered the team's results.
  expect((await meetingPage(t.ctx, p.report.id, p.meetingId, 'en')).suggestions).toEqual([]);
  await expect(acceptSuggestion(t.ctx, p.report.id, p.meetingId, page.suggestions[0].key, 'en')).rejects.toBeInstanceOf(NotFoundError);
  await acceptSuggestion(t.ctx, p.manager.id, p.meetingId, page.suggestions[1].key, 'en');
  const after = await meetingPage(t.ctx, p.manager.id, p.meetingId, 'en');
  expect(after.agenda.map((a) => [a.text, a.source])).toEqual([[page.suggestions[1].text, 'pulse']]);
  expect(after.suggestions.map((s) => s.key)).toEqual([page.suggestions[0].key]);
  // In Indonesian for a manager reading in Indonesian.
  expect((await meetingPage(t.ctx, p.manager.id, p.meetingId, 'id')).suggestions[0].text).toMatch(/^eNPS tim pada “February pulse” adalah -33/);
});

it('offers nothing from a team smaller than the minimum group size', async () => {
  const p = await pairWithResults(4);
  expect((await meetingPage(t.ctx, p.manager.id, p.meetingId, 'en')).suggestions).toEqual([]);
});
