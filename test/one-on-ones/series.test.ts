/**
 * Series and their meetings: the first meeting from the rule, skips and moves that leave the series going,
 * the tick that records passed meetings and makes the next one (once, however many instances tick), pause,
 * resume, change and end, across zones and daylight-saving changes.
 */
import { fixedClock, startTestApp, type TestApp } from '../helpers/test-app';
import { buildOrg } from '../factories';
import { buildPair, buildSeries, meetingsOf, seriesInput } from '../factories/one-on-ones';
import { changeSeries, endSeries, setSeriesPaused } from '../../server/domain/one-on-ones/series.service';
import { holdMeeting, moveMeeting, skipMeeting } from '../../server/domain/one-on-ones/meetings.service';
import { runOneOnOneTick } from '../../server/domain/one-on-ones/reminders.service';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../server/errors';
import { localTimeOf } from '../../server/domain/recurrence/local-time';

const clock = fixedClock('2026-03-10T12:00:00Z'); // a Tuesday, before Europe's 29 March change
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ clock });
  await buildOrg(t.ctx.db);
});
afterAll(() => t.close());
beforeEach(() => clock.set('2026-03-10T12:00:00Z'));

const iso = (d: Date) => d.toISOString();

describe('a weekly series in Europe/Berlin', () => {
  it('starts with the rule’s first occurrence after now and keeps 09:00 local across the 29 March change', async () => {
    const { manager, report } = await buildPair(t.ctx);
    const s = await buildSeries(t.ctx, manager.id, report.id);
    let [first] = await meetingsOf(t.ctx, s.id);
    expect(iso(first.startsAt)).toBe('2026-03-17T08:00:00.000Z');
    expect(first.endsAt.getTime() - first.startsAt.getTime()).toBe(60 * 60_000);
    // The day before at the same local time.
    expect(first.remindAt && iso(first.remindAt)).toBe('2026-03-16T08:00:00.000Z');
    const slots: string[] = [];
    for (const at of ['2026-03-17T09:30:00Z', '2026-03-24T09:30:00Z', '2026-03-31T09:30:00Z']) {
      clock.set(at);
      await runOneOnOneTick(t.ctx);
    }
    for (const m of await meetingsOf(t.ctx, s.id)) slots.push(m.slot);
    expect(slots).toEqual(['2026-03-17T08:00:00.000Z', '2026-03-24T08:00:00.000Z', '2026-03-31T07:00:00.000Z', '2026-04-07T07:00:00.000Z']);
    for (const m of await meetingsOf(t.ctx, s.id)) expect(localTimeOf(m.startsAt, 'Europe/Berlin')).toBe('09:00');
    [first] = await meetingsOf(t.ctx, s.id);
    expect(first.status).toBe('held');
    expect(first.recordedById).toBeNull();
  });

  it('refuses a second live series for the same pair, and anyone but the report’s manager', async () => {
    const { manager, report } = await buildPair(t.ctx);
    await buildSeries(t.ctx, manager.id, report.id);
    await expect(buildSeries(t.ctx, manager.id, report.id)).rejects.toBeInstanceOf(ConflictError);
    const other = await buildPair(t.ctx);
    await expect(buildSeries(t.ctx, other.manager.id, report.id)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(buildSeries(t.ctx, report.id, manager.id)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(buildSeries(t.ctx, manager.id, 'no-such-person')).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('skips and moves', () => {
  it('a skip cancels that meeting only: the next occurrence gets its meeting, the rule goes on', async () => {
    const { manager, report } = await buildPair(t.ctx);
    const s = await buildSeries(t.ctx, manager.id, report.id);
    const [first] = await meetingsOf(t.ctx, s.id);
    await skipMeeting(t.ctx, report.id, first.id);
    const after = await meetingsOf(t.ctx, s.id);
    expect(after.map((m) => [m.slot, m.status])).toEqual([
      ['2026-03-17T08:00:00.000Z', 'skipped'],
      ['2026-03-24T08:00:00.000Z', 'scheduled'],
    ]);
    await expect(skipMeeting(t.ctx, report.id, first.id)).rejects.toBeInstanceOf(ConflictError);
    const series = await t.ctx.db.oneOnOneSeries.findUniqueOrThrow({ where: { id: s.id } });
    expect(series.sequence).toBe(1);
  });

  it('a move changes the time, keeps the slot, and past the next slot the next meeting still comes on its day', async () => {
    const { manager, report } = await buildPair(t.ctx);
    const s = await buildSeries(t.ctx, manager.id, report.id);
    const [first] = await meetingsOf(t.ctx, s.id);
    // Tuesday 17th → Wednesday 25th 14:00 local, past the 24th's slot.
    await moveMeeting(t.ctx, manager.id, first.id, { date: '2026-03-25', time: '14:00' });
    const moved = await t.ctx.db.oneOnOneMeeting.findUniqueOrThrow({ where: { id: first.id } });
    expect([moved.slot, iso(moved.startsAt), moved.moved]).toEqual(['2026-03-17T08:00:00.000Z', '2026-03-25T13:00:00.000Z', true]);
    clock.set('2026-03-17T08:00:00Z'); // the moved meeting's slot comes: the next occurrence gets its meeting
    await runOneOnOneTick(t.ctx);
    expect((await meetingsOf(t.ctx, s.id)).map((m) => [m.slot, m.status, iso(m.startsAt)])).toEqual([
      ['2026-03-17T08:00:00.000Z', 'scheduled', '2026-03-25T13:00:00.000Z'],
      ['2026-03-24T08:00:00.000Z', 'scheduled', '2026-03-24T08:00:00.000Z'],
    ]);
  });

  it('refuses moves into the past or more than 60 days ahead, and moves of meetings already over', async () => {
    const { manager, report } = await buildPair(t.ctx);
    const s = await buildSeries(t.ctx, manager.id, report.id);
    const [first] = await meetingsOf(t.ctx, s.id);
    await expect(moveMeeting(t.ctx, manager.id, first.id, { date: '2026-03-09', time: '09:00' })).rejects.toBeInstanceOf(ValidationError);
    await expect(moveMeeting(t.ctx, manager.id, first.id, { date: '2026-06-01', time: '09:00' })).rejects.toBeInstanceOf(ValidationError);
    await holdMeeting(t.ctx, manager.id, first.id);
    await expect(moveMeeting(t.ctx, manager.id, first.id, { date: '2026-03-20', time: '09:00' })).rejects.toBeInstanceOf(ConflictError);
  });
});

describe('the tick', () => {
  it('makes the next meeting once when several instances tick at the same moment', async () => {
    const { manager, report } = await buildPair(t.ctx);
    const s = await buildSeries(t.ctx, manager.id, report.id);
    clock.set('2026-03-17T10:00:00Z');
    await Promise.all([runOneOnOneTick(t.ctx), runOneOnOneTick(t.ctx), runOneOnOneTick(t.ctx)]);
    const meetings = await meetingsOf(t.ctx, s.id);
    expect(meetings.map((m) => [m.slot, m.status])).toEqual([
      ['2026-03-17T08:00:00.000Z', 'held'],
      ['2026-03-24T08:00:00.000Z', 'scheduled'],
    ]);
  });

  it('after a week of downtime makes the next meeting from now, not the ones missed', async () => {
    const { manager, report } = await buildPair(t.ctx);
    const s = await buildSeries(t.ctx, manager.id, report.id);
    clock.set('2026-04-02T12:00:00Z');
    await runOneOnOneTick(t.ctx);
    expect((await meetingsOf(t.ctx, s.id)).map((m) => [m.slot, m.status])).toEqual([
      ['2026-03-17T08:00:00.000Z', 'held'],
      ['2026-04-07T07:00:00.000Z', 'scheduled'],
    ]);
  });
});

describe('changing a series', () => {
  it('a new rule applies from today: the meeting to come moves (keeping its id), held ones keep their times', async () => {
    const { manager, report } = await buildPair(t.ctx);
    const s = await buildSeries(t.ctx, manager.id, report.id);
    clock.set('2026-03-18T12:00:00Z');
    await runOneOnOneTick(t.ctx);
    const upcoming = (await meetingsOf(t.ctx, s.id)).find((m) => m.status === 'scheduled')!;
    await changeSeries(t.ctx, manager.id, s.id, seriesInput({ cadence: 'biweekly', weekday: 4, timeOfDay: '15:30', timeZone: 'America/New_York', startDate: '2026-03-18' }));
    const after = await meetingsOf(t.ctx, s.id);
    expect(after.map((m) => [m.status, iso(m.startsAt)])).toEqual([
      ['held', '2026-03-17T08:00:00.000Z'],
      ['scheduled', '2026-03-19T19:30:00.000Z'], // Thursday 15:30 EDT
    ]);
    expect(after[1].id).toBe(upcoming.id);
    await expect(changeSeries(t.ctx, report.id, s.id, seriesInput())).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('a change during a meeting leaves that meeting as it is and plans the next one by the new rule', async () => {
    const { manager, report } = await buildPair(t.ctx);
    const s = await buildSeries(t.ctx, manager.id, report.id);
    const [first] = await meetingsOf(t.ctx, s.id);
    clock.set('2026-03-17T08:20:00Z'); // 20 minutes into the first meeting
    await changeSeries(t.ctx, manager.id, s.id, seriesInput({ weekday: 5, timeOfDay: '11:00', startDate: '2026-03-17' }));
    const after = await meetingsOf(t.ctx, s.id);
    expect(after.map((m) => [m.id === first.id, m.status, iso(m.startsAt)])).toEqual([
      [true, 'scheduled', '2026-03-17T08:00:00.000Z'],
      [false, 'scheduled', '2026-03-20T10:00:00.000Z'], // Friday 11:00 CET
    ]);
  });

  it('pause cancels what is planned; resume plans from today; end stops it for good', async () => {
    const { manager, report } = await buildPair(t.ctx);
    const s = await buildSeries(t.ctx, manager.id, report.id);
    await setSeriesPaused(t.ctx, manager.id, s.id, true);
    expect((await meetingsOf(t.ctx, s.id)).map((m) => m.status)).toEqual(['cancelled']);
    clock.set('2026-04-20T12:00:00Z');
    await runOneOnOneTick(t.ctx);
    expect(await meetingsOf(t.ctx, s.id)).toHaveLength(1);
    await setSeriesPaused(t.ctx, manager.id, s.id, false);
    const resumed = await meetingsOf(t.ctx, s.id);
    expect(resumed.map((m) => [m.status, iso(m.startsAt)])).toEqual([
      ['cancelled', '2026-03-17T08:00:00.000Z'],
      ['scheduled', '2026-04-21T07:00:00.000Z'],
    ]);
    await endSeries(t.ctx, manager.id, s.id);
    const ended = await t.ctx.db.oneOnOneSeries.findUniqueOrThrow({ where: { id: s.id } });
    expect([ended.status, ended.endedReason, ended.sequence]).toEqual(['ended', 'ended', 3]);
    expect((await meetingsOf(t.ctx, s.id)).map((m) => m.status)).toEqual(['cancelled', 'cancelled']);
    await expect(setSeriesPaused(t.ctx, manager.id, s.id, false)).rejects.toBeInstanceOf(ConflictError);
  });
});

describe('monthly and other zones', () => {
  it('meets the second Wednesday of each month in Asia/Jakarta', async () => {
    const { manager, report } = await buildPair(t.ctx, { managerZone: 'Asia/Jakarta' });
    const s = await buildSeries(t.ctx, manager.id, report.id, { cadence: 'monthly', weekday: 3, weekOfMonth: 2, timeOfDay: '10:00', timeZone: 'Asia/Jakarta' });
    expect((await meetingsOf(t.ctx, s.id)).map((m) => iso(m.startsAt))).toEqual(['2026-03-11T03:00:00.000Z']);
    clock.set('2026-03-11T04:00:00Z');
    await runOneOnOneTick(t.ctx);
    expect((await meetingsOf(t.ctx, s.id)).map((m) => iso(m.startsAt))).toEqual(['2026-03-11T03:00:00.000Z', '2026-04-08T03:00:00.000Z']);
  });

  it('every two weeks in America/New_York keeps 08:30 local across the 1 November change', async () => {
    clock.set('2026-10-20T12:00:00Z');
    const { manager, report } = await buildPair(t.ctx, { managerZone: 'America/New_York' });
    const s = await buildSeries(t.ctx, manager.id, report.id, { cadence: 'biweekly', weekday: 1, timeOfDay: '08:30', timeZone: 'America/New_York', startDate: '2026-10-20' });
    for (const at of ['2026-10-26T14:00:00Z', '2026-11-09T15:00:00Z']) {
      clock.set(at);
      await runOneOnOneTick(t.ctx);
    }
    expect((await meetingsOf(t.ctx, s.id)).map((m) => iso(m.startsAt))).toEqual(['2026-10-26T12:30:00.000Z', '2026-11-09T13:30:00.000Z', '2026-11-23T13:30:00.000Z']);
  });
});
