/**
 * `npm run db:backup [-- <file>]`: a consistent copy of the SQLite database while the app runs (see
 * server/db/backup.ts). On PostgreSQL it refuses and prints the pg_dump command to use instead.
 */
import { loadConfig } from '../config';
import { backupSqlite, BackupRefused, defaultBackupFile, pgDumpCommand } from '../db/backup';
import { providerFromUrl } from '../db/providers';
import { runCli } from './run-cli';

async function main(): Promise<number> {
  const config = loadConfig();
  const file = process.argv[2];
  if (providerFromUrl(config.DATABASE_URL) === 'postgresql') {
    console.error(`db:backup copies SQLite only. Back up PostgreSQL with:\n  ${pgDumpCommand(file)}\nand restore with:\n  pg_restore --clean --if-exists --no-owner --dbname="$DATABASE_URL" ${file ?? 'pulse.dump'}`);
    return 1;
  }
  try {
    const result = backupSqlite(config.DATABASE_URL, file ?? defaultBackupFile(config.DATABASE_URL));
    console.log(`backed up to ${result.file} (${result.bytes} bytes in ${result.ms} ms)`);
    console.log('Sealed answers in it open only with the same APP_SECRET (or data/app-secret): keep that secret with the backup, apart from it.');
    return 0;
  } catch (err) {
    if (!(err instanceof BackupRefused)) throw err;
    console.error(err.message);
    return 1;
  }
}
runCli(main);
