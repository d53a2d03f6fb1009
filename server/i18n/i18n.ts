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
  return fill(locale, template, vars);
}

/** `t` for a text that shows a count: `count` is passed as {count} and chooses the plural form. */
export function tn(locale: Locale, key: string, count: number, vars: Record<string, unknown> = {}): string {
  return t(locale, key, { ...vars, count });
}

const pluralRules = new Map<Locale, Intl.PluralRules>();
/** The CLDR plural category of `n` in `locale` ("one", "other", …). Bahasa Indonesia has only "other". */
export function pluralCategory(locale: Locale, n: number): Intl.LDMLPluralRule {
  let rules = pluralRules.get(locale);
  if (!rules) pluralRules.set(locale, (rules = new Intl.PluralRules(intlLocale[locale])));
  return rules.select(n);
}

/**
 * A text split into plain parts, {name} placeholders, `{name, number}` (a number in the reader's format) and
 * ICU `{name, plural, one {…} other {…}}` choices.
 */
type Part = string | { arg: string; number?: true } | { arg: string; forms: Map<string, Part[]> };
const parsed = new Map<string, Part[]>();

/** Parses `text` from `at` up to an unmatched "}" (or the end); returns the parts and where it stopped. */
function parseParts(text: string, at: number): [Part[], number] {
  const parts: Part[] = [];
  let plain = '';
  let i = at;
  while (i < text.length && text[i] !== '}') {
    const simple = /^\{(\w+)\}/.exec(text.slice(i));
    const choice = /^\{(\w+),\s*plural\s*,/.exec(text.slice(i));
    const number = /^\{(\w+),\s*number\s*\}/.exec(text.slice(i));
    if (simple || choice || number) {
      if (plain) parts.push(plain);
      plain = '';
    }
    if (simple) {
      parts.push({ arg: simple[1] });
      i += simple[0].length;
    } else if (number) {
      parts.push({ arg: number[1], number: true });
      i += number[0].length;
    } else if (choice) {
      i += choice[0].length;
      const forms = new Map<string, Part[]>();
      for (;;) {
        const selector = /^\s*(=\d+|zero|one|two|few|many|other)\s*\{/.exec(text.slice(i));
        if (!selector) break;
        const [body, end] = parseParts(text, i + selector[0].length);
        forms.set(selector[1], body);
        i = end + 1;
      }
      i = text.indexOf('}', i) + 1 || text.length;
      parts.push({ arg: choice[1], forms });
    } else {
      plain += text[i];
      i++;
    }
  }
  if (plain) parts.push(plain);
  return [parts, i];
}

function partsOf(template: string): Part[] {
  let parts = parsed.get(template);
  if (!parts) parsed.set(template, (parts = parseParts(template, 0)[0]));
  return parts;
}

/** `hash` is what "#" stands for inside a plural form: the count, formatted when a number (a string as given). */
function render(locale: Locale, parts: Part[], vars: Record<string, unknown>, hash?: string): string {
  let out = '';
  for (const p of parts) {
    if (typeof p === 'string') out += hash === undefined ? p : p.replace(/#/g, hash);
    else if (!('forms' in p)) {
      const value = vars[p.arg];
      out += !(p.arg in vars) ? `{${p.arg}}` : p.number && typeof value === 'number' ? formatNumber(locale, value, 20) : String(value);
    }
    else {
      const value = vars[p.arg];
      // A count already formatted ("1,250", "1,5") is not a plain number: it takes the "other" form.
      const n = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : NaN;
      const known = Number.isFinite(n);
      const form = (known && p.forms.get(`=${n}`)) || p.forms.get(known ? pluralCategory(locale, n) : 'other') || p.forms.get('other') || [];
      out += render(locale, form, vars, typeof value === 'number' && known ? formatNumber(locale, n, 20) : String(value ?? ''));
    }
  }
  return out;
}

/** Fills {name} placeholders and picks plural forms (by Intl.PluralRules of `locale`); "#" in a form is the count. */
function fill(locale: Locale, template: string, vars: Record<string, unknown>): string {
  return template.includes('{') ? render(locale, partsOf(template), vars) : template;
}

/**
 * The names a text takes ({name} and the argument of each plural choice), sorted, and the plural forms it
 * writes out (per choice, e.g. "count: one other"): the translation tests compare them across languages.
 */
export function messageArguments(template: string): { args: string[]; plurals: string[] } {
  const args = new Set<string>();
  const plurals: string[] = [];
  const walk = (parts: Part[]) => {
    for (const p of parts) {
      if (typeof p === 'string') continue;
      args.add(p.arg);
      if ('forms' in p) {
        plurals.push(`${p.arg}: ${[...p.forms.keys()].join(' ')}`);
        for (const f of p.forms.values()) walk(f);
      }
    }
  };
  walk(partsOf(template));
  return { args: [...args].sort(), plurals };
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
