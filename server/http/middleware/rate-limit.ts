import { rateLimit } from 'express-rate-limit';
import { RateLimitedError } from '../../errors';

/**
 * Limits attempts per client address (ASVS 6.3.1): `limit` requests per `minutes`. The counts live in
 * this process; with several instances each keeps its own (see README, "Known limits").
 */
export function attemptLimiter(limit: number, minutes: number) {
  return rateLimit({
    windowMs: minutes * 60_000,
    limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, _res, next) => next(new RateLimitedError()),
  });
}
