/**
 * The transactional outbox: an email is a row written in the same transaction as the change that causes it.
 * `dedupeKey` is unique, so the same logical email (say, "round R, invitation I, reminder 1") is queued once
 * however often a job runs. Secret values (links carrying tokens) are sealed with the app key and wiped once sent.
 */
import crypto from 'node:crypto';
import { Prisma } from '../../../prisma/generated/sqlite/client';
import type { AppContext } from '../../context';
import type { DbTx } from '../../db/client';
import type { Locale } from '../../i18n/i18n';
import { isUniqueViolation } from '../../db/errors';

export interface OutgoingEmail {
  dedupeKey: string;
  template: string;
  to: string;
  toName?: string;
  locale: Locale;
  /** Values the template shows; kept in clear. */
  data?: Record<string, unknown>;
  /** Values that must not rest in clear in the database (links with tokens). */
  secret?: Record<string, string>;
  roundId?: string;
  /** Not sent before this instant (local-time sending); default: as soon as a drainer claims it. */
  notBefore?: Date;
}

/** The row to insert for `email` (one email, or many with enqueueEmails). */
export function outboxRow(ctx: Pick<AppContext, 'keyring' | 'clock'>, email: OutgoingEmail) {
  return {
    dedupeKey: email.dedupeKey,
    template: email.template,
    toAddress: email.to,
    toName: email.toName ?? null,
    locale: email.locale,
    data: JSON.stringify(email.data ?? {}),
    secretData: email.secret ? ctx.keyring.seal(JSON.stringify(email.secret)) : null,
    roundId: email.roundId ?? null,
    nextAttemptAt: email.notBefore ?? ctx.clock.now(),
  };
}

/** Queues one email; returns false when an email with the same dedupe key was already queued. */
export async function enqueueEmail(ctx: Pick<AppContext, 'keyring' | 'clock'>, db: DbTx, email: OutgoingEmail): Promise<boolean> {
  try {
    await db.outboxEmail.create({ data: outboxRow(ctx, email) });
    return true;
  } catch (err) {
    if (isUniqueViolation(err)) return false;
    throw err;
  }
}

/**
 * Queues many emails inside the caller's transaction with one multi-row INSERT (a round's invitations and
 * reminders, by the hundred): Prisma's createMany costs several times as much per call on this path
 * (`npm run bench -- fanout`). Every column Prisma would fill (id, createdAt) is given here; the rest have
 * database defaults (status pending, no attempts). Dedupe keys must be new: a repeated key fails the batch.
 */
export async function enqueueEmails(ctx: Pick<AppContext, 'keyring' | 'clock'>, tx: DbTx, emails: OutgoingEmail[]): Promise<void> {
  if (emails.length === 0) return;
  const now = ctx.clock.now();
  const rows = emails.map((email) => {
    const r = outboxRow(ctx, email);
    return Prisma.sql`(${crypto.randomUUID()}, ${r.dedupeKey}, ${r.template}, ${r.toAddress}, ${r.toName}, ${r.locale}, ${r.data}, ${r.secretData}, ${r.roundId}, ${r.nextAttemptAt}, ${now})`;
  });
  await tx.$executeRaw`INSERT INTO "OutboxEmail" ("id", "dedupeKey", "template", "toAddress", "toName", "locale", "data", "secretData", "roundId", "nextAttemptAt", "createdAt")
    VALUES ${Prisma.join(rows)}`;
}
