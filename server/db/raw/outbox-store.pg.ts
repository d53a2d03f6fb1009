/**
 * The outbox store on PostgreSQL: a small pg Pool and one named (prepared) statement. DateTime columns are
 * timestamp(3) without time zone holding UTC, so the time is sent as an ISO string and cast, never as a JS
 * Date (which pg would render in the process's local zone).
 */
import { Pool } from 'pg';
import type { OutboxStore } from './outbox-store';

const MARK_SENT = `UPDATE "OutboxEmail"
    SET "status" = 'sent', "sentAt" = ($1::timestamptz AT TIME ZONE 'UTC'), "secretData" = NULL, "lastError" = NULL,
        "claimedBy" = NULL, "claimedUntil" = NULL
  WHERE "id" = $2 AND "status" = 'sending' AND "claimedBy" = $3`;

/** Opens the store on the PostgreSQL database `url` names, with at most `poolSize` connections. */
export function openPgOutboxStore(url: string, poolSize: number): OutboxStore {
  // allowExitOnIdle: an idle pool never keeps a process (or a test run) alive.
  const pool = new Pool({ connectionString: url, max: poolSize, idleTimeoutMillis: 10_000, allowExitOnIdle: true });
  // A dropped connection (database restarted or dropped) is replaced on the next query; never crash for it.
  pool.on('error', () => undefined);
  return {
    async markSent(id, token, sentAt) {
      const { rowCount } = await pool.query({ name: 'pulse_outbox_mark_sent', text: MARK_SENT, values: [sentAt.toISOString(), id, token] });
      return rowCount === 1;
    },
    close: () => pool.end(),
  };
}
