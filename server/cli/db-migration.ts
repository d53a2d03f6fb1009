/** `npm run db:migration -- <name>`: writes the next migration for SQLite and PostgreSQL from prisma/models.prisma. */
import { writeMigration } from '../db/migrator';
import { PROVIDERS } from '../db/providers';

async function main(): Promise<void> {
  const name = process.argv.slice(2).join('_');
  const dirs = await writeMigration(name, PROVIDERS);
  if (dirs.length === 0) console.log('The schema has not changed since the last migration: nothing written.');
  for (const dir of dirs) console.log(`wrote ${dir}/migration.sql`);
}
main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
