/**
 * A fresh, migrated database per test file, cloned from a template that global setup migrated once:
 * SQLite copies the template file, PostgreSQL uses CREATE DATABASE … TEMPLATE.
 * TEST_DATABASE_URL (a postgresql:// URL) selects PostgreSQL; without it tests run on SQLite.
 */
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { Client } from 'pg';
import { openDatabase, type Database } from '../../server/db/client';

/**
 * Each test run (one `jest` invocation) has its own id, set by global setup and inherited by the workers,
 * so several runs on one machine never touch each other's databases.
 */
export const RUN_ID = process.env.PULSE_TEST_RUN ?? 'adhoc';
export const TMP_DIR = path.resolve(__dirname, '../.tmp', RUN_ID);
export const SQLITE_TEMPLATE = path.join(TMP_DIR, 'template.db');
export const PG_TEMPLATE = `pulse_tpl_${RUN_ID}`;
export const PG_PREFIX = `pulse_t_${RUN_ID}_`;

export function testProvider(): 'sqlite' | 'postgresql' {
  return process.env.TEST_DATABASE_URL ? 'postgresql' : 'sqlite';
}

/** `url` with its database name replaced. */
export function pgUrlFor(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function pgAdmin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: pgUrlFor(process.env.TEST_DATABASE_URL as string, 'postgres') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export interface TestDatabase extends Database {
  url: string;
  /** Closes the connection and deletes the database. */
  destroy(): Promise<void>;
}

/** Creates an empty migrated database URL (no connection opened). */
export async function createTestDatabaseUrl(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${PG_PREFIX}${crypto.randomBytes(6).toString('hex')}`;
  if (testProvider() === 'sqlite') {
    const file = path.join(TMP_DIR, `${name}.db`);
    fs.copyFileSync(SQLITE_TEMPLATE, file);
    return {
      url: `file:${file}`,
      drop: async () => {
        for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
      },
    };
  }
  // A test database need not survive a crash of the PostgreSQL server itself (the fault suite restarts a
  // private cluster of its own for that): commits do not wait for the WAL flush, which makes the suite's
  // thousands of small transactions several times faster on a busy disk. Crash safety of the app is unchanged.
  await pgAdmin(async (c) => {
    await c.query(`CREATE DATABASE ${name} TEMPLATE ${PG_TEMPLATE}`);
    await c.query(`ALTER DATABASE ${name} SET synchronous_commit = off`);
  });
  return {
    url: pgUrlFor(process.env.TEST_DATABASE_URL as string, name),
    drop: () => pgAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

/** A fresh migrated database with an open client. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const { url, drop } = await createTestDatabaseUrl();
  const database = await openDatabase(url, 5);
  return {
    ...database,
    url,
    destroy: async () => {
      await database.close();
      await drop();
    },
  };
}
