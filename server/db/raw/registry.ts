/**
 * The raw stores of this process: one of each kind per database URL, opened on first use and closed with the
 * database (`closeRawStores`, called by `Database.close`). None for an in-memory SQLite database, which a
 * second connection cannot see: callers fall back to Prisma there.
 */
interface Closable {
  close(): Promise<void>;
}

const open = new Map<string, Map<string, Closable>>();

/** The `kind` store for `url`, made by `make` the first time; null for an in-memory SQLite database. */
export function rawStore<S extends Closable>(kind: string, url: string, make: () => S): S | null {
  if (url.includes(':memory:')) return null;
  let kinds = open.get(url);
  if (!kinds) {
    kinds = new Map();
    open.set(url, kinds);
  }
  let store = kinds.get(kind) as S | undefined;
  if (!store) {
    store = make();
    kinds.set(kind, store);
  }
  return store;
}

/** Closes every raw store opened for `url` (they finish what they queued first). */
export async function closeRawStores(url: string): Promise<void> {
  const kinds = open.get(url);
  open.delete(url);
  await Promise.all([...(kinds?.values() ?? [])].map((s) => s.close()));
}
