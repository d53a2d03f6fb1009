/**
 * The outbox store on SQLite: the raw connection it shares with the answer store (sqlite-connection.ts) and
 * one prepared statement; the deliveries recorded in one turn of the event loop share one IMMEDIATE
 * transaction (turn-batch.ts), retried asynchronously while the database is busy.
 * DateTime columns hold unix-epoch milliseconds here (the adapter's timestampFormat 'unixepoch-ms').
 */
import { acquireSqlite, releaseSqlite, retryWhileBusy } from './sqlite-connection';
import type { OutboxStore } from './outbox-store';
import { turnBatcher } from './turn-batch';

interface Mark {
  id: string;
  token: string;
  sentAt: Date;
}

/** Opens the store on the SQLite file a `file:` URL names. */
export function openSqliteOutboxStore(url: string): OutboxStore {
  const db = acquireSqlite(url);
  const markSent = db.prepare<[number, string, string]>(
    `UPDATE "OutboxEmail"
        SET "status" = 'sent', "sentAt" = ?, "secretData" = NULL, "lastError" = NULL, "claimedBy" = NULL, "claimedUntil" = NULL
      WHERE "id" = ? AND "status" = 'sending' AND "claimedBy" = ?`,
  );
  const markAll = db.transaction((marks: Mark[]) => marks.map((m) => ({ value: markSent.run(m.sentAt.getTime(), m.id, m.token).changes === 1 })));
  const batcher = turnBatcher((marks: Mark[]) => retryWhileBusy(() => markAll.immediate(marks)), 256);
  return {
    markSent: (id, token, sentAt) => batcher.add({ id, token, sentAt }),
    close: async () => {
      await batcher.idle();
      releaseSqlite(url);
    },
  };
}
