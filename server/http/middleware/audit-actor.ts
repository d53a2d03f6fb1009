import type { RequestHandler } from 'express';
import { withAuditActor } from '../../domain/audit/actor';

/** Makes the signed-in person (or the API token) the actor of audit events written while this request runs. */
export const auditActor: RequestHandler = (req, _res, next) => {
  withAuditActor(
    () =>
      req.apiTokenId
        ? { id: null, name: `API token ${req.apiTokenId}`, via: 'api' }
        : { id: req.auth?.employee.id ?? null, name: req.auth?.employee.name ?? '', via: 'web' },
    () => next(),
  );
};
