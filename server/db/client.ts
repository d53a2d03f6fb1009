/**
 * The Prisma client for the configured database. Both providers' clients are generated from the same
 * models, so they share one API; the SQLite client's types stand for both.
 */
import type { PrismaClient } from '../../prisma/generated/sqlite/client';
import { adapterFor } from './adapters';
import { providerFromUrl, type Provider } from './providers';
import { closeRawStores } from './raw/registry';

export type Db = PrismaClient;
/** A client or an interactive transaction's client. */
export type DbTx = Omit<Db, '$connect' | '$disconnect' | '$on' | '$transaction' | '$extends'>;

export interface Database {
  db: Db;
  provider: Provider;
  close(): Promise<void>;
}

/**
 * Opens the database `url` names. SQLite connections get WAL, synchronous=NORMAL, a busy timeout, foreign keys
 * and secure deletion (deleted rows are overwritten with zeros, so released sealed answers and rewritten
 * invitations do not linger in free pages of the file).
 */
export async function openDatabase(url: string, poolSize = 10): Promise<Database> {
  const provider = providerFromUrl(url);
  const mod = (provider === 'sqlite'
    ? require('../../prisma/generated/sqlite/client')
    : require('../../prisma/generated/postgresql/client')) as { PrismaClient: new (opts: object) => Db };
  const db = new mod.PrismaClient({ adapter: adapterFor(url, poolSize) });
  if (provider === 'sqlite') {
    await db.$queryRawUnsafe('PRAGMA journal_mode = WAL');
    await db.$queryRawUnsafe('PRAGMA synchronous = NORMAL');
    await db.$queryRawUnsafe('PRAGMA busy_timeout = 5000');
    await db.$queryRawUnsafe('PRAGMA foreign_keys = ON');
    await db.$queryRawUnsafe('PRAGMA secure_delete = ON');
  } else {
    await db.$queryRawUnsafe('SELECT 1');
  }
  // The raw stores opened on this database (answers, delivery records) close with it.
  return {
    db,
    provider,
    close: async () => {
      await closeRawStores(url);
      await db.$disconnect();
    },
  };
}
