/**
 * Raw-driver writes for the outbox sender's hot path: recording that one email was delivered. Through Prisma
 * this single-row conditional update cost about as much as sending the message itself (measured by
 * `npm run bench -- fanout`); through the driver it is one prepared statement. Each delivery is recorded right
 * after the SMTP server accepted it: the deliveries of one event-loop turn share a commit (turn-batch.ts), so
 * the window in which a crash resends delivered mail stays what it was (the messages in flight, one record
 * pending per lane). One store per database (registry.ts).
 */
import type { Provider } from '../providers';
import { rawStore } from './registry';

export interface OutboxStore {
  /**
   * Marks outbox row `id` sent at `sentAt` (claim released, sealed secrets and last error wiped) only while
   * claim `token` still holds it: `WHERE id AND status = 'sending' AND claimedBy = token`. False when the
   * claim was taken over (the row is then left as it is).
   */
  markSent(id: string, token: string, sentAt: Date): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * The store for `url` (shared by every caller in this process), or null for an in-memory SQLite database,
 * which a second connection cannot see.
 */
export function outboxStoreFor(url: string, provider: Provider, poolSize: number): OutboxStore | null {
  // Required lazily, so a process on one provider never loads the other's driver.
  return rawStore('outbox', url, () =>
    provider === 'sqlite'
      ? (require('./outbox-store.sqlite') as typeof import('./outbox-store.sqlite')).openSqliteOutboxStore(url)
      : (require('./outbox-store.pg') as typeof import('./outbox-store.pg')).openPgOutboxStore(url, poolSize),
  );
}
