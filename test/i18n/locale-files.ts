/** Reads the translation files and the view sources, for the translation tests. */
import fs from 'node:fs';
import path from 'node:path';
import { messageArguments } from '../../server/i18n/i18n';

export const ROOT = path.resolve(__dirname, '../..');
export const LOCALES_DIR = path.join(ROOT, 'server/i18n/locales');
export const VIEWS_DIR = path.join(ROOT, 'views');

/** Every file under `dir` (relative to ROOT) whose name ends with `suffix`. */
export function filesUnder(dir: string, suffix: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(suffix)) out.push(path.relative(ROOT, full));
    }
  };
  walk(path.join(ROOT, dir));
  return out.sort();
}

/** The area files of one language: { 'core.json': { key: text } }. */
export function localeFiles(locale: string): Record<string, Record<string, unknown>> {
  const dir = path.join(LOCALES_DIR, locale);
  return Object.fromEntries(
    fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => [f, JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as Record<string, unknown>]),
  );
}

/** The {name} placeholders of a text (plural choices by their argument), sorted. */
export function placeholders(text: string): string[] {
  return messageArguments(text).args;
}
