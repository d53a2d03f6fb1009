/**
 * The transactional outbox: an email is a row written in the same transaction as the change that causes it.
 * `dedupeKey` is unique, so the same logical email (say, "round R, invitation I, reminder 1") is queued once
 * however often a job runs. Secret values (links carrying tokens) are sealed with the app key and wiped once sent.
 */
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
}

/** The row to insert for `email` (for bulk inserts with createMany). */
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
    nextAttemptAt: ctx.clock.now(),
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
