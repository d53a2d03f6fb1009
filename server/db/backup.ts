/**
 * Online backups (issue 15). SQLite: `VACUUM INTO` a new file, which reads the whole database inside one read
 * transaction, so the copy is consistent while the app keeps writing (WAL lets writers go on meanwhile) and it is
 * compacted. The copy is written beside its destination and renamed once SQLite's integrity check passes, so a
 * half-written file never carries the backup's name. PostgreSQL is refused with the pg_dump command to use.
 */
import fs from 'node:fs';
import path from 'node:path';
import { sqlitePath } from './adapters';
import { providerFromUrl } from './providers';

export class BackupRefused extends Error {}

/** The pg_dump command that backs up the PostgreSQL database (custom format, restored with pg_restore). */
export function pgDumpCommand(file = 'pulse.dump'): string {
  return `pg_dump --format=custom --no-owner --file=${file} "$DATABASE_URL"`;
}

/** Where a backup goes when no file is named: backups/pulse-<UTC time>.sqlite beside the database file. */
export function defaultBackupFile(databaseUrl: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return path.join(path.dirname(sqlitePath(databaseUrl)), 'backups', `pulse-${stamp}.sqlite`);
}

export interface BackupResult {
  file: string;
  bytes: number;
  ms: number;
}

/** Copies the SQLite database `databaseUrl` names into `file` (which must not exist yet). */
export function backupSqlite(databaseUrl: string, file: string): BackupResult {
  if (providerFromUrl(databaseUrl) !== 'sqlite') throw new BackupRefused(`PostgreSQL is backed up with pg_dump: ${pgDumpCommand()}`);
  const source = sqlitePath(databaseUrl);
  if (!fs.existsSync(source)) throw new BackupRefused(`no database file at ${source}`);
  const target = path.resolve(file);
  if (fs.existsSync(target)) throw new BackupRefused(`${target} exists already: name a new file`);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const partial = `${target}.partial`;
  fs.rmSync(partial, { force: true });
  const started = Date.now();
  const Database = require('better-sqlite3') as typeof import('better-sqlite3');
  const db = new Database(source, { fileMustExist: true, timeout: 30_000 });
  try {
    db.prepare('VACUUM INTO ?').run(partial);
  } finally {
    db.close();
  }
  const copy = new Database(partial, { readonly: true, fileMustExist: true });
  try {
    const check = copy.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new Error(`the copy failed SQLite's integrity check: ${String(check)}`);
  } finally {
    copy.close();
  }
  fs.renameSync(partial, target);
  return { file: target, bytes: fs.statSync(target).size, ms: Date.now() - started };
}
