/**
 * Releasing a closed round's answers, and reducing what is left of who answered to counts.
 *
 * While a round is open, each answer sits in SealedResponse, unreadable without APP_SECRET, in the row written by
 * the same transaction as its invitation's `answered` flag (so on PostgreSQL both carry one xmin). Once the round
 * has closed and settled (CLOSED_SETTLE_MS: a spend that read the round as open just before it closed has
 * committed by then), two transactions follow, each touching every row of the round alike:
 *  1. release: opens the round's sealed answers, shuffles them, writes them as responses with random ids in that
 *     shuffled order (physical order and rowids random; batches of random samples, see releaseRound) and deletes
 *     the sealed rows. It reads and writes no invitation, so nothing in it points back to a person.
 *  2. traces: rewrites the round's invitations in a fixed order (by person) with `answered` false, so neither
 *     the flag nor the rows' transaction ids nor their physical order says who answered; folds the round's
 *     emails (invitations and reminders: a reminder names who had not answered yet) into per-round counts and
 *     deletes them; deletes their copies in the local mailbox.
 * A crash changes nothing that matters: every answer is released or still sealed, and the next tick goes on. On SQLite the
 * connection deletes securely (client.ts) and the write-ahead log is truncated afterwards, so deleted rows do
 * not linger in the file.
 */
import crypto from 'node:crypto';
import { Prisma } from '../../../prisma/generated/sqlite/client';
import type { AppContext } from '../../context';
import { decodePayload, type SealedPayload } from './sealed-answers';
import { parseEmailStats } from './email-stats';
import { redactReason } from '../surveys/round-status.service';
import { inWriteTurn } from './write-turns';
import { forEachIsolated } from '../shared/isolated';
import { CLOSED_SETTLE_MS, forgetRound } from '../results/round-cache';

const CHUNK = 500;
/** Answer rows per INSERT (5 parameters each). */
const ANSWER_CHUNK = 2000;
/** At most this many rounds are released, and this many have their traces reduced, per tick. */
export const RELEASES_PER_TICK = 12;
const RELEASE_TX = { timeout: 10 * 60_000, maxWait: 2 * 60_000 };

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = crypto.randomInt(i + 1);
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

function chunks<T>(rows: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/** How many responses one release transaction writes: it holds SQLite's single writer for ~0.1–0.3 s. */
export const RELEASE_BATCH = 1000;

interface Opened {
  sealedId: string;
  payload: SealedPayload;
}

/**
 * Writes `batch` as responses (random ids, in the batch's order) and deletes their sealed rows, in one transaction;
 * the last batch also marks the round released. Returns false when the round is no longer closed.
 */
async function writeBatch(ctx: AppContext, roundId: string, batch: Opened[], last: boolean, wasReleased: boolean): Promise<boolean> {
  const now = ctx.clock.now();
  return inWriteTurn(ctx, () =>
    ctx.db.$transaction(async (tx) => {
      if ((await tx.round.count({ where: { id: roundId, status: 'closed' } })) !== 1) return false;
      if (last && !wasReleased) await tx.round.update({ where: { id: roundId }, data: { releasedAt: now }, select: { id: true } });
      const responses = batch.map((o) => ({ id: crypto.randomUUID(), payload: o.payload }));
      for (const group of chunks(responses, CHUNK)) {
        await tx.$executeRaw`INSERT INTO "Response" ("id", "roundId", "teamId", "departmentId")
          VALUES ${Prisma.join(group.map((r) => Prisma.sql`(${r.id}, ${roundId}, ${r.payload.teamId}, ${r.payload.departmentId})`))}`;
      }
      const answers = responses.flatMap((r) => r.payload.answers.map((a) => ({ responseId: r.id, ...a })));
      for (const group of chunks(answers, ANSWER_CHUNK)) {
        await tx.$executeRaw`INSERT INTO "Answer" ("responseId", "questionId", "value", "choices", "comment")
          VALUES ${Prisma.join(group.map((a) => Prisma.sql`(${a.responseId}, ${a.questionId}, ${a.value}, ${a.choices}, ${a.comment})`))}`;
      }
      for (const ids of chunks(batch.map((o) => o.sealedId), CHUNK)) await tx.sealedResponse.deleteMany({ where: { id: { in: ids } } });
      // Responses added to a round released before (late sealed rows: never expected) make its stored numbers stale.
      if (wasReleased && batch.length > 0) await tx.round.update({ where: { id: roundId }, data: { enpsSlice: null, resultCube: null }, select: { id: true } });
      return true;
    }, RELEASE_TX),
  );
}

/**
 * Opens the sealed answers of closed round `roundId`, shuffles them, writes them as responses with random ids in
 * that order and deletes the sealed rows; marks the round released. Returns how many responses it wrote, or null
 * when the round is not closed.
 *
 * The writing goes in transactions of RELEASE_BATCH responses, each a random sample of the round's answers (the
 * shuffle comes first), so which transaction a response came in says nothing about when it was given, and no
 * transaction holds SQLite's writer for long. Each batch deletes its own sealed rows: a crash between batches
 * leaves every answer either released or still sealed, and results stay hidden (releasedAt is set by the last
 * batch) until the next tick releases the rest. A sealed row that does not open (APP_SECRET changed, or the row
 * was altered) is kept, not lost, and logged; restoring the secret releases it at a later tick.
 */
export async function releaseRound(ctx: AppContext, roundId: string, batchSize = RELEASE_BATCH): Promise<number | null> {
  const round = await ctx.db.round.findUnique({ where: { id: roundId }, select: { status: true, releasedAt: true } });
  if (!round || round.status !== 'closed') return null;
  const sealed = await ctx.db.sealedResponse.findMany({ where: { roundId }, select: { id: true, sealed: true } });
  const opened: Opened[] = [];
  let unreadable = 0;
  for (const row of sealed) {
    try {
      opened.push({ sealedId: row.id, payload: decodePayload(ctx.keyring.openBytes(row.sealed, roundId)) });
    } catch {
      unreadable++;
    }
  }
  shuffle(opened);
  const batches = opened.length === 0 ? [[]] : chunks(opened, batchSize);
  const wasReleased = round.releasedAt !== null;
  for (const [i, batch] of batches.entries()) {
    if (!(await writeBatch(ctx, roundId, batch, i === batches.length - 1, wasReleased))) return null;
  }
  if (wasReleased && opened.length > 0) forgetRound(ctx, roundId);
  if (unreadable > 0) {
    ctx.logger.error({ event: 'sealed_answers_unreadable', roundId, count: unreadable }, 'sealed answers could not be opened (was APP_SECRET changed?); kept for a later release');
  }
  ctx.logger.info({ event: 'round_released', roundId, responses: opened.length }, 'round answers released');
  return opened.length;
}

/**
 * Reduces the per-person traces of released round `roundId` to counts, in one transaction: its invitations are
 * rewritten by person with `answered` false, its emails folded into Round.emailStats and deleted, their mailbox
 * copies deleted. Emails still being sent stay (the next tick folds them once they are done); the round is marked
 * cleared when none is left. Returns whether it is cleared.
 */
export async function clearRoundTraces(ctx: AppContext, roundId: string): Promise<boolean> {
  const now = ctx.clock.now();
  const cleared = await inWriteTurn(ctx, () =>
    ctx.db.$transaction(async (tx) => {
      const round = await tx.round.findUnique({ where: { id: roundId }, select: { releasedAt: true, tracesClearedAt: true, emailStats: true } });
      if (!round?.releasedAt || round.tracesClearedAt) return Boolean(round?.tracesClearedAt);

      if ((await tx.invitation.count({ where: { roundId, OR: [{ answered: true }, { tokenCipher: { not: null } }] } })) > 0) {
        const invitations = await tx.invitation.findMany({
          where: { roundId },
          select: { id: true, employeeId: true, teamId: true, departmentId: true, locale: true, tokenHash: true },
          orderBy: { employeeId: 'asc' },
        });
        await tx.invitation.deleteMany({ where: { roundId } });
        for (const group of chunks(invitations)) {
          await tx.$executeRaw`INSERT INTO "Invitation" ("id", "roundId", "employeeId", "teamId", "departmentId", "locale", "tokenHash", "answered")
            VALUES ${Prisma.join(group.map((i) => Prisma.sql`(${i.id}, ${roundId}, ${i.employeeId}, ${i.teamId}, ${i.departmentId}, ${i.locale}, ${i.tokenHash}, ${false})`))}`;
        }
      }

      const done = { roundId, status: { in: ['sent', 'failed', 'pending'] } };
      const [byStatus, byReason] = await Promise.all([
        tx.outboxEmail.groupBy({ by: ['status'], where: done, _count: { _all: true } }),
        tx.outboxEmail.groupBy({ by: ['lastError'], where: { roundId, status: 'failed' }, _count: { _all: true } }),
      ]);
      const stats = parseEmailStats(round.emailStats);
      const count = (s: string) => byStatus.find((r) => r.status === s)?._count._all ?? 0;
      stats.sent += count('sent');
      stats.failed += count('failed') + count('pending');
      const reasons = new Map(stats.failures);
      for (const r of byReason) reasons.set(redactReason(r.lastError), (reasons.get(redactReason(r.lastError)) ?? 0) + r._count._all);
      if (count('pending') > 0) reasons.set('round closed', (reasons.get('round closed') ?? 0) + count('pending'));
      stats.failures = [...reasons];
      await tx.outboxEmail.deleteMany({ where: done });
      await tx.mailboxMessage.deleteMany({ where: { roundId } });
      const sending = await tx.outboxEmail.count({ where: { roundId } });
      await tx.round.update({ where: { id: roundId }, data: { emailStats: JSON.stringify(stats), tracesClearedAt: sending === 0 ? now : null }, select: { id: true } });
      return sending === 0;
    }, RELEASE_TX),
  );
  return cleared;
}

/** Empties SQLite's write-ahead log into the database file and truncates it, so old page images do not linger. */
async function truncateWal(ctx: AppContext): Promise<void> {
  if (ctx.provider !== 'sqlite') return;
  try {
    await inWriteTurn(ctx, () => ctx.db.$queryRawUnsafe('PRAGMA wal_checkpoint(TRUNCATE)'));
  } catch (err) {
    ctx.logger.warn({ event: 'wal_truncate_failed', err }, 'write-ahead log not truncated');
  }
}

/**
 * What the close-rounds job does after closing: releases the answers of rounds closed at least CLOSED_SETTLE_MS
 * ago (and any sealed rows a released round still has), then reduces the traces of released rounds. Each round
 * on its own: one failing round is logged and the others go on. Returns the ids released and cleared.
 */
export async function releaseSettledRounds(ctx: AppContext, limit = RELEASES_PER_TICK): Promise<{ released: string[]; cleared: string[] }> {
  const settledBefore = new Date(ctx.clock.now().getTime() - CLOSED_SETTLE_MS);
  const [unreleased, withSealed] = await Promise.all([
    ctx.db.round.findMany({ where: { status: 'closed', releasedAt: null, closedAt: { lt: settledBefore } }, select: { id: true }, orderBy: { closedAt: 'asc' }, take: limit }),
    ctx.db.sealedResponse.groupBy({ by: ['roundId'], where: { round: { status: 'closed', closedAt: { lt: settledBefore } } }, take: limit, orderBy: { roundId: 'asc' } }),
  ]);
  const released: string[] = [];
  const toRelease = [...new Set([...unreleased.map((r) => r.id), ...withSealed.map((r) => r.roundId)])];
  await forEachIsolated(ctx.logger, 'release-rounds', toRelease, (id) => ({ roundId: id }), async (id) => {
    if ((await releaseRound(ctx, id)) !== null) released.push(id);
  });
  const uncleared = await ctx.db.round.findMany({ where: { releasedAt: { not: null }, tracesClearedAt: null }, select: { id: true }, orderBy: { releasedAt: 'asc' }, take: limit });
  const cleared: string[] = [];
  await forEachIsolated(ctx.logger, 'clear-round-traces', uncleared, ({ id }) => ({ roundId: id }), async ({ id }) => {
    if (await clearRoundTraces(ctx, id)) cleared.push(id);
  });
  if (released.length > 0 || cleared.length > 0) await truncateWal(ctx);
  return { released, cleared };
}
