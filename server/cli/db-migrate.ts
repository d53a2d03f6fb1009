/** `npm run db:migrate`: applies pending migrations to DATABASE_URL (also done by `npm start`). */
import { loadConfig } from '../config';
import { migrate } from '../db/migrator';

async function main(): Promise<void> {
  const config = loadConfig();
  const applied = await migrate(config.DATABASE_URL);
  console.log(applied.length ? `applied ${applied.join(', ')}` : 'database is up to date');
  // The PostgreSQL pool would otherwise keep the process alive until its idle timeout.
  process.exit(0);
}
main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
