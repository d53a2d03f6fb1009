import type { RequestHandler } from 'express';
import { ForbiddenError, UnauthorizedError } from '../../errors';

export type Role = 'hr_admin' | 'manager' | 'employee';

/** Requires a signed-in person; pages redirect to sign-in, other requests get 401. */
export const requireSignedIn: RequestHandler = (req, res, next) => {
  if (req.auth) return next();
  if (req.method === 'GET' && req.accepts(['html', 'json']) === 'html') {
    return res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
  }
  next(new UnauthorizedError());
};

/** Requires one of `roles` (after requireSignedIn). */
export function requireRole(...roles: Role[]): RequestHandler {
  return (req, _res, next) => {
    if (!req.auth) return next(new UnauthorizedError());
    if (!roles.includes(req.auth.employee.role as Role)) return next(new ForbiddenError());
    next();
  };
}
