import fs from 'node:fs';
import path from 'node:path';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { providerFromUrl } from './providers';

/** The file path a `file:` SQLite URL names, resolved against the working directory. */
export function sqlitePath(url: string): string {
  const raw = url.replace(/^file:/i, '').split('?')[0];
  return path.resolve(raw);
}

/**
 * A Prisma driver adapter for the database `url` names (SQLite: waiting up to `busyTimeoutMs` for a lock). SQLite
 * folders are created as needed. Each adapter is
 * required when first asked for, so a process on one provider never loads the other's driver.
 */
export function adapterFor(url: string, poolSize = 10, busyTimeoutMs = 5000): SqlMigrationAwareDriverAdapterFactory {
  if (providerFromUrl(url) === 'sqlite') {
    const { PrismaBetterSqlite3 } = require('@prisma/adapter-better-sqlite3') as typeof import('@prisma/adapter-better-sqlite3');
    if (url === 'file::memory:') return new PrismaBetterSqlite3({ url: ':memory:' });
    const file = sqlitePath(url);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    return new PrismaBetterSqlite3({ url: file, timeout: busyTimeoutMs }, { timestampFormat: 'unixepoch-ms' });
  }
  const { PrismaPg } = require('@prisma/adapter-pg') as typeof import('@prisma/adapter-pg');
  return new PrismaPg({ connectionString: url, max: poolSize });
}
