/**
 * Opening rounds. Every instance's tick claims the due schedules in one statement (schedule-claims.ts: a
 * per-tick token and a lease), then opens each claimed slot's round in its own transaction, which also moves
 * `nextRunAt` to the next slot after now and clears the claim, only while the claim is still this tick's and
 * the slot still the one claimed. A crash between the two leaves a claim that lapses; the next tick claims the
 * slot again, so it is neither skipped nor opened twice. The unique (scheduleId, slot) is the safety net. A slot
 * missed by more than LATE_AFTER_MS opens once, marked late, and the next slot is computed from now, so a long
 * outage never opens a burst of rounds.
 */
import { audit } from '../audit/audit.service';
import crypto from 'node:crypto';
import type { AppContext } from '../../context';
import { ConflictError, NotFoundError } from '../../errors';
import { isUniqueViolation } from '../../db/errors';
import { nextRunAfter, timingOf } from '../surveys/schedule-times';
import { audienceOf, type Audience } from './audience';
import { writeRound, type OpenedRound } from './round-writer';
import { claimDueSchedules, releaseScheduleClaim, type ClaimedSchedule, type ScheduleClaim } from './schedule-claims';
import { inWriteTurn } from './write-turns';

export const LATE_AFTER_MS = 15 * 60_000;
/** Opening a round for 10,000 people writes ~40,000 rows: allow it time, and let an opening queued behind it wait. */
export const ROUND_TX = { timeout: 10 * 60_000, maxWait: 2 * 60_000 };
/** On PostgreSQL, this many claimed rounds open at once (each its own transaction and connection). */
export const OPEN_PARALLEL = 4;

/**
 * Opens the round of `schedule`'s claimed slot, if claim `token` still holds it; null when it no longer does
 * (the claim lapsed and another tick took it over, or HR edited or paused the schedule meanwhile), or when the
 * survey cannot be sent (the slot is then used up all the same). `opened`: the slot already has its round.
 */
async function openClaimed(ctx: AppContext, token: string, schedule: ClaimedSchedule, now: Date, opened: boolean): Promise<OpenedRound | null> {
  const slotAt = schedule.nextRunAt;
  const next = nextRunAfter(timingOf(schedule), now);
  return inWriteTurn(ctx, () => ctx.db.$transaction(async (tx) => {
    const { count } = await tx.schedule.updateMany({
      where: { id: schedule.id, claimToken: token, paused: false, nextRunAt: slotAt },
      data: { nextRunAt: next, claimToken: null, claimExpiresAt: null },
    });
    if (count !== 1 || opened) return null;
    return writeRound(
      ctx,
      tx,
      {
        surveyId: schedule.surveyId,
        scheduleId: schedule.id,
        slot: slotAt.toISOString(),
        late: now.getTime() - slotAt.getTime() > LATE_AFTER_MS,
        windowDays: schedule.windowDays,
        reminderCount: schedule.reminderCount,
        audience: audienceOf(schedule.audience, schedule.audienceIds),
      },
      now,
    );
  }, ROUND_TX));
}

/**
 * The claimed slots whose round already exists (a slot planned again after it opened, say by an instance whose
 * clock runs behind). One query for the whole tick instead of one per round: while the claim holds, only its
 * holder can open these slots, so what this sees cannot change before the openings.
 */
async function alreadyOpened(ctx: AppContext, schedules: ClaimedSchedule[]): Promise<Set<string>> {
  const rounds = await ctx.db.round.findMany({
    where: { scheduleId: { in: schedules.map((s) => s.id) }, slot: { in: [...new Set(schedules.map((s) => s.nextRunAt.toISOString()))] } },
    select: { scheduleId: true, slot: true },
  });
  return new Set(rounds.map((r) => `${r.scheduleId} ${r.slot}`));
}

/** Runs `work` over `items`, at most `parallel` at a time. */
async function eachLimited<T>(items: T[], parallel: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(parallel, items.length) }, lane));
}

/** Opens every due scheduled round this instance manages to claim; returns the rounds it opened. */
export async function openDueRounds(ctx: AppContext): Promise<OpenedRound[]> {
  const now = ctx.clock.now();
  return openClaimedRounds(ctx, await claimDueSchedules(ctx, now), now);
}

/**
 * Opens the rounds of the slots `claim` took at `now`, those it still holds. SQLite writes one transaction at
 * a time anyway; PostgreSQL opens a few side by side, leaving most of the connection pool to requests.
 */
export async function openClaimedRounds(ctx: AppContext, claim: ScheduleClaim, now: Date): Promise<OpenedRound[]> {
  const { token, schedules } = claim;
  if (schedules.length === 0) return [];
  const existing = await alreadyOpened(ctx, schedules);
  const opened: OpenedRound[] = [];
  const parallel = ctx.provider === 'sqlite' ? 1 : Math.max(1, Math.min(OPEN_PARALLEL, Math.floor(ctx.config.DATABASE_POOL_SIZE / 2)));
  await eachLimited(schedules, parallel, async (schedule) => {
    try {
      const round = await openClaimed(ctx, token, schedule, now, existing.has(`${schedule.id} ${schedule.nextRunAt.toISOString()}`));
      if (round) {
        opened.push(round);
        ctx.logger.info({ event: 'round_opened', scheduleId: schedule.id, ...round }, 'round opened');
      }
    } catch (err) {
      ctx.logger.error({ err, scheduleId: schedule.id }, 'could not open a scheduled round');
      // Nothing was written: hand the slot back so the next tick tries again (if this fails too, the claim lapses).
      await releaseScheduleClaim(ctx, token, schedule.id).catch(() => undefined);
    }
  });
  if (opened.length > 0) ctx.kick('send-emails');
  return opened;
}

export interface SendNowOptions {
  audience: Audience;
  windowDays: number;
  reminderCount: number;
  /** The key the "send now" form carried: one round per key, however often it is posted (a random one if none). */
  sendKey?: string;
}

/** The round already opened with `sendKey`, when it was for this survey; a key reused for another survey is refused. */
async function roundOfSendKey(ctx: AppContext, surveyId: string, sendKey: string): Promise<OpenedRound | null> {
  const round = await ctx.db.round.findUnique({ where: { sendKey }, select: { id: true, surveyId: true, invitedCount: true, late: true } });
  if (!round) return null;
  if (round.surveyId !== surveyId) throw new ConflictError('This send-now form belongs to another survey; reload the page');
  return { roundId: round.id, invitedCount: round.invitedCount, late: round.late };
}

/**
 * Opens a one-off round of a survey now (HR's "send now"): slot `now:<key>`, no schedule. The form's key is
 * unique in the database, so a double click, a resubmitted form or two tabs posting the same form open one
 * round and email everyone once; every post answers with that round.
 */
export async function openRoundNow(ctx: AppContext, surveyId: string, opts: SendNowOptions): Promise<OpenedRound> {
  const now = ctx.clock.now();
  const sendKey = opts.sendKey ?? crypto.randomUUID();
  const earlier = await roundOfSendKey(ctx, surveyId, sendKey);
  if (earlier) return earlier;
  let round: OpenedRound | null;
  try {
    round = await inWriteTurn(ctx, () => ctx.db.$transaction(
      async (tx) => {
        const opened = await writeRound(
          ctx,
          tx,
          { surveyId, scheduleId: null, slot: `now:${sendKey}`, late: false, audience: opts.audience, windowDays: opts.windowDays, reminderCount: opts.reminderCount, sendKey },
          now,
        );
        if (opened) await audit(ctx, tx, { action: 'schedule.send_now', targetKind: 'round', targetId: opened.roundId, detail: { surveyId, invited: opened.invitedCount, audience: opts.audience.kind } });
        return opened;
      },
      ROUND_TX,
    ));
  } catch (err) {
    const other = isUniqueViolation(err) ? await roundOfSendKey(ctx, surveyId, sendKey) : null;
    if (other) return other;
    throw err;
  }
  if (!round) throw new NotFoundError('This survey cannot be sent: it is archived, has no questions, or does not exist');
  ctx.logger.info({ event: 'round_opened', surveyId, ...round }, 'one-off round opened');
  ctx.kick('send-emails');
  return round;
}
