import type { RequestHandler } from 'express';

const READS_NO_BODY = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * After the body parsers. Express 5 leaves `req.body` undefined when no parser read the body, and handlers that
 * read a field of it then failed with a 500 (found by the fuzz in test/security/fuzz-bodies.test.ts). A write
 * with content in a type Pulse does not read (text/plain, XML…) is refused with a 415; one without content is
 * an empty form, so every handler meets an object and answers with its usual field errors.
 */
export const bodyOrEmpty: RequestHandler = (req, _res, next) => {
  if (req.body === undefined) {
    const hasContent = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
    if (hasContent && !READS_NO_BODY.has(req.method)) return next(Object.assign(new Error('unsupported media type'), { status: 415, expose: true }));
    req.body = {};
  }
  next();
};
