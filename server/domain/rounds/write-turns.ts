/**
 * SQLite has one writer at a time, and better-sqlite3 waits for a busy database synchronously: if two
 * connections in the same process both started a write transaction, the waiting one would block the event
 * loop that the holder needs to commit, and both would stall until the busy timeout. So, on SQLite, the round
 * jobs' writes in this process (their transactions, and the scheduler's claim statement) take turns (one promise
 * chain); across processes SQLite's busy timeout does the waiting. PostgreSQL needs no such thing.
 */
import type { AppContext } from '../../context';

let tail: Promise<unknown> = Promise.resolve();

/** Runs `work` after the previous round-job transaction of this process finished (SQLite only). */
export function inWriteTurn<T>(ctx: Pick<AppContext, 'provider'>, work: () => Promise<T>): Promise<T> {
  if (ctx.provider !== 'sqlite') return work();
  const run = tail.then(work, work);
  tail = run.catch(() => undefined);
  return run;
}
