/**
 * How the schema engine talks to a SQLite file that a running Pulse server keeps open.
 *
 * Prisma's engine starts every migration run with `PRAGMA main.locking_mode=EXCLUSIVE`: its connection then
 * insists on being the file's only user, which a running server (or any process with the file open in WAL mode)
 * never allows. SQLite answers SQLITE_BUSY after the busy timeout, the better-sqlite3 adapter reports that as the
 * error kind `SocketTimeout`, and the WebAssembly engine, which predates that kind, fails with
 * "WASM_ERROR: unknown variant `SocketTimeout`". So this wrapper:
 * - drops that pragma; what it was for is kept by other means: one migration run at a time per file (a lock
 *   file beside it, `withMigrationLock`), and each migration script inside one `BEGIN IMMEDIATE` transaction,
 *   so a server's writes wait for it instead of landing between a table's copy and its drop;
 * - turns a busy database into an error the engine can read ("database is locked …") instead of a crash of
 *   its deserialiser.
 */
import fs from 'node:fs';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { DriverAdapterError, type SqlDriverAdapter, type SqlMigrationAwareDriverAdapterFactory, type SqlQuery } from '@prisma/driver-adapter-utils';

const EXCLUSIVE_LOCKING = /^\s*PRAGMA\s+(main\.)?locking_mode\s*=\s*['"]?EXCLUSIVE['"]?\s*;?\s*$/i;

/** Error kinds the adapter reports that this schema engine cannot deserialise, as kinds it can. */
function readable(err: unknown): unknown {
  const kind = (err as { cause?: { kind?: string } })?.cause?.kind;
  if (err instanceof Error && err.name === 'DriverAdapterError' && kind === 'SocketTimeout') {
    return new DriverAdapterError({
      kind: 'sqlite',
      extendedCode: 5,
      message: 'database is locked: another process kept writing for longer than the busy timeout; try again, or stop it first',
    });
  }
  return err;
}

async function mapped<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw readable(err);
  }
}

/**
 * A migration script in one write transaction. Foreign keys are switched off around it, as Prisma's scripts
 * ask at their start (but a PRAGMA inside a transaction does nothing, and a table redefinition must not cascade
 * its DROP into the tables that refer to it).
 */
function transactional(script: string): string {
  return `PRAGMA foreign_keys=OFF;\nBEGIN IMMEDIATE;\n${script}\n;COMMIT;\nPRAGMA foreign_keys=ON;`;
}

/** The connection the schema engine gets for a SQLite file (see the file's comment). */
export function migrationConnection(conn: SqlDriverAdapter): SqlDriverAdapter {
  const wrapped: SqlDriverAdapter = {
    provider: conn.provider,
    adapterName: conn.adapterName,
    queryRaw: (q: SqlQuery) => mapped(() => conn.queryRaw(q)),
    executeRaw: (q: SqlQuery) => (EXCLUSIVE_LOCKING.test(q.sql) ? Promise.resolve(0) : mapped(() => conn.executeRaw(q))),
    executeScript: async (script: string) => {
      try {
        await mapped(() => conn.executeScript(transactional(script)));
      } catch (err) {
        // The failed statement left the transaction open: undo the whole migration, then report it.
        await conn.executeScript('ROLLBACK; PRAGMA foreign_keys=ON;').catch(() => undefined);
        throw err;
      }
    },
    startTransaction: (level) => mapped(() => conn.startTransaction(level)),
    dispose: () => conn.dispose(),
  };
  if (conn.getConnectionInfo) wrapped.getConnectionInfo = () => conn.getConnectionInfo!();
  return wrapped;
}

const inProcess = new Map<string, Promise<unknown>>();

/**
 * Runs `work` while holding the migration lock of the SQLite file `file`: an exclusive transaction on
 * `<file>-migrate.lock`, which SQLite releases when the process ends, however it ends. A second migrator (another
 * `npm start`, `npm run db:migrate`) waits up to `waitMs` for the first to finish; within one process the runs
 * are chained instead (the lock's wait would block the event loop the first run needs).
 */
export async function withMigrationLock<T>(file: string, work: () => Promise<T>, waitMs = 120_000): Promise<T> {
  const key = path.resolve(file);
  const previous = inProcess.get(key) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(async () => {
    fs.mkdirSync(path.dirname(key), { recursive: true });
    // Required here, so a PostgreSQL process never loads the SQLite driver.
    const Database = require('better-sqlite3') as typeof BetterSqlite3;
    const lock = new Database(`${key}-migrate.lock`, { timeout: waitMs });
    try {
      lock.exec('BEGIN EXCLUSIVE');
      return await work();
    } finally {
      lock.close();
    }
  });
  inProcess.set(key, run);
  try {
    return await run;
  } finally {
    if (inProcess.get(key) === run) inProcess.delete(key);
  }
}

/** `factory` with every connection it opens wrapped by `migrationConnection`. */
export function migrationFactory(factory: SqlMigrationAwareDriverAdapterFactory): SqlMigrationAwareDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => migrationConnection(await factory.connect()),
    connectToShadowDb: async () => migrationConnection(await factory.connectToShadowDb()),
  };
}
