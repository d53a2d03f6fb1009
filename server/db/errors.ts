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
