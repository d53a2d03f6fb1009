/** Case-insensitive "contains" filters that work on SQLite (LIKE is case-insensitive for ASCII) and PostgreSQL. */
import type { AppContext } from '../../context';

export function containsText(ctx: AppContext, q: string): { contains: string } {
  // PostgreSQL needs mode: 'insensitive'; SQLite's client does not know the option.
  return ctx.provider === 'postgresql' ? ({ contains: q, mode: 'insensitive' } as { contains: string }) : { contains: q };
}
