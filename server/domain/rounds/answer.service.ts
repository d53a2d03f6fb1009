/**
 * Answering by personal link. Opening the link (GET, HEAD) only reads. Submitting spends it: in one
 * transaction the invitation flips answered false → true with a conditional update (exactly one row, or the
 * link was already used or the round closed), then the response is stored SEALED (sealed-answers.ts: the team
 * and department snapshot and the answers, padded to the round's one length, encrypted with a key derived from
 * APP_SECRET) and the round's count goes up. The row that shares the invitation's transaction id is thus
 * unreadable; the round's responses are written, shuffled, by a later transaction that touches no invitation
 * (release.service.ts), with no time and no person.
 *
 * Cost on the hot path: one raw read of the invitation (a question snapshot is cached per round, since it
 * never changes), then one raw-driver transaction (server/db/raw: a synchronous IMMEDIATE transaction on
 * SQLite, a single CTE statement on PostgreSQL). Prisma's interactive transaction is kept only for an
 * in-memory SQLite database, which a second connection cannot see. Measured by `npm run bench -- answer`.
 */
import crypto from 'node:crypto';
import type { AppContext } from '../../context';
import type { Locale } from '../../i18n/i18n';
import { toLocale } from '../../i18n/i18n';
import { hashToken } from '../../secrets';
import { answerStoreFor, type AnswerStore } from '../../db/raw/answer-store';
import type { ParsedAnswer, RoundQuestionSnapshot } from './answer.schema';
import { encodePayload, sealedLength } from './sealed-answers';

export interface RoundSnapshot {
  id: string;
  title: string;
  intro: string;
  /** The title and intro in Bahasa Indonesia, when given. */
  titleId: string | null;
  introId: string | null;
  closesAt: Date;
  questions: RoundQuestionSnapshot[];
  /** The one plaintext length of the round's sealed responses. */
  sealedLength: number;
}

export type LinkState =
  | { state: 'unknown' }
  | { state: 'closed'; locale: Locale }
  | { state: 'answered'; locale: Locale }
  | { state: 'open'; locale: Locale; timeZone: string; round: RoundSnapshot; invitation: OpenInvitation };

/** What submitting needs to know about an open invitation (never shown, never stored with the response). */
export interface OpenInvitation {
  id: string;
  roundId: string;
  teamId: string | null;
  departmentId: string | null;
}

/** Tokens are 32 random bytes in base64url: anything else is not worth a query. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;
const snapshots = new Map<string, RoundSnapshot>();
const MAX_CACHED = 200;

async function roundSnapshot(ctx: AppContext, roundId: string): Promise<RoundSnapshot> {
  const hit = snapshots.get(roundId);
  if (hit) return hit;
  const round = await ctx.db.round.findUniqueOrThrow({
    where: { id: roundId },
    select: { id: true, title: true, intro: true, titleId: true, introId: true, closesAt: true, questions: { orderBy: { position: 'asc' } } },
  });
  if (snapshots.size >= MAX_CACHED) snapshots.delete(snapshots.keys().next().value as string);
  const snapshot = { ...round, sealedLength: sealedLength(round.questions) };
  snapshots.set(roundId, snapshot);
  return snapshot;
}

function rawStore(ctx: AppContext): AnswerStore | null {
  return answerStoreFor(ctx.config.DATABASE_URL, ctx.provider, ctx.config.DATABASE_POOL_SIZE);
}

/** The invitation behind `tokenHash` in the shape linkState reads, through the raw store when there is one. */
async function findInvitation(ctx: AppContext, tokenHash: string) {
  const store = rawStore(ctx);
  if (store) {
    const row = await store.findInvitation(tokenHash);
    if (!row) return null;
    const { roundStatus, closesAtMs, employeeActive, timeZone, ...rest } = row;
    return { ...rest, round: { status: roundStatus, closesAt: new Date(closesAtMs) }, employee: { active: employeeActive, timeZone } };
  }
  return ctx.db.invitation.findUnique({
    where: { tokenHash },
    select: {
      id: true,
      answered: true,
      locale: true,
      roundId: true,
      teamId: true,
      departmentId: true,
      round: { select: { status: true, closesAt: true } },
      employee: { select: { active: true, timeZone: true } },
    },
  });
}

/** What a personal link leads to now. */
export async function linkState(ctx: AppContext, token: string): Promise<LinkState> {
  if (!TOKEN_SHAPE.test(token)) return { state: 'unknown' };
  const invitation = await findInvitation(ctx, hashToken(token));
  if (!invitation) return { state: 'unknown' };
  const locale = toLocale(invitation.locale);
  // A closed round's links all say "closed", answered or not: after the round nobody learns from a link who answered.
  if (invitation.round.status !== 'open' || invitation.round.closesAt <= ctx.clock.now()) return { state: 'closed', locale };
  if (invitation.answered) return { state: 'answered', locale };
  if (!invitation.employee.active) return { state: 'closed', locale };
  const { id, roundId, teamId, departmentId } = invitation;
  // The close time as read now, not the snapshot's: HR may have extended the window since it was cached.
  const round = { ...(await roundSnapshot(ctx, roundId)), closesAt: invitation.round.closesAt };
  return { state: 'open', locale, timeZone: invitation.employee.timeZone, round, invitation: { id, roundId, teamId, departmentId } };
}

export type SubmitOutcome = 'saved' | 'answered' | 'closed' | 'unknown';

/** The sealed response for `answers` to the round of `invitation`. */
export function sealResponse(ctx: Pick<AppContext, 'keyring'>, round: Pick<RoundSnapshot, 'id' | 'sealedLength'>, invitation: OpenInvitation, answers: ParsedAnswer[]): Buffer {
  const plain = encodePayload({ teamId: invitation.teamId, departmentId: invitation.departmentId, answers }, round.sealedLength);
  return ctx.keyring.sealBytes(plain, round.id);
}

/**
 * Stores `answers` as the (sealed) response to `round` of `invitation` (both read by linkState from the link's
 * token), once; says what happened.
 */
export async function submitResponse(ctx: AppContext, token: string, round: RoundSnapshot, invitation: OpenInvitation, answers: ParsedAnswer[]): Promise<SubmitOutcome> {
  const sealed = sealResponse(ctx, round, invitation, answers);
  const store = rawStore(ctx);
  const saved = store
    ? await store.spend({ invitationId: invitation.id, roundId: invitation.roundId, sealed })
    : await submitThroughPrisma(ctx, invitation, sealed);
  if (saved) return 'saved';
  const state = await linkState(ctx, token);
  return state.state === 'answered' ? 'answered' : state.state === 'unknown' ? 'unknown' : 'closed';
}

/** The same transaction through Prisma (in-memory SQLite only). */
async function submitThroughPrisma(ctx: AppContext, invitation: OpenInvitation, sealed: Buffer): Promise<boolean> {
  return ctx.db.$transaction(async (tx) => {
    const { count } = await tx.invitation.updateMany({
      where: { id: invitation.id, answered: false, round: { status: 'open' } },
      data: { answered: true, tokenCipher: null },
    });
    if (count !== 1) return false;
    await tx.sealedResponse.create({ data: { id: crypto.randomUUID(), roundId: invitation.roundId, sealed: new Uint8Array(sealed) } });
    await tx.round.updateMany({ where: { id: invitation.roundId }, data: { respondedCount: { increment: 1 } } });
    return true;
  });
}
