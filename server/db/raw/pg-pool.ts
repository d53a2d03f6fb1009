/**
 * The raw stores' PostgreSQL pool: one pg Pool per database per process, shared by the answer store and the
 * outbox store (beside Prisma's own pool), of DATABASE_POOL_SIZE connections at most.
 */
import { Pool } from 'pg';

const shared = new Map<string, { pool: Pool; users: number }>();

/** The process's raw pool for `url` (opened on first use, with at most `max` connections); release it when done. */
export function acquirePgPool(url: string, max: number): Pool {
  let entry = shared.get(url);
  if (!entry) {
    // allowExitOnIdle: an idle pool never keeps a process (or a test run) alive.
    const pool = new Pool({ connectionString: url, max, idleTimeoutMillis: 10_000, allowExitOnIdle: true });
    // A dropped connection (database restarted or dropped) is replaced on the next query; never crash for it.
    pool.on('error', () => undefined);
    entry = { pool, users: 0 };
    shared.set(url, entry);
  }
  entry.users += 1;
  return entry.pool;
}

/** Gives back a pool from acquirePgPool; the last user's release ends it. */
export async function releasePgPool(url: string): Promise<void> {
  const entry = shared.get(url);
  if (!entry) return;
  entry.users -= 1;
  if (entry.users <= 0) {
    shared.delete(url);
    await entry.pool.end();
  }
}
