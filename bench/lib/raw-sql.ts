/**
 * A minimal raw SQL connection over either driver, for seeding and for the hand-written baselines:
 * `query` for reads, `insertMany` for bulk multi-row INSERTs inside one transaction.
 */
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { sqlitePath } from '../../server/db/adapters';
import { providerFromUrl, type Provider } from '../../server/db/providers';

export type Value = string | number | boolean | Date | null;
export type Row = Record<string, Value>;

export interface RawSql {
  provider: Provider;
  /** `sql` uses `?` placeholders on both providers (rewritten to $n for PostgreSQL). */
  query<T = Record<string, unknown>>(sql: string, params?: Value[]): Promise<T[]>;
  /** Inserts `rows` (objects with the same keys) into `table` in multi-row statements, in one transaction. */
  insertMany(table: string, rows: Row[]): Promise<void>;
  close(): Promise<void>;
}

/** SQLite keeps DateTime as epoch milliseconds (see adapters.ts) and booleans as 0/1. */
function sqliteValue(v: Value): string | number | null {
  if (v instanceof Date) return v.getTime();
  if (typeof v === 'boolean') return v ? 1 : 0;
  return v;
}

function dollarParams(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

const MAX_PARAMS = 30_000;

export async function openRawSql(url: string): Promise<RawSql> {
  const provider = providerFromUrl(url);
  if (provider === 'sqlite') {
    const db = new Database(sqlitePath(url), { timeout: 5000 });
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    return {
      provider,
      query: async <T>(sql: string, params: Value[] = []) => {
        const stmt = db.prepare(sql);
        const values = params.map(sqliteValue);
        return (stmt.reader ? stmt.all(...values) : (stmt.run(...values), [])) as T[];
      },
      insertMany: async (table, rows) => {
        if (rows.length === 0) return;
        const cols = Object.keys(rows[0]);
        const per = Math.max(1, Math.floor(MAX_PARAMS / cols.length));
        const head = `INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(', ')}) VALUES `;
        const tuple = `(${cols.map(() => '?').join(', ')})`;
        const statements = new Map<number, Database.Statement>();
        db.transaction(() => {
          for (let i = 0; i < rows.length; i += per) {
            const chunk = rows.slice(i, i + per);
            let stmt = statements.get(chunk.length);
            if (!stmt) {
              stmt = db.prepare(head + Array.from({ length: chunk.length }, () => tuple).join(', '));
              statements.set(chunk.length, stmt);
            }
            stmt.run(chunk.flatMap((r) => cols.map((c) => sqliteValue(r[c]))));
          }
        })();
      },
      close: async () => {
        db.close();
      },
    };
  }
  const client = new Client({ connectionString: url });
  await client.connect();
  return {
    provider,
    query: async <T>(sql: string, params: Value[] = []) => (await client.query(dollarParams(sql), params)).rows as T[],
    insertMany: async (table, rows) => {
      if (rows.length === 0) return;
      const cols = Object.keys(rows[0]);
      const per = Math.max(1, Math.floor(MAX_PARAMS / cols.length));
      await client.query('BEGIN');
      try {
        for (let i = 0; i < rows.length; i += per) {
          const chunk = rows.slice(i, i + per);
          let n = 0;
          const tuples = chunk.map(() => `(${cols.map(() => `$${++n}`).join(', ')})`).join(', ');
          await client.query(`INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(', ')}) VALUES ${tuples}`, chunk.flatMap((r) => cols.map((c) => r[c])));
        }
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      }
    },
    close: () => client.end(),
  };
}
