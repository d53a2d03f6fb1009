/** Removes this run's databases and files. */
export default async function globalTeardown(): Promise<void> {
  const fs = await import('node:fs');
  const { PG_PREFIX, PG_TEMPLATE, TMP_DIR, pgAdmin, testProvider } = await import('./test-db');
  fs.rmSync(TMP_DIR, { recursive: true, force: true });
  if (testProvider() !== 'postgresql') return;
  await pgAdmin(async (c) => {
    const { rows } = await c.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname = $2`, [`${PG_PREFIX}%`, PG_TEMPLATE]);
    for (const row of rows) await c.query(`DROP DATABASE IF EXISTS ${row.datname} WITH (FORCE)`);
  });
}
