/**
 * The outbox store on SQLite: its own better-sqlite3 connection (WAL) and one prepared statement. As in the
 * answer store, the busy timeout is 0 and SQLITE_BUSY is retried asynchronously (retryWhileBusy): a synchronous
 * wait would block the event loop that Prisma's interactive transactions in this process need to finish.
 * DateTime columns hold unix-epoch milliseconds here (the adapter's timestampFormat 'unixepoch-ms').
 */
import Database from 'better-sqlite3';
import { sqlitePath } from '../adapters';
import { retryWhileBusy } from './answer-store.sqlite';
import type { OutboxStore } from './outbox-store';

/** Opens the store on the SQLite file a `file:` URL names. */
export function openSqliteOutboxStore(url: string): OutboxStore {
  const db = new Database(sqlitePath(url), { timeout: 0 });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 0');
  const markSent = db.prepare<[number, string, string]>(
    `UPDATE "OutboxEmail"
        SET "status" = 'sent', "sentAt" = ?, "secretData" = NULL, "lastError" = NULL, "claimedBy" = NULL, "claimedUntil" = NULL
      WHERE "id" = ? AND "status" = 'sending' AND "claimedBy" = ?`,
  );
  return {
    markSent: (id, token, sentAt) => retryWhileBusy(() => markSent.run(sentAt.getTime(), id, token).changes === 1),
    close: async () => {
      db.close();
    },
  };
}
