/**
 * Setting up and changing a 1:1 series: create, change, pause, resume, end, and the end that a change of
 * manager brings (called from org/employee-upsert.service.ts, inside the directory change's transaction). Each
 * change raises the series' SEQUENCE and queues the emails with the calendar invitation in the same transaction.
 * A change of rule (cadence, weekday, time, zone) counts the rule from today: meetings already held keep their
 * times, the next one moves to the new rule's first free occurrence and keeps its talking points.
 */
import type { AppContext } from '../../context';
import type { DbTx } from '../../db/client';
import { ConflictError } from '../../errors';
import { inWriteTurn } from '../rounds/write-turns';
import { reportOf, SERIES_INCLUDE, seriesForManager } from './access';
import { exceptionsOf, fullStateEvents, inviteOf, masterEvent, meetingLink, seriesLink, type InviteSeries } from './invitations';
import { carryOver, createMeeting, freeSlotAfter, makeNextMeeting, reminderFor } from './meeting-writer';
import { queuePairEmails, type UpdateKind } from './notifications';
import type { SeriesInput } from './one-on-one.schema';
import { todayIn } from './series-rule';
import { localDateOf } from '../recurrence/local-time';

type SeriesRow = Awaited<ReturnType<typeof loadSeries>>;

export function loadSeries(db: DbTx, id: string) {
  return db.oneOnOneSeries.findUniqueOrThrow({ where: { id }, include: SERIES_INCLUDE });
}

/** Runs `work` in one transaction (taking its turn with this process's other writes on SQLite). */
export function inTransaction<T>(ctx: AppContext, work: (tx: DbTx) => Promise<T>): Promise<T> {
  return inWriteTurn(ctx, () => ctx.db.$transaction((tx) => work(tx), { timeout: 60_000, maxWait: 30_000 }));
}

/** The series' calendar event as it stands, with skipped slots and moved meetings (REQUEST). */
async function fullState(ctx: AppContext, tx: DbTx, s: SeriesRow) {
  const x = (await exceptionsOf(tx, [s], ctx.clock.now())).get(s.id)!;
  return fullStateEvents(s as InviteSeries, x);
}

/** Queues the update emails of a change of the whole series: REQUEST with the series as it stands, or CANCEL of it. */
async function announce(ctx: AppContext, tx: DbTx, s: SeriesRow, kind: UpdateKind, startsAt: Date | null, meetingId: string | null) {
  const cancel = kind === 'paused' || kind === 'ended' || kind === 'manager_changed';
  const link = meetingId ? meetingLink(ctx, meetingId) : seriesLink(ctx, s.id);
  const events = cancel ? [{ ...masterEvent(s as InviteSeries, { exdates: [], moved: [] }), cancelled: true }] : await fullState(ctx, tx, s);
  await queuePairEmails(ctx, tx, [
    {
      template: cancel ? 'one-on-one-cancel' : 'one-on-one-update',
      key: `1on1:${s.id}:${s.sequence}`,
      manager: s.manager,
      report: s.report,
      kind,
      startsAt,
      location: s.location,
      link,
      calendar: inviteOf(ctx, s as InviteSeries, cancel ? 'CANCEL' : 'REQUEST', events, link),
    },
  ]);
}

/** Sets up a recurring 1:1 of `managerId` with one of their reports; the first meeting is the rule's first occurrence from now. */
export async function createSeries(ctx: AppContext, managerId: string, reportId: string, input: SeriesInput) {
  const report = await reportOf(ctx, managerId, reportId);
  const now = ctx.clock.now();
  const created = await inTransaction(ctx, async (tx) => {
    const live = await tx.oneOnOneSeries.count({ where: { managerId, reportId: report.id, status: { in: ['active', 'paused'] } } });
    if (live > 0) throw new ConflictError('You already have a 1:1 series with this person');
    const series = await tx.oneOnOneSeries.create({ data: { managerId, reportId: report.id, ...input, startDate: maxDate(input.startDate, todayIn(now, input.timeZone)), createdAt: now } });
    const meeting = await makeNextMeeting(tx, series, now, now, true);
    const s = await loadSeries(tx, series.id);
    await announce(ctx, tx, s, 'created', meeting?.startsAt ?? null, meeting?.id ?? null);
    return s;
  });
  ctx.kick('send-emails');
  return created;
}

function maxDate(a: string, b: string): string {
  return a > b ? a : b;
}

function ruleChanged(s: SeriesRow, input: SeriesInput): boolean {
  return s.cadence !== input.cadence || s.weekday !== input.weekday || (s.weekOfMonth ?? null) !== (input.weekOfMonth ?? null) || s.timeOfDay !== input.timeOfDay || s.timeZone !== input.timeZone || input.startDate > s.startDate;
}

/**
 * Changes the series (its manager only). A new rule applies from today (or the start date given, if later);
 * otherwise only the length, place and reminder change, and moved meetings stay where they were moved to.
 */
export async function changeSeries(ctx: AppContext, viewerId: string, seriesId: string, input: SeriesInput) {
  const now = ctx.clock.now();
  const changed = await inTransaction(ctx, async (tx) => {
    const s = await seriesForManager(ctx, seriesId, viewerId, tx);
    if (s.status === 'ended') throw new ConflictError('This series has ended');
    const newRule = ruleChanged(s, input);
    const startDate = newRule ? maxDate(input.startDate, todayIn(now, input.timeZone)) : s.startDate;
    const updated = await tx.oneOnOneSeries.update({ where: { id: s.id }, data: { ...input, startDate, sequence: { increment: 1 } } });
    // Meetings not begun yet (one under way stays as it is: people may be in it, taking notes).
    const upcoming = await tx.oneOnOneMeeting.findMany({ where: { seriesId: s.id, status: 'scheduled', startsAt: { gt: now } }, orderBy: { startsAt: 'asc' } });
    let next = upcoming[0] ?? null;
    if (newRule && s.status === 'active') {
      // The meeting to come takes the new rule's first free occurrence; any other one planned is cancelled.
      if (upcoming.length > 1) await tx.oneOnOneMeeting.updateMany({ where: { id: { in: upcoming.slice(1).map((m) => m.id) } }, data: { status: 'cancelled', remindAt: null } });
      const slot = await freeSlotAfter(tx, updated, now);
      if (next && slot) {
        next = await tx.oneOnOneMeeting.update({
          where: { id: next.id },
          data: { slot: slot.toISOString(), startsAt: slot, endsAt: new Date(slot.getTime() + input.durationMinutes * 60_000), moved: false, remindAt: reminderFor(updated, slot, now), remindedAt: null, remindClaim: null, remindClaimUntil: null },
        });
      } else if (slot) {
        next = await createMeeting(tx, updated, slot, now);
      }
      // The new rule counts from its first meeting, which the calendar event now begins with.
      if (slot) await tx.oneOnOneSeries.update({ where: { id: s.id }, data: { horizon: slot, startDate: localDateOf(slot, input.timeZone) } });
      await carryOver(tx, s.id);
    } else {
      for (const m of upcoming) {
        await tx.oneOnOneMeeting.update({
          where: { id: m.id },
          data: { endsAt: new Date(m.startsAt.getTime() + input.durationMinutes * 60_000), ...(m.remindedAt ? {} : { remindAt: reminderFor(updated, m.startsAt, now), remindClaim: null, remindClaimUntil: null }) },
        });
      }
    }
    const fresh = await loadSeries(tx, s.id);
    if (fresh.status === 'active') await announce(ctx, tx, fresh, 'changed', next?.startsAt ?? null, next?.id ?? null);
    return fresh;
  });
  ctx.kick('send-emails');
  return changed;
}

/** Cancels the meetings still to come (their open points wait for the next meeting there will be). */
async function cancelUpcoming(tx: DbTx, seriesId: string, now: Date): Promise<void> {
  await tx.oneOnOneMeeting.updateMany({ where: { seriesId, status: 'scheduled', startsAt: { gt: now } }, data: { status: 'cancelled', remindAt: null } });
}

/** Pauses (no meetings, no reminders; the calendar event is cancelled) or resumes (the rule from today) a series. */
export async function setSeriesPaused(ctx: AppContext, viewerId: string, seriesId: string, paused: boolean) {
  const now = ctx.clock.now();
  const result = await inTransaction(ctx, async (tx) => {
    const s = await seriesForManager(ctx, seriesId, viewerId, tx);
    if (s.status === 'ended') throw new ConflictError('This series has ended');
    if ((s.status === 'paused') === paused) return s;
    if (paused) {
      await cancelUpcoming(tx, s.id, now);
      await tx.oneOnOneSeries.update({ where: { id: s.id }, data: { status: 'paused', horizon: null, sequence: { increment: 1 } } });
      const fresh = await loadSeries(tx, s.id);
      await announce(ctx, tx, fresh, 'paused', null, null);
      return fresh;
    }
    const resumed = await tx.oneOnOneSeries.update({ where: { id: s.id }, data: { status: 'active', startDate: todayIn(now, s.timeZone), sequence: { increment: 1 } } });
    const meeting = await makeNextMeeting(tx, resumed, now, now, true);
    const fresh = await loadSeries(tx, s.id);
    await announce(ctx, tx, fresh, 'resumed', meeting?.startsAt ?? null, meeting?.id ?? null);
    return fresh;
  });
  ctx.kick('send-emails');
  return result;
}

async function endInTx(ctx: AppContext, tx: DbTx, seriesId: string, reason: 'ended' | 'manager_changed' | 'person_left') {
  const now = ctx.clock.now();
  await cancelUpcoming(tx, seriesId, now);
  await tx.oneOnOneSeries.update({ where: { id: seriesId }, data: { status: 'ended', endedReason: reason, endedAt: now, horizon: null, sequence: { increment: 1 } } });
  const fresh = await loadSeries(tx, seriesId);
  await announce(ctx, tx, fresh, reason === 'manager_changed' ? 'manager_changed' : 'ended', null, null);
  return fresh;
}

/** Ends the series for good (its manager only). Its history stays readable by the two of them. */
export async function endSeries(ctx: AppContext, viewerId: string, seriesId: string) {
  const ended = await inTransaction(ctx, async (tx) => {
    const s = await seriesForManager(ctx, seriesId, viewerId, tx);
    if (s.status === 'ended') return s;
    return endInTx(ctx, tx, s.id, 'ended');
  });
  ctx.kick('send-emails');
  return ended;
}

/**
 * A directory change gave these reports a new manager (or none): their live series with anyone else end, in the
 * directory change's own transaction. The history stays with the two people it belongs to; the new manager
 * starts a new series. Returns how many ended.
 */
export async function endSeriesOfMovedReports(ctx: AppContext, tx: DbTx, reportIds: string[], newManagerId: string | null): Promise<number> {
  const live: { id: string }[] = [];
  // In chunks: a directory import can move thousands of people at once (SQLite takes at most 999 parameters).
  for (let i = 0; i < reportIds.length; i += 500) {
    live.push(
      ...(await tx.oneOnOneSeries.findMany({
        where: { reportId: { in: reportIds.slice(i, i + 500) }, status: { in: ['active', 'paused'] }, ...(newManagerId ? { managerId: { not: newManagerId } } : {}) },
        select: { id: true },
      })),
    );
  }
  for (const s of live) await endInTx(ctx, tx, s.id, 'manager_changed');
  if (live.length) ctx.logger.info({ event: 'one_on_ones_ended_by_manager_change', count: live.length }, '1:1 series ended: the report has a new manager');
  return live.length;
}

/** The new-series form for one of `managerId`'s reports: the report, and defaults (weekly, the manager's zone, today). */
export async function newSeriesForm(ctx: AppContext, managerId: string, reportId: string) {
  const report = await reportOf(ctx, managerId, reportId);
  const manager = await ctx.db.employee.findUniqueOrThrow({ where: { id: managerId }, select: { timeZone: true } });
  return {
    report,
    defaults: { cadence: 'weekly', weekday: 2, weekOfMonth: 1, timeOfDay: '10:00', timeZone: manager.timeZone, durationMinutes: 60, location: '', startDate: todayIn(ctx.clock.now(), manager.timeZone), reminderHours: 24 },
  };
}

/**
 * People who left (deactivated through the directory, the CSV import or the API): their live series, as manager
 * or as report, end (reason person_left); the one still here gets the cancellation. Returns how many ended.
 */
export async function endSeriesOfLeavers(ctx: AppContext, tx: DbTx, employeeIds: string[]): Promise<number> {
  let ended = 0;
  for (let i = 0; i < employeeIds.length; i += 250) {
    const ids = employeeIds.slice(i, i + 250);
    const live = await tx.oneOnOneSeries.findMany({ where: { status: { in: ['active', 'paused'] }, OR: [{ managerId: { in: ids } }, { reportId: { in: ids } }] }, select: { id: true } });
    for (const s of live) await endInTx(ctx, tx, s.id, 'person_left');
    ended += live.length;
  }
  return ended;
}
