/** Migrates this run's template database once (see test-db.ts). */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';

function migrateUrl(url: string): void {
  execFileSync(process.execPath, [require.resolve('tsx/cli'), 'server/cli/db-migrate.ts'], {
    env: { ...process.env, DATABASE_URL: url },
    stdio: 'inherit',
  });
}

export default async function globalSetup(): Promise<void> {
  // Set before test-db.ts is loaded, so its paths and names carry this run's id.
  process.env.PULSE_TEST_RUN = `${Date.now().toString(36)}${crypto.randomBytes(3).toString('hex')}`;
  const { PG_TEMPLATE, SQLITE_TEMPLATE, TMP_DIR, pgAdmin, pgUrlFor, testProvider } = await import('./test-db');
  fs.mkdirSync(TMP_DIR, { recursive: true });
  if (testProvider() === 'sqlite') {
    migrateUrl(`file:${SQLITE_TEMPLATE}`);
    return;
  }
  await pgAdmin((c) => c.query(`CREATE DATABASE ${PG_TEMPLATE}`));
  migrateUrl(pgUrlFor(process.env.TEST_DATABASE_URL as string, PG_TEMPLATE));
}
