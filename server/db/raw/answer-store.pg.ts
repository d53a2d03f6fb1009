/**
 * The answer store on PostgreSQL: the raw stores' shared pool (pg-pool.ts), and the whole spend in ONE statement (one round trip, one
 * implicit transaction). Data-modifying CTEs: the conditional update of the invitation, and only when it
 * changed a row, the sealed response and the round's count. Two concurrent
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

// Only while the round is open. A spend that read the round as open just before it closed can still commit a
// moment after the close; the answers are released a settling minute later (release.service.ts), so it is in.
const SPEND = `WITH spent AS (
    UPDATE "Invitation" SET "answered" = true, "tokenCipher" = NULL
     WHERE "id" = $1 AND "answered" = false AND EXISTS (SELECT 1 FROM "Round" r WHERE r."id" = $3 AND r."status" = 'open')
    RETURNING "id"
  ), sealed AS (
    INSERT INTO "SealedResponse" ("id", "roundId", "sealed") SELECT $2, $3, $4 FROM spent RETURNING "id"
  ), counted AS (
    UPDATE "Round" SET "respondedCount" = "respondedCount" + 1 WHERE "id" = $3 AND EXISTS (SELECT 1 FROM sealed)
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
      const { rows } = await pool.query<{ spent: number }>({
        name: 'pulse_spend_invitation',
        text: SPEND,
        values: [req.invitationId, crypto.randomUUID(), req.roundId, req.sealed],
      });
      return rows[0]?.spent === 1;
    },
    close: () => releasePgPool(url),
  };
}
