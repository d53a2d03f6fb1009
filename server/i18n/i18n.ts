/**
 * Translations and locale-aware formatting. Every string a person reads comes from
 * server/i18n/locales/<locale>/<area>.json (one file per capability); a test checks both languages have the
 * same keys and that views hold no bare text.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ROOT_DIR } from '../paths';
import { zoneOrUtc } from '../domain/shared/validators';

export const LOCALES = ['en', 'id'] as const;
export type Locale = (typeof LOCALES)[number];
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', id: 'Bahasa Indonesia' };

function loadDictionary(locale: Locale): Record<string, string> {
  const dir = path.join(ROOT_DIR, 'server', 'i18n', 'locales', locale);
  const merged: Record<string, string> = {};
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    Object.assign(merged, JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as Record<string, string>);
  }
  return merged;
}

const dictionaries: Record<Locale, Record<string, string>> = { en: loadDictionary('en'), id: loadDictionary('id') };

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

export function toLocale(value: unknown, fallback: Locale = 'en'): Locale {
  return isLocale(value) ? value : fallback;
}

/** The text for `key` in `locale` with {name} placeholders filled; falls back to English, then to the key. */
export function t(locale: Locale, key: string, vars: Record<string, unknown> = {}): string {
  const template = dictionaries[locale][key] ?? dictionaries.en[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

export function keys(locale: Locale): string[] {
  return Object.keys(dictionaries[locale]);
}

const intlLocale: Record<Locale, string> = { en: 'en-GB', id: 'id-ID' };

// Building an Intl formatter costs ~0.1–0.3 ms (locale and time zone data), and pages and emails format
// thousands of values: each (locale, options) formatter is built once and reused. A zone this runtime does not
// know (stored before zones were validated) formats in UTC rather than failing the page or the email.
const formats = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();
function cached<F extends Intl.DateTimeFormat | Intl.NumberFormat>(key: string, make: () => F): F {
  let format = formats.get(key) as F | undefined;
  if (!format) {
    format = make();
    if (formats.size >= 2000) formats.clear();
    formats.set(key, format);
  }
  return format;
}

export function formatDate(locale: Locale, date: Date, zone = 'UTC'): string {
  const timeZone = zoneOrUtc(zone);
  return cached(`d|${locale}|${timeZone}`, () => new Intl.DateTimeFormat(intlLocale[locale], { dateStyle: 'medium', timeZone })).format(date);
}

/**
 * A date and time with its zone, e.g. "6 Dec 2026, 19:39 GMT+7" or "6 Des 2026, 19.39 WIB": the one format of
 * instants on pages and in emails (the `datetime` view helper), so an instant shown in the same zone reads the
 * same everywhere, and one shown in another zone says which.
 */
export function formatDateTime(locale: Locale, date: Date, zone = 'UTC'): string {
  const timeZone = zoneOrUtc(zone);
  return cached(`t|${locale}|${timeZone}`, () =>
    new Intl.DateTimeFormat(intlLocale[locale], {
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
      timeZone,
    }),
  ).format(date);
}

/** Day and short month, e.g. "6 Jan", in `timeZone` (chart axes). */
export function formatShortDate(locale: Locale, date: Date, zone = 'UTC'): string {
  const timeZone = zoneOrUtc(zone);
  return cached(`s|${locale}|${timeZone}`, () => new Intl.DateTimeFormat(intlLocale[locale], { day: 'numeric', month: 'short', timeZone })).format(date);
}

export function formatNumber(locale: Locale, value: number, maximumFractionDigits = 1): string {
  return cached(`n|${locale}|${maximumFractionDigits}`, () => new Intl.NumberFormat(intlLocale[locale], { maximumFractionDigits })).format(value);
}

/** `ratio` is 0..1. */
export function formatPercent(locale: Locale, ratio: number, maximumFractionDigits = 0): string {
  return cached(`p|${locale}|${maximumFractionDigits}`, () => new Intl.NumberFormat(intlLocale[locale], { style: 'percent', maximumFractionDigits })).format(ratio);
}

/** An amount of `currency` (ISO 4217) in its usual digits, without trailing zeros for whole amounts: Rp 1.250.000, $1,250.50. */
export function formatMoney(locale: Locale, amount: number, currency: string): string {
  return cached(`m|${locale}|${currency}`, () => new Intl.NumberFormat(intlLocale[locale], { style: 'currency', currency, trailingZeroDisplay: 'stripIfInteger' })).format(amount);
}

/** English validation message → its key (the `v.*` entries of the English dictionary). */
const messageKeys = new Map(Object.entries(dictionaries.en).filter(([k]) => k.startsWith('v.')).map(([k, v]) => [v, k]));

/**
 * A validation message (written in English in the zod schemas) in `locale`. Messages with placeholders-free
 * text listed in locales/<locale>/validation.json are translated; any other message is returned as it is.
 */
export function translateMessage(locale: Locale, message: string): string {
  const key = messageKeys.get(message);
  return key ? t(locale, key) : message;
}
