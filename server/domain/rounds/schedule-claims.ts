/**
 * Claims on due schedule slots. A schedule is due when it is not paused, its slot (`nextRunAt`) has come and
 * nobody holds a live claim on it. One statement claims up to DUE_PER_TICK of them for this tick and returns
 * them: `UPDATE … SET claimToken, claimExpiresAt WHERE id IN (<due, oldest slot first, LIMIT n>) RETURNING …`.
 * A row claimed by another tick first no longer matches (SQLite runs one writer at a time; PostgreSQL's
 * `FOR UPDATE SKIP LOCKED` passes over rows another claim or opening holds, and re-checks the rest after a
 * concurrent commit), so each slot has one claimant. Opening the round clears the claim; a claim whose
 * instance died lapses after CLAIM_LEASE_MS and the next tick claims the slot again.
 */
import crypto from 'node:crypto';
import type { AppContext } from '../../context';
import { inWriteTurn } from './write-turns';

/** At most this many schedules are claimed per tick (the rest wait for the next minute). */
export const DUE_PER_TICK = 100;
/** How long a claim keeps other ticks off a slot. Well under LATE_AFTER_MS, so a taken-over slot is not late. */
export const CLAIM_LEASE_MS = 5 * 60_000;

/** A claimed schedule: what opening its round needs. `nextRunAt` is the claimed slot. */
export interface ClaimedSchedule {
  id: string;
  surveyId: string;
  frequency: string;
  weekday: number | null;
  dayOfMonth: number | null;
  timeOfDay: string;
  timeZone: string;
  startDate: string;
  endDate: string | null;
  windowDays: number;
  reminderCount: number;
  audience: string;
  audienceIds: string;
  /** Send at each person's local time (local-delivery.ts); SQLite returns the boolean column as 0 or 1. */
  localDelivery: boolean | number;
  nextRunAt: Date;
}

export interface ScheduleClaim {
  /** Unique per tick: only the holder of this token may open the claimed slots. */
  token: string;
  /** Oldest slot first. */
  schedules: ClaimedSchedule[];
}

/**
 * Claims, in one statement, up to `limit` schedules due at `now` that no live claim holds, for `leaseMs`.
 * Dates go in as Date parameters: Prisma writes them as the columns hold them (epoch milliseconds on SQLite,
 * timestamp(3) UTC on PostgreSQL) and reads the returned columns back as Dates.
 */
export async function claimDueSchedules(ctx: AppContext, now: Date, limit = DUE_PER_TICK, leaseMs = CLAIM_LEASE_MS): Promise<ScheduleClaim> {
  const token = crypto.randomUUID();
  const until = new Date(now.getTime() + leaseMs);
  // On SQLite the claim is a write: it takes its turn with this process's round transactions (write-turns.ts).
  const schedules = await inWriteTurn(ctx, () =>
    ctx.provider === 'sqlite'
      ? ctx.db.$queryRaw<ClaimedSchedule[]>`
          UPDATE "Schedule" SET "claimToken" = ${token}, "claimExpiresAt" = ${until}
           WHERE "id" IN (
             SELECT "id" FROM "Schedule"
              WHERE "paused" = false AND "nextRunAt" <= ${now} AND ("claimExpiresAt" IS NULL OR "claimExpiresAt" < ${now})
              ORDER BY "nextRunAt" LIMIT ${limit})
          RETURNING "id", "surveyId", "frequency", "weekday", "dayOfMonth", "timeOfDay", "timeZone", "startDate", "endDate",
                    "windowDays", "reminderCount", "audience", "audienceIds", "localDelivery", "nextRunAt"`
      : ctx.db.$queryRaw<ClaimedSchedule[]>`
          UPDATE "Schedule" SET "claimToken" = ${token}, "claimExpiresAt" = ${until}
           WHERE "id" IN (
             SELECT "id" FROM "Schedule"
              WHERE "paused" = false AND "nextRunAt" <= ${now} AND ("claimExpiresAt" IS NULL OR "claimExpiresAt" < ${now})
              ORDER BY "nextRunAt" LIMIT ${limit}
                FOR UPDATE SKIP LOCKED)
          RETURNING "id", "surveyId", "frequency", "weekday", "dayOfMonth", "timeOfDay", "timeZone", "startDate", "endDate",
                    "windowDays", "reminderCount", "audience", "audienceIds", "localDelivery", "nextRunAt"`,
  );
  // RETURNING follows no ORDER BY: put the oldest slot first again.
  schedules.sort((a, b) => a.nextRunAt.getTime() - b.nextRunAt.getTime());
  return { token, schedules };
}

/** Gives up claim `token` on schedule `id` (its round could not be opened), if the claim still holds it. */
export async function releaseScheduleClaim(ctx: AppContext, token: string, id: string): Promise<void> {
  await inWriteTurn(ctx, () => ctx.db.schedule.updateMany({ where: { id, claimToken: token }, data: { claimToken: null, claimExpiresAt: null } }));
}
