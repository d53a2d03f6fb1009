/**
 * The outbox store on PostgreSQL: the raw stores' shared pool (pg-pool.ts) and one named (prepared) statement, which records every
 * delivery of one turn of the event loop at once (turn-batch.ts; unnest of parallel arrays). DateTime columns are
 * timestamp(3) without time zone holding UTC, so the time is sent as an ISO string and cast, never as a JS
 * Date (which pg would render in the process's local zone).
 */
import { acquirePgPool, releasePgPool } from './pg-pool';
import type { OutboxStore } from './outbox-store';
import { turnBatcher } from './turn-batch';

const MARK_SENT = `UPDATE "OutboxEmail" o
    SET "status" = 'sent', "sentAt" = (m.sent::timestamptz AT TIME ZONE 'UTC'), "secretData" = NULL, "lastError" = NULL,
        "claimedBy" = NULL, "claimedUntil" = NULL
   FROM unnest($1::text[], $2::text[], $3::text[]) AS m(id, token, sent)
  WHERE o."id" = m.id AND o."status" = 'sending' AND o."claimedBy" = m.token
  RETURNING o."id", m.token`;

interface Mark {
  id: string;
  token: string;
  sentAt: Date;
}

/** Opens the store on the PostgreSQL database `url` names (the shared raw pool: at most `poolSize` connections). */
export function openPgOutboxStore(url: string, poolSize: number): OutboxStore {
  const pool = acquirePgPool(url, poolSize);
  const batcher = turnBatcher(async (marks: Mark[]) => {
    const { rows } = await pool.query<{ id: string; token: string }>({
      name: 'pulse_outbox_mark_sent',
      text: MARK_SENT,
      values: [marks.map((m) => m.id), marks.map((m) => m.token), marks.map((m) => m.sentAt.toISOString())],
    });
    // Matched on the claim too: a row is marked for the one claim that still held it.
    const marked = new Set(rows.map((r) => `${r.id}\n${r.token}`));
    return marks.map((m) => ({ value: marked.has(`${m.id}\n${m.token}`) }));
  }, 256);
  return {
    markSent: (id, token, sentAt) => batcher.add({ id, token, sentAt }),
    close: async () => {
      await batcher.idle();
      await releasePgPool(url);
    },
  };
}
