/**
 * What cadence health needs of every live series at once (HR's overview, the digest, cadence health): the series
 * with its latest held meeting, and the open action items' dates.
 *
 * Written in SQL that both providers plan the same way: the latest held meeting is one probe per series into the
 * (seriesId, status, startsAt) index, and "seriesId IN (live series)" reads the (seriesId, doneAt) index. The
 * relation filter Prisma writes for `series: { status }` is a join that SQLite plans through the (status, endsAt)
 * index instead, reading every held meeting's row, and PostgreSQL as a scan of every meeting (on 243,000 meetings,
 * Benchmark 10: 0.9 s on SQLite and 0.11 s on PostgreSQL, against 0.05 s for the series and their dates here).
 */
import { Prisma } from '../../../prisma/generated/sqlite/client';
import type { AppContext } from '../../context';

const LIVE = Prisma.sql`SELECT "id" FROM "OneOnOneSeries" WHERE "status" IN ('active', 'paused')`;

/** A timestamp as either driver returns it from raw SQL: a Date (pg) or epoch milliseconds (better-sqlite3). */
function dateOf(v: unknown): Date {
  return v instanceof Date ? v : new Date(Number(v));
}

/** Every live series with its latest held meeting's start (null when none was held). */
export async function liveSeriesDates(ctx: Pick<AppContext, 'db'>) {
  const rows = await ctx.db.$queryRaw<{ id: string; managerId: string; reportId: string; status: string; cadence: string; createdAt: unknown; lastHeldAt: unknown }[]>(Prisma.sql`
    SELECT s."id", s."managerId", s."reportId", s."status", s."cadence", s."createdAt",
      (SELECT MAX(m."startsAt") FROM "OneOnOneMeeting" m WHERE m."seriesId" = s."id" AND m."status" = 'held') AS "lastHeldAt"
    FROM "OneOnOneSeries" s WHERE s."status" IN ('active', 'paused')`);
  return rows.map((r) => ({ ...r, createdAt: dateOf(r.createdAt), lastHeldAt: r.lastHeldAt === null ? null : dateOf(r.lastHeldAt) }));
}

/** The creation dates of every live series' open action items. */
export async function openActionsOfLive(ctx: Pick<AppContext, 'db'>): Promise<{ seriesId: string; createdAt: Date }[]> {
  const rows = await ctx.db.$queryRaw<{ seriesId: string; createdAt: unknown }[]>(Prisma.sql`
    SELECT "seriesId", "createdAt" FROM "OneOnOneActionItem"
    WHERE "doneAt" IS NULL AND "seriesId" IN (${LIVE})`);
  return rows.map((r) => ({ seriesId: r.seriesId, createdAt: dateOf(r.createdAt) }));
}
