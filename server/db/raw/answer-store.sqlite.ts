/**
 * The answer store on SQLite: its own better-sqlite3 connection (WAL), prepared statements, and a synchronous
 * IMMEDIATE transaction, so the write lock is never held across an await.
 *
 * better-sqlite3 waits for a locked database synchronously: with a busy timeout, this connection waiting while
 * Prisma's interactive transaction (same process) holds the lock would block the very event loop that
 * transaction needs to finish. So the busy timeout is 0 and SQLITE_BUSY is retried asynchronously with a short,
 * bounded backoff.
 */
import Database from 'better-sqlite3';
import { sqlitePath } from '../adapters';
import type { AnswerStore, InvitationRow, SpendRequest } from './answer-store';

const MAX_WAIT_MS = 10_000;
/** At most this many spends per commit, so one batch never holds the writer for long. */
export const MAX_BATCH = 128;

function isBusy(err: unknown): boolean {
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

interface RawInvitation {
  id: string;
  answered: number;
  locale: string;
  roundId: string;
  teamId: string | null;
  departmentId: string | null;
  roundStatus: string;
  closesAt: number | string;
  employeeActive: number;
  timeZone: string;
}

interface QueuedSpend {
  req: SpendRequest;
  resolve(spent: boolean): void;
  reject(err: unknown): void;
}

type SpendOutcome = { spent: boolean } | { err: unknown };

export interface SqliteAnswerStoreOptions {
  /** Commit the spends of one event-loop turn together (default true); false: one transaction per spend. */
  groupCommit?: boolean;
}

/** Opens the store on the SQLite file a `file:` URL names. */
export function openSqliteAnswerStore(url: string, options: SqliteAnswerStoreOptions = {}): AnswerStore {
  const db = new Database(sqlitePath(url), { timeout: 0 });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 0');
  // Checkpoint every 10,000 WAL pages (~40 MB) instead of 1,000: a page rewritten by many answers is copied back
  // to the database once per checkpoint, and checkpoints (synchronous, on this thread) come ten times less
  // often. Measured with `npm run bench -- answer`: +10 % answers/s, p99 at 200 connections 264 → 231 ms.
  db.pragma('wal_autocheckpoint = 10000');

  const find = db.prepare<[string], RawInvitation>(
    `SELECT i."id", i."answered", i."locale", i."roundId", i."teamId", i."departmentId",
            r."status" AS "roundStatus", r."closesAt", e."active" AS "employeeActive", e."timeZone"
       FROM "Invitation" i JOIN "Round" r ON r."id" = i."roundId" JOIN "Employee" e ON e."id" = i."employeeId"
      WHERE i."tokenHash" = ?`,
  );
  const markAnswered = db.prepare<[string]>(`UPDATE "Invitation" SET "answered" = 1, "tokenCipher" = NULL WHERE "id" = ? AND "answered" = 0`);
  const insertResponse = db.prepare(`INSERT INTO "Response" ("id", "roundId", "teamId", "departmentId", "day") VALUES (?, ?, ?, ?, ?)`);
  const countResponse = db.prepare<[string]>(`UPDATE "Round" SET "respondedCount" = "respondedCount" + 1 WHERE "id" = ?`);
  const insertAnswers = new Map<number, Database.Statement>();
  const answersStatement = (n: number) => {
    let stmt = insertAnswers.get(n);
    if (!stmt) {
      const rows = Array.from({ length: n }, () => '(?, ?, ?, ?, ?)').join(', ');
      stmt = db.prepare(`INSERT INTO "Answer" ("responseId", "questionId", "value", "choices", "comment") VALUES ${rows}`);
      insertAnswers.set(n, stmt);
    }
    return stmt;
  };

  const spendNow = db.transaction((req: SpendRequest): boolean => {
    if (markAnswered.run(req.invitationId).changes !== 1) return false;
    insertResponse.run(req.responseId, req.roundId, req.teamId, req.departmentId, req.day);
    if (req.answers.length > 0) {
      answersStatement(req.answers.length).run(req.answers.flatMap((a) => [req.responseId, a.questionId, a.value, a.choices, a.comment]));
    }
    countResponse.run(req.roundId);
    return true;
  });

  // Nested in spendBatch, each spendNow runs in a savepoint: its error rolls back only its own writes.
  const spendBatch = db.transaction((batch: QueuedSpend[]): SpendOutcome[] =>
    batch.map((q) => {
      try {
        return { spent: spendNow(q.req) };
      } catch (err) {
        if (isBusy(err)) throw err;
        return { err };
      }
    }),
  );

  let queue: QueuedSpend[] = [];
  let flushing: Promise<void> | null = null;

  const flush = async (): Promise<void> => {
    while (queue.length > 0) {
      const batch = queue.slice(0, MAX_BATCH);
      queue = queue.slice(batch.length);
      try {
        const outcomes = await retryWhileBusy(() => spendBatch.immediate(batch));
        outcomes.forEach((o, i) => ('err' in o ? batch[i].reject(o.err) : batch[i].resolve(o.spent)));
      } catch (err) {
        for (const q of batch) q.reject(err);
      }
    }
    flushing = null;
  };

  const spend =
    options.groupCommit === false
      ? (req: SpendRequest) => retryWhileBusy(() => spendNow.immediate(req))
      : (req: SpendRequest) =>
          new Promise<boolean>((resolve, reject) => {
            queue.push({ req, resolve, reject });
            flushing ??= new Promise<void>((done) => setImmediate(() => void flush().then(done)));
          });

  return {
    async findInvitation(tokenHash): Promise<InvitationRow | null> {
      const row = await retryWhileBusy(() => find.get(tokenHash));
      if (!row) return null;
      return {
        id: row.id,
        answered: row.answered === 1,
        locale: row.locale,
        roundId: row.roundId,
        teamId: row.teamId,
        departmentId: row.departmentId,
        roundStatus: row.roundStatus,
        closesAtMs: typeof row.closesAt === 'number' ? row.closesAt : Date.parse(row.closesAt),
        employeeActive: row.employeeActive === 1,
        timeZone: row.timeZone,
      };
    },
    spend,
    close: async () => {
      while (flushing) await flushing;
      db.close();
    },
  };
}
