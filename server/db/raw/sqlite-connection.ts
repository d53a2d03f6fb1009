/**
 * The raw stores' SQLite connection: one better-sqlite3 connection per database file per process, shared by
 * the answer store and the outbox store (their transactions are synchronous, so they never interleave).
 *
 * better-sqlite3 waits for a locked database synchronously: with a busy timeout, this connection waiting while
 * Prisma's interactive transaction (same process) holds the lock would block the very event loop that
 * transaction needs to finish. So the busy timeout is 0 and SQLITE_BUSY is retried asynchronously with a short,
 * bounded backoff (retryWhileBusy).
 *
 * Checkpoints come every 10,000 WAL pages (~40 MB) instead of 1,000: a page rewritten by many writes is copied
 * back to the database once per checkpoint, and checkpoints (synchronous, on this thread) come ten times less
 * often. Measured with `npm run bench -- answer`: +10 % answers/s, p99 at 200 connections 264 → 231 ms.
 */
import Database from 'better-sqlite3';
import { sqlitePath } from '../adapters';

const MAX_WAIT_MS = 10_000;

/** True when `err` is SQLite saying the database is locked (worth another try). */
export function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

const pause = (attempt: number) =>
  new Promise<void>((resolve) => (attempt === 0 ? setImmediate(resolve) : setTimeout(resolve, Math.min(2 ** attempt, 25) * (0.5 + Math.random()))));

/** Runs `work` (synchronous), retrying on SQLITE_BUSY without blocking the event loop; gives up after MAX_WAIT_MS. */
export async function retryWhileBusy<T>(work: () => T): Promise<T> {
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    try {
      return work();
    } catch (err) {
      if (!isBusy(err) || Date.now() - started > MAX_WAIT_MS) throw err;
    }
    await pause(Math.min(attempt, 10));
  }
}

const shared = new Map<string, { db: Database.Database; users: number }>();

/** The process's raw connection to the SQLite file `url` names (opened on first use); release it when done. */
export function acquireSqlite(url: string): Database.Database {
  const file = sqlitePath(url);
  let entry = shared.get(file);
  if (!entry) {
    const db = new Database(file, { timeout: 0 });
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 0');
    db.pragma('wal_autocheckpoint = 10000');
    entry = { db, users: 0 };
    shared.set(file, entry);
  }
  entry.users += 1;
  return entry.db;
}

/** Gives back a connection from acquireSqlite; the last user's release closes it. */
export function releaseSqlite(url: string): void {
  const file = sqlitePath(url);
  const entry = shared.get(file);
  if (!entry) return;
  entry.users -= 1;
  if (entry.users <= 0) {
    shared.delete(file);
    entry.db.close();
  }
}
