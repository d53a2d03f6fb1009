/**
 * Opening rounds. Every instance's tick asks the database which schedules are due, then claims each slot with
 * a conditional update (nextRunAt still the value it read → the next slot after now). Only the instance whose
 * update changed one row opens the round, in the same transaction as the claim; the unique
 * (scheduleId, slot) is the safety net. A slot missed by more than LATE_AFTER_MS opens once, marked late,
 * and the next slot is computed from now, so a long outage never opens a burst of rounds.
 */
import crypto from 'node:crypto';
import type { AppContext } from '../../context';
import { NotFoundError } from '../../errors';
import { nextRunAfter, timingOf } from '../surveys/schedule-times';
import { audienceOf, type Audience } from './audience';
import { writeRound, type OpenedRound } from './round-writer';
import { inWriteTurn } from './write-turns';

export const LATE_AFTER_MS = 15 * 60_000;
/** Opening a round for 10,000 people writes ~40,000 rows: allow it time, and let a waiting claim wait. */
export const ROUND_TX = { timeout: 10 * 60_000, maxWait: 2 * 60_000 };

type ScheduleRow = Awaited<ReturnType<AppContext['db']['schedule']['findFirstOrThrow']>>;

/** Claims the schedule's slot `slotAt` and opens its round; null when another instance claimed it first. */
async function openScheduled(ctx: AppContext, schedule: ScheduleRow, slotAt: Date, now: Date): Promise<OpenedRound | null> {
  const next = nextRunAfter(timingOf(schedule), now);
  const slot = slotAt.toISOString();
  return inWriteTurn(ctx, () => ctx.db.$transaction(async (tx) => {
    const { count } = await tx.schedule.updateMany({
      where: { id: schedule.id, paused: false, nextRunAt: slotAt },
      data: { nextRunAt: next },
    });
    if (count !== 1) return null;
    const exists = await tx.round.findUnique({ where: { scheduleId_slot: { scheduleId: schedule.id, slot } }, select: { id: true } });
    if (exists) return null;
    return writeRound(
      ctx,
      tx,
      {
        surveyId: schedule.surveyId,
        scheduleId: schedule.id,
        slot,
        late: now.getTime() - slotAt.getTime() > LATE_AFTER_MS,
        windowDays: schedule.windowDays,
        reminderCount: schedule.reminderCount,
        audience: audienceOf(schedule.audience, schedule.audienceIds),
      },
      now,
    );
  }, ROUND_TX));
}

/** At most this many schedules are opened per tick (the rest wait for the next minute). */
export const DUE_PER_TICK = 100;

/** The schedules due at `now`, oldest slot first (one indexed query on (paused, nextRunAt)). */
export function dueSchedules(ctx: AppContext, now: Date) {
  return ctx.db.schedule.findMany({ where: { paused: false, nextRunAt: { lte: now } }, orderBy: { nextRunAt: 'asc' }, take: DUE_PER_TICK });
}

/** Opens every due scheduled round this instance manages to claim; returns the rounds it opened. */
export async function openDueRounds(ctx: AppContext): Promise<OpenedRound[]> {
  const now = ctx.clock.now();
  const due = await dueSchedules(ctx, now);
  const opened: OpenedRound[] = [];
  for (const schedule of due) {
    try {
      const round = await openScheduled(ctx, schedule, schedule.nextRunAt as Date, now);
      if (round) {
        opened.push(round);
        ctx.logger.info({ event: 'round_opened', scheduleId: schedule.id, ...round }, 'round opened');
      }
    } catch (err) {
      ctx.logger.error({ err, scheduleId: schedule.id }, 'could not open a scheduled round');
    }
  }
  if (opened.length > 0) ctx.kick('send-emails');
  return opened;
}

export interface SendNowOptions {
  audience: Audience;
  windowDays: number;
  reminderCount: number;
}

/** Opens a one-off round of a survey now (HR's "send now"): slot `now:<uuid>`, no schedule. */
export async function openRoundNow(ctx: AppContext, surveyId: string, opts: SendNowOptions): Promise<OpenedRound> {
  const now = ctx.clock.now();
  const round = await inWriteTurn(ctx, () => ctx.db.$transaction(
    (tx) =>
      writeRound(
        ctx,
        tx,
        { surveyId, scheduleId: null, slot: `now:${crypto.randomUUID()}`, late: false, ...opts },
        now,
      ),
    ROUND_TX,
  ));
  if (!round) throw new NotFoundError('This survey cannot be sent: it is archived, has no questions, or does not exist');
  ctx.logger.info({ event: 'round_opened', surveyId, ...round }, 'one-off round opened');
  ctx.kick('send-emails');
  return round;
}
