/** Recognising the Prisma errors the domain handles (others propagate as 500s). */
function codeOf(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : undefined;
}

/** A unique constraint was violated (P2002). */
export function isUniqueViolation(err: unknown): boolean {
  return codeOf(err) === 'P2002';
}

/** The record to update or delete does not exist (P2025). */
export function isRecordNotFound(err: unknown): boolean {
  return codeOf(err) === 'P2025';
}

/** A foreign key points nowhere (P2003). */
export function isForeignKeyViolation(err: unknown): boolean {
  return codeOf(err) === 'P2003';
}

const UNAVAILABLE_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', '57P01', '57P02', '57P03', '08000', '08003', '08006', 'SQLITE_BUSY']);
const UNAVAILABLE_TEXT =
  /can't reach database server|connection terminated|terminating connection|the database system is (starting up|shutting down|not yet accepting)|server has closed the connection|connection (refused|reset)|database is locked|SQLITE_BUSY/i;

/**
 * The database could not be reached or was busy beyond its timeout (PostgreSQL restarting, a connection cut,
 * SQLite locked by another process): a moment's outage, answered as 503 "try again", not as a bug. Looks through
 * the error's cause chain and Prisma's driver-adapter metadata.
 */
export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  if (typeof err !== 'object' || err === null || depth > 5) return false;
  const e = err as { code?: unknown; message?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown } };
  if (UNAVAILABLE_CODES.has(String(e.code))) return true;
  if (typeof e.message === 'string' && UNAVAILABLE_TEXT.test(e.message)) return true;
  return isDatabaseUnavailable(e.cause, depth + 1) || isDatabaseUnavailable(e.meta?.driverAdapterError, depth + 1);
}
