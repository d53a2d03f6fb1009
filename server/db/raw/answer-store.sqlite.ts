/**
 * The answer store on SQLite: the raw connection (sqlite-connection.ts: WAL, no busy timeout but asynchronous
 * retries), prepared statements, and a synchronous IMMEDIATE transaction, so the write lock is never held
 * across an await.
 */
import crypto from 'node:crypto';
import { acquireSqlite, isBusy, releaseSqlite, retryWhileBusy } from './sqlite-connection';
import type { AnswerStore, InvitationRow, SpendRequest } from './answer-store';
import { turnBatcher, type ItemOutcome } from './turn-batch';

/** At most this many spends per commit, so one batch never holds the writer for long. */
export const MAX_BATCH = 128;

/**
 * The sealed-response ids of one commit: a random 64-bit prefix shared by the batch, then the responses' places
 * in a random order. A batch's rows sit side by side in the primary key's B-tree, so a commit writes a few index
 * pages instead of one per response (measured +15 % answers/s against random UUIDs). The rows are sealed and
 * deleted when the round's answers are released; the responses they become get ids of their own.
 */
function batchSealedIds(n: number): string[] {
  const prefix = crypto.randomBytes(8).toString('hex');
  const places = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = crypto.randomInt(i + 1);
    [places[i], places[j]] = [places[j], places[i]];
  }
  return places.map((p) => `${prefix}${p.toString(16).padStart(4, '0')}`);
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

export interface SqliteAnswerStoreOptions {
  /** Commit the spends of one event-loop turn together (default true); false: one transaction per spend. */
  groupCommit?: boolean;
}

/** Opens the store on the SQLite file a `file:` URL names. */
export function openSqliteAnswerStore(url: string, options: SqliteAnswerStoreOptions = {}): AnswerStore {
  const db = acquireSqlite(url);

  const find = db.prepare<[string], RawInvitation>(
    `SELECT i."id", i."answered", i."locale", i."roundId", i."teamId", i."departmentId",
            r."status" AS "roundStatus", r."closesAt", e."active" AS "employeeActive", e."timeZone"
       FROM "Invitation" i JOIN "Round" r ON r."id" = i."roundId" JOIN "Employee" e ON e."id" = i."employeeId"
      WHERE i."tokenHash" = ?`,
  );
  // Only while the round is open: an answer never lands in a round whose answers were (or are being) released.
  const markAnswered = db.prepare<[string, string]>(
    `UPDATE "Invitation" SET "answered" = 1, "tokenCipher" = NULL
      WHERE "id" = ? AND "answered" = 0 AND EXISTS (SELECT 1 FROM "Round" r WHERE r."id" = ? AND r."status" = 'open')`,
  );
  const insertSealed = db.prepare<[string, string, Buffer]>(`INSERT INTO "SealedResponse" ("id", "roundId", "sealed") VALUES (?, ?, ?)`);
  const countResponse = db.prepare<[string]>(`UPDATE "Round" SET "respondedCount" = "respondedCount" + 1 WHERE "id" = ?`);

  const spendNow = db.transaction((req: SpendRequest, sealedId: string): boolean => {
    if (markAnswered.run(req.invitationId, req.roundId).changes !== 1) return false;
    insertSealed.run(sealedId, req.roundId, req.sealed);
    countResponse.run(req.roundId);
    return true;
  });

  // Nested in spendBatch, each spendNow runs in a savepoint: its error rolls back only its own writes.
  const spendBatch = db.transaction((batch: SpendRequest[]): Array<ItemOutcome<boolean>> => {
    const ids = batchSealedIds(batch.length);
    return batch.map((req, i) => {
      try {
        return { value: spendNow(req, ids[i]) };
      } catch (err) {
        if (isBusy(err)) throw err;
        return { err };
      }
    });
  });
  const batcher = turnBatcher((batch: SpendRequest[]) => retryWhileBusy(() => spendBatch.immediate(batch)), MAX_BATCH);
  const spend =
    options.groupCommit === false ? (req: SpendRequest) => retryWhileBusy(() => spendNow.immediate(req, crypto.randomUUID())) : (req: SpendRequest) => batcher.add(req);

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
      await batcher.idle();
      releaseSqlite(url);
    },
  };
}
