/**
 * Who may open what, in one place. A 1:1's content (agenda, shared notes, action items, its meetings) belongs to
 * the two people of its series, and only to them: no role widens it (an HR admin or a manager higher up sees
 * nothing of a pair they are not part of), and the API's tokens reach no content at all. A private note is its
 * author's alone, even within the pair. Anyone else is told "not found", so ids of other pairs reveal nothing.
 *  - The series' settings (cadence, time, pause, end) are the manager's; both people hold, skip or move a meeting.
 *  - A new series is set up by the report's manager (Employee.managerId), for an active report.
 *  - HR admins see cadence health (counts and ages), never content (health.service.ts).
 */
import type { AppContext } from '../../context';
import type { DbTx } from '../../db/client';
import { ForbiddenError, NotFoundError } from '../../errors';

export type PairRole = 'manager' | 'report';

export const PERSON_SELECT = { id: true, name: true, email: true, locale: true, timeZone: true, active: true } as const;

export const SERIES_INCLUDE = { manager: { select: PERSON_SELECT }, report: { select: PERSON_SELECT } } as const;

/** The viewer's place in a pair, or null when they are not one of the two. */
export function pairRoleOf(pair: { managerId: string; reportId: string }, viewerId: string): PairRole | null {
  if (pair.managerId === viewerId) return 'manager';
  if (pair.reportId === viewerId) return 'report';
  return null;
}

/** The series with its two people, if `viewerId` is one of them; NotFound otherwise. */
export async function seriesForMember(ctx: AppContext, seriesId: string, viewerId: string, db: DbTx = ctx.db) {
  const series = await db.oneOnOneSeries.findUnique({ where: { id: seriesId }, include: SERIES_INCLUDE });
  const role = series ? pairRoleOf(series, viewerId) : null;
  if (!series || !role) throw new NotFoundError();
  return { series, role };
}

/** The series' settings are its manager's to change. */
export async function seriesForManager(ctx: AppContext, seriesId: string, viewerId: string, db: DbTx = ctx.db) {
  const found = await seriesForMember(ctx, seriesId, viewerId, db);
  if (found.role !== 'manager') throw new ForbiddenError('Only the manager changes the series');
  return found.series;
}

/** The meeting with its series, if `viewerId` is one of the pair; NotFound otherwise. */
export async function meetingForMember(ctx: AppContext, meetingId: string, viewerId: string, db: DbTx = ctx.db) {
  const meeting = await db.oneOnOneMeeting.findUnique({ where: { id: meetingId }, include: { series: { include: SERIES_INCLUDE } } });
  const role = meeting ? pairRoleOf(meeting.series, viewerId) : null;
  if (!meeting || !role) throw new NotFoundError();
  return { meeting, series: meeting.series, role };
}

/** The report, if `managerId` is their manager and they are active. */
export async function reportOf(ctx: AppContext, managerId: string, reportId: string) {
  const report = await ctx.db.employee.findUnique({ where: { id: reportId }, select: { ...PERSON_SELECT, managerId: true } });
  if (!report) throw new NotFoundError();
  if (report.managerId !== managerId || !report.active) throw new ForbiddenError('Only their manager sets up a 1:1 with this person');
  return report;
}
