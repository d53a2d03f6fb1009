/**
 * The answer store on PostgreSQL: the raw stores' shared pool (pg-pool.ts), and the whole spend in ONE statement (one round trip, one
 * implicit transaction). Data-modifying CTEs: the conditional update of the invitation, and only when it
 * changed a row, the response, its answers (unnest of parallel arrays) and the round's count. Two concurrent
 * posts of one link: the second waits on the row lock, re-checks `answered = false` and changes nothing.
 */
import crypto from 'node:crypto';
import { acquirePgPool, releasePgPool } from './pg-pool';
import type { AnswerStore, InvitationRow } from './answer-store';

const FIND = `SELECT i."id", i."answered", i."locale", i."roundId", i."teamId", i."departmentId",
                     r."status" AS "roundStatus", (EXTRACT(EPOCH FROM r."closesAt") * 1000)::float8 AS "closesAtMs",
                     e."active" AS "employeeActive", e."timeZone"
                FROM "Invitation" i JOIN "Round" r ON r."id" = i."roundId" JOIN "Employee" e ON e."id" = i."employeeId"
               WHERE i."tokenHash" = $1`;

const SPEND = `WITH spent AS (
    UPDATE "Invitation" SET "answered" = true, "tokenCipher" = NULL WHERE "id" = $1 AND "answered" = false RETURNING "id"
  ), response AS (
    INSERT INTO "Response" ("id", "roundId", "teamId", "departmentId", "day") SELECT $2, $3, $4, $5, $6 FROM spent RETURNING "id"
  ), answers AS (
    INSERT INTO "Answer" ("responseId", "questionId", "value", "choices", "comment")
    SELECT response."id", a.question, a.value, a.choices, a.comment
      FROM response, unnest($7::text[], $8::int[], $9::text[], $10::text[]) AS a(question, value, choices, comment)
  ), counted AS (
    UPDATE "Round" SET "respondedCount" = "respondedCount" + 1 WHERE "id" = $3 AND EXISTS (SELECT 1 FROM response)
  )
  SELECT count(*)::int AS "spent" FROM spent`;

/** Opens the store on the PostgreSQL database `url` names (the shared raw pool: at most `poolSize` connections). */
export function openPgAnswerStore(url: string, poolSize: number): AnswerStore {
  const pool = acquirePgPool(url, poolSize);
  return {
    async findInvitation(tokenHash): Promise<InvitationRow | null> {
      const { rows } = await pool.query<InvitationRow>({ name: 'pulse_find_invitation', text: FIND, values: [tokenHash] });
      return rows[0] ?? null;
    },
    async spend(req) {
      const a = req.answers;
      const { rows } = await pool.query<{ spent: number }>({
        name: 'pulse_spend_invitation',
        text: SPEND,
        values: [
          req.invitationId,
          crypto.randomUUID(),
          req.roundId,
          req.teamId,
          req.departmentId,
          req.day,
          a.map((x) => x.questionId),
          a.map((x) => x.value),
          a.map((x) => x.choices),
          a.map((x) => x.comment),
        ],
      });
      return rows[0]?.spent === 1;
    },
    close: () => releasePgPool(url),
  };
}
