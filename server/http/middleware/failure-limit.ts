/**
 * Refuses an attempt (429) once its scope's failures reach their limit (domain/auth/attempts.service.ts): the
 * attempt is counted before the handler runs; the handler calls `req.attempt.succeeded()` when it succeeds, so
 * only failures stay counted. The account is the form's `email` field, or the signed-in person.
 */
import type { RequestHandler } from 'express';
import type { AppContext } from '../../context';
import { RateLimitedError } from '../../errors';
import { beginAttempt, type AttemptScope } from '../../domain/auth/attempts.service';

export function failureLimit(ctx: AppContext, scope: AttemptScope): RequestHandler {
  return async (req, res, next) => {
    const email = (req.body as { email?: unknown } | undefined)?.email;
    const account = typeof email === 'string' ? email.slice(0, 320) : req.auth?.employee.id;
    const attempt = await beginAttempt(ctx, scope, { account, address: req.ip ?? 'unknown' });
    if (!attempt.allowed) {
      res.set('Retry-After', String(attempt.retryAfter));
      return next(new RateLimitedError());
    }
    req.attempt = attempt;
    next();
  };
}
