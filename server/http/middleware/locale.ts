import type { RequestHandler } from 'express';
import type { AppContext } from '../../context';
import { isLocale, LOCALES, LOCALE_NAMES, type Locale } from '../../i18n/i18n';
import { setCookie } from './cookies';

const LANG_COOKIE = 'pulse_lang';

/** Chooses the page language: ?lang= (remembered in a cookie), the cookie, the person's locale, Accept-Language, English. */
export function chooseLocale(ctx: AppContext): RequestHandler {
  return (req, res, next) => {
    const asked = req.query.lang;
    let locale: Locale | undefined;
    if (isLocale(asked)) {
      locale = asked;
      setCookie(res, ctx.config, LANG_COOKIE, asked, 365 * 86400);
    }
    const cookie = req.cookies[LANG_COOKIE];
    const own = req.auth?.employee.locale;
    locale ??= isLocale(cookie) ? cookie : isLocale(own) ? own : undefined;
    locale ??= (req.acceptsLanguages(...LOCALES) || 'en') as Locale;
    req.locale = locale;
    res.locals.locale = locale;
    res.locals.timeZone = req.auth?.employee.timeZone ?? 'UTC';
    res.locals.languages = LOCALES.map((code) => ({ code, name: LOCALE_NAMES[code], current: code === locale }));
    res.locals.path = req.path;
    next();
  };
}
