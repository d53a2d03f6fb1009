/**
 * Text with a NUL character is refused with a 400 (PostgreSQL cannot store it, SQLite would store it and cut it
 * short in other tools), wherever it comes: the path (also when its percent-encoding is broken), the query or a
 * form or JSON body. CSV uploads are checked where they are read (org/employee-csv.ts).
 */
import type { RequestHandler } from 'express';
import { BadRequestError } from '../../errors';

const MAX_DEPTH = 32;

function hasNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some((v) => hasNul(v, depth + 1));
  return Object.entries(value).some(([k, v]) => k.includes('\u0000') || hasNul(v, depth + 1));
}

function decodedPath(path: string): string | null {
  try {
    return decodeURIComponent(path);
  } catch {
    return null;
  }
}

export const refuseNul: RequestHandler = (req, _res, next) => {
  const path = decodedPath(req.path);
  if (path === null) return next(new BadRequestError('The address is not valid: its percent-encoding is broken'));
  if (path.includes('\u0000') || hasNul(req.query) || hasNul(req.body)) {
    return next(new BadRequestError('Text cannot contain NUL characters'));
  }
  next();
};
