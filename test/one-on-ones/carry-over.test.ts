/**
 * Carry-over follows the series, not a note: unchecked talking points move to the next meeting that will take
 * place, however meetings were held, skipped, moved past the next one or left to pass; checked points stay where
 * they were discussed. Action items stay on every meeting until done.
 */
import { fixedClock, startTestApp, type TestApp } from '../helpers/test-app';
import { buildOrg } from '../factories';
import { buildPair, buildSeries, meetingsOf } from '../factories/one-on-ones';
import { addAgendaItem, setAgendaItemChecked } from '../../server/domain/one-on-ones/agenda.service';
import { addActionItem, setActionItemDone } from '../../server/domain/one-on-ones/action-items.service';
import { holdMeeting, moveMeeting, skipMeeting } from '../../server/domain/one-on-ones/meetings.service';
import { runOneOnOneTick } from '../../server/domain/one-on-ones/reminders.service';
import { meetingPage } from '../../server/domain/one-on-ones/meeting-page.service';
import { setSeriesPaused } from '../../server/domain/one-on-ones/series.service';
import { ConflictError } from '../../server/errors';

const clock = fixedClock('2026-03-10T12:00:00Z');
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ clock });
  await buildOrg(t.ctx.db);
});
afterAll(() => t.close());
beforeEach(() => clock.set('2026-03-10T12:00:00Z'));

async function agendaOf(meetingId: string, viewerId: string) {
  return (await meetingPage(t.ctx, viewerId, meetingId, 'en')).agenda.map((a) => [a.text, a.checked, a.carried]);
}

it('moves unchecked points on through a held meeting and a skipped one; checked ones stay', async () => {
  const { manager, report } = await buildPair(t.ctx);
  const s = await buildSeries(t.ctx, manager.id, report.id);
  const [m1] = await meetingsOf(t.ctx, s.id);
  const a = await addAgendaItem(t.ctx, manager.id, m1.id, 'Quarter targets');
  await addAgendaItem(t.ctx, report.id, m1.id, 'Training budget');
  await setAgendaItemChecked(t.ctx, report.id, m1.id, a.id, true);
  await holdMeeting(t.ctx, manager.id, m1.id);
  const m2 = (await meetingsOf(t.ctx, s.id))[1];
  expect(await agendaOf(m1.id, manager.id)).toEqual([['Quarter targets', true, 0]]);
  expect(await agendaOf(m2.id, manager.id)).toEqual([['Training budget', false, 1]]);
  await skipMeeting(t.ctx, report.id, m2.id);
  const m3 = (await meetingsOf(t.ctx, s.id))[2];
  expect(await agendaOf(m3.id, report.id)).toEqual([['Training budget', false, 2]]);
  await expect(addAgendaItem(t.ctx, report.id, m1.id, 'Too late')).rejects.toBeInstanceOf(ConflictError);
});

it('follows a meeting moved past the next one: points land on the meeting that comes first', async () => {
  const { manager, report } = await buildPair(t.ctx);
  const s = await buildSeries(t.ctx, manager.id, report.id);
  // The first meeting is on Tue 17 March.
  clock.set('2026-03-17T09:30:00Z');
  await runOneOnOneTick(t.ctx); // m1 taken as held; m2 (Tue 24) made
  const [, m2] = await meetingsOf(t.ctx, s.id);
  await addAgendaItem(t.ctx, report.id, m2.id, 'Pipeline review');
  await moveMeeting(t.ctx, manager.id, m2.id, { date: '2026-04-02', time: '09:00' }); // past Tue 31's slot
  clock.set('2026-03-24T09:00:00Z');
  await runOneOnOneTick(t.ctx); // m2's slot came: m3 (Tue 31) is made
  const m3 = (await meetingsOf(t.ctx, s.id)).find((m) => m.slot === '2026-03-31T07:00:00.000Z')!;
  // m2 still lies ahead (2 April): its point stays with it.
  expect(await agendaOf(m2.id, report.id)).toEqual([['Pipeline review', false, 0]]);
  clock.set('2026-04-02T08:30:00Z');
  await runOneOnOneTick(t.ctx); // m3 (31 March) is over and taken as held: nothing of its own to carry
  clock.set('2026-04-02T09:30:00Z');
  await skipMeeting(t.ctx, report.id, m2.id); // m2 skipped after all: its point goes to the next meeting
  const next = (await meetingsOf(t.ctx, s.id)).find((m) => m.status === 'scheduled')!;
  expect(next.id).not.toBe(m3.id);
  expect(await agendaOf(next.id, report.id)).toEqual([['Pipeline review', false, 1]]);
});

it('waits through a pause and lands on the first meeting after resuming', async () => {
  const { manager, report } = await buildPair(t.ctx);
  const s = await buildSeries(t.ctx, manager.id, report.id);
  const [m1] = await meetingsOf(t.ctx, s.id);
  await addAgendaItem(t.ctx, report.id, m1.id, 'Parental leave plans');
  await setSeriesPaused(t.ctx, manager.id, s.id, true);
  clock.set('2026-04-15T12:00:00Z');
  await setSeriesPaused(t.ctx, manager.id, s.id, false);
  const resumed = (await meetingsOf(t.ctx, s.id)).find((m) => m.status === 'scheduled')!;
  expect(await agendaOf(resumed.id, manager.id)).toEqual([['Parental leave plans', false, 1]]);
});

it('shows open action items on every meeting until done, then only on the meeting it was done in', async () => {
  const { manager, report } = await buildPair(t.ctx);
  const s = await buildSeries(t.ctx, manager.id, report.id);
  const [m1] = await meetingsOf(t.ctx, s.id);
  const item = await addActionItem(t.ctx, manager.id, m1.id, { text: 'Send the new comp plan', ownerId: manager.id, dueDate: '2026-03-20' });
  await holdMeeting(t.ctx, manager.id, m1.id);
  const [, m2] = await meetingsOf(t.ctx, s.id);
  await skipMeeting(t.ctx, manager.id, m2.id);
  const [, , m3] = await meetingsOf(t.ctx, s.id);
  clock.set('2026-03-31T08:00:00Z');
  const page3 = await meetingPage(t.ctx, report.id, m3.id, 'en');
  expect(page3.actions.map((a) => [a.text, a.ownerName, !!a.doneAt, a.overdue])).toEqual([['Send the new comp plan', manager.name, false, true]]);
  await setActionItemDone(t.ctx, report.id, m3.id, item.id, true);
  clock.set('2026-03-31T09:30:00Z');
  await runOneOnOneTick(t.ctx);
  const m4 = (await meetingsOf(t.ctx, s.id)).find((m) => m.status === 'scheduled')!;
  expect((await meetingPage(t.ctx, report.id, m4.id, 'en')).actions).toEqual([]);
  expect((await meetingPage(t.ctx, report.id, m3.id, 'en')).actions.map((a) => !!a.doneAt)).toEqual([true]);
});
