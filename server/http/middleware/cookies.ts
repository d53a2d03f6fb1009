import type { RequestHandler, Response } from 'express';
import { parseCookie } from 'cookie';
import type { Config } from '../../config';

/** Parses the Cookie header into req.cookies. */
export const parseCookies: RequestHandler = (req, _res, next) => {
  req.cookies = req.headers.cookie ? parseCookie(req.headers.cookie) : {};
  next();
};

/** Sets a first-party cookie: HttpOnly, SameSite=Lax, Secure when served over HTTPS. */
export function setCookie(res: Response, config: Config, name: string, value: string, maxAgeSeconds?: number): void {
  res.cookie(name, value, {
    httpOnly: true,
    sameSite: 'lax',
    secure: config.SECURE_COOKIES,
    path: '/',
    maxAge: maxAgeSeconds === undefined ? undefined : maxAgeSeconds * 1000,
  });
}

export function clearCookie(res: Response, config: Config, name: string): void {
  res.clearCookie(name, { httpOnly: true, sameSite: 'lax', secure: config.SECURE_COOKIES, path: '/' });
}
