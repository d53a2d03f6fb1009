/**
 * Translations and locale-aware formatting. Every string a person reads comes from
 * server/i18n/locales/<locale>/<area>.json (one file per capability); a test checks both languages have the
 * same keys and that views hold no bare text.
 */
import fs from 'node:fs';
import path from 'node:path';

export const LOCALES = ['en', 'id'] as const;
export type Locale = (typeof LOCALES)[number];
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', id: 'Bahasa Indonesia' };

function loadDictionary(locale: Locale): Record<string, string> {
  const dir = path.join(__dirname, 'locales', locale);
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

// Building an Intl.DateTimeFormat costs ~0.3 ms (the time zone data): one per (locale, style, zone), reused.
// An unknown zone throws before anything is cached; the bound keeps arbitrary zones from growing it for ever.
const dateFormats = new Map<string, Intl.DateTimeFormat>();
function dateFormat(locale: Locale, withTime: boolean, timeZone: string): Intl.DateTimeFormat {
  const key = `${locale}|${withTime ? 't' : 'd'}|${timeZone}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(intlLocale[locale], withTime ? { dateStyle: 'medium', timeStyle: 'short', timeZone } : { dateStyle: 'medium', timeZone });
    if (dateFormats.size >= 2000) dateFormats.clear();
    dateFormats.set(key, format);
  }
  return format;
}

export function formatDate(locale: Locale, date: Date, timeZone = 'UTC'): string {
  return dateFormat(locale, false, timeZone).format(date);
}

export function formatDateTime(locale: Locale, date: Date, timeZone = 'UTC'): string {
  return dateFormat(locale, true, timeZone).format(date);
}

export function formatNumber(locale: Locale, value: number, maximumFractionDigits = 1): string {
  return new Intl.NumberFormat(intlLocale[locale], { maximumFractionDigits }).format(value);
}

/** `ratio` is 0..1. */
export function formatPercent(locale: Locale, ratio: number): string {
  return new Intl.NumberFormat(intlLocale[locale], { style: 'percent', maximumFractionDigits: 0 }).format(ratio);
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
