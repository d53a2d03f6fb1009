import type { RequestHandler } from 'express';
import type { AppContext } from '../../context';
import { resumeSession } from '../../domain/auth/sessions.service';
import { clearCookie } from './cookies';

export const SESSION_COOKIE = 'pulse_session';

/** Loads the signed-in person from the session cookie into req.auth; clears a cookie that no longer works. */
export function loadSession(ctx: AppContext): RequestHandler {
  return async (req, res, next) => {
    const token = req.cookies[SESSION_COOKIE];
    if (token) {
      req.auth = (await resumeSession(ctx, token)) ?? undefined;
      if (!req.auth) clearCookie(res, ctx.config, SESSION_COOKIE);
    }
    res.locals.user = req.auth?.employee;
    res.locals.isHr = req.auth?.employee.role === 'hr_admin';
    res.locals.isManager = req.auth?.employee.role === 'manager';
    next();
  };
}
