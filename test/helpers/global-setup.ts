/** Migrates the template database once per test run (see test-db.ts). */
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import { PG_TEMPLATE, SQLITE_TEMPLATE, TMP_DIR, pgAdmin, pgUrlFor, testProvider } from './test-db';

function migrateUrl(url: string): void {
  execFileSync(process.execPath, [require.resolve('tsx/cli'), 'server/cli/db-migrate.ts'], {
    env: { ...process.env, DATABASE_URL: url },
    stdio: 'inherit',
  });
}

export default async function globalSetup(): Promise<void> {
  fs.mkdirSync(TMP_DIR, { recursive: true });
  for (const f of fs.readdirSync(TMP_DIR)) fs.rmSync(`${TMP_DIR}/${f}`, { force: true, recursive: true });
  if (testProvider() === 'sqlite') {
    migrateUrl(`file:${SQLITE_TEMPLATE}`);
    return;
  }
  await pgAdmin(async (c) => {
    const old = await c.query(`SELECT datname FROM pg_database WHERE datname LIKE 'pulse_t\\_%'`);
    for (const row of old.rows as { datname: string }[]) await c.query(`DROP DATABASE IF EXISTS ${row.datname} WITH (FORCE)`);
    await c.query(`DROP DATABASE IF EXISTS ${PG_TEMPLATE} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${PG_TEMPLATE}`);
  });
  migrateUrl(pgUrlFor(process.env.TEST_DATABASE_URL as string, PG_TEMPLATE));
}
