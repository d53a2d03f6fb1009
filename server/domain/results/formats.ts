/**
 * Number and date formats for the results pages, with the same output as i18n's formatNumber, formatPercent
 * and a short day-month date, but each Intl formatter built once per locale and options: building one
 * costs ~0.1 ms, and a round page of 200 teams formats a few thousand numbers.
 */
import type { Locale } from '../../i18n/i18n';

const INTL: Record<Locale, string> = { en: 'en-GB', id: 'id-ID' };
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function memo<F extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => F): F {
  let f = formatters.get(key) as F | undefined;
  if (!f) {
    f = make();
    formatters.set(key, f);
  }
  return f;
}

export function formatNumber(locale: Locale, value: number, maximumFractionDigits = 1): string {
  return memo(`n|${locale}|${maximumFractionDigits}`, () => new Intl.NumberFormat(INTL[locale], { maximumFractionDigits })).format(value);
}

/** `ratio` is 0..1. */
export function formatPercent(locale: Locale, ratio: number): string {
  return memo(`p|${locale}`, () => new Intl.NumberFormat(INTL[locale], { style: 'percent', maximumFractionDigits: 0 })).format(ratio);
}

/** Day and short month, e.g. "6 Jan", in `timeZone`. */
export function shortDate(locale: Locale, d: Date, timeZone = 'UTC'): string {
  return memo(`d|${locale}|${timeZone}`, () => new Intl.DateTimeFormat(INTL[locale], { day: 'numeric', month: 'short', timeZone })).format(d);
}
