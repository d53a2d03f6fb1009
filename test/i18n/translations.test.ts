import fs from 'node:fs';
import path from 'node:path';
import { filesUnder, localeFiles, placeholders, ROOT } from './locale-files';

const en = localeFiles('en');
const id = localeFiles('id');
const merged = (files: Record<string, Record<string, unknown>>) => Object.assign({}, ...Object.values(files)) as Record<string, unknown>;
const enAll = merged(en);
const idAll = merged(id);

describe('translation files', () => {
  it('come in the same areas for English and Bahasa Indonesia', () => {
    expect(Object.keys(id)).toEqual(Object.keys(en));
  });

  it.each(Object.keys(en))('%s has the same keys in both languages', (file) => {
    const enKeys = Object.keys(en[file] ?? {});
    const idKeys = Object.keys(id[file] ?? {});
    const missing = [...enKeys.filter((k) => !idKeys.includes(k)).map((k) => `missing in id/${file}: ${k}`), ...idKeys.filter((k) => !enKeys.includes(k)).map((k) => `missing in en/${file}: ${k}`)];
    expect(missing).toEqual([]);
  });

  it('never define one key in two area files', () => {
    const seen = new Map<string, string>();
    const twice: string[] = [];
    for (const [locale, files] of [['en', en], ['id', id]] as const) {
      seen.clear();
      for (const [file, dict] of Object.entries(files)) {
        for (const key of Object.keys(dict)) {
          if (seen.has(key)) twice.push(`${locale}: ${key} in ${seen.get(key)} and ${file}`);
          seen.set(key, file);
        }
      }
    }
    expect(twice).toEqual([]);
  });

  it('hold only non-empty texts', () => {
    const bad = [...Object.entries(enAll).map(([k, v]) => ['en', k, v] as const), ...Object.entries(idAll).map(([k, v]) => ['id', k, v] as const)]
      .filter(([, , v]) => typeof v !== 'string' || v.trim() === '')
      .map(([l, k]) => `${l}: ${k}`);
    expect(bad).toEqual([]);
  });

  it('use the same {placeholders} in both languages', () => {
    const differ = Object.keys(enAll)
      .filter((k) => typeof idAll[k] === 'string')
      .filter((k) => placeholders(String(enAll[k])).join() !== placeholders(String(idAll[k])).join())
      .map((k) => `${k}: en {${placeholders(String(enAll[k])).join(', ')}} vs id {${placeholders(String(idAll[k])).join(', ')}}`);
    expect(differ).toEqual([]);
  });
});

describe('keys used in code', () => {
  const read = (f: string) => fs.readFileSync(path.join(ROOT, f), 'utf8');

  it('every {{t "key"}} in a view exists', () => {
    const missing = filesUnder('views', '.hbs').flatMap((file) =>
      [...read(file).matchAll(/\{\{\s*tn?\s+"([^"]+)"/g)].filter((m) => !(m[1] in enAll)).map((m) => `${file}: ${m[1]}`),
    );
    expect(missing).toEqual([]);
  });

  it("every t(locale, 'key') with a literal key in the server exists", () => {
    const missing = filesUnder('server', '.ts').flatMap((file) =>
      [...read(file).matchAll(/\bt\(\s*[\w.]+(?:\([^()]*\))?\s*,\s*'([a-zA-Z0-9_.-]+)'/g)].filter((m) => !(m[1] in enAll)).map((m) => `${file}: ${m[1]}`),
    );
    expect(missing).toEqual([]);
  });

  it('every email template has a subject', () => {
    const names = filesUnder('views/emails', '.html.hbs')
      .map((f) => path.basename(f, '.html.hbs'))
      .filter((n) => n !== 'layout');
    expect(names.filter((n) => !(`email.${n}.subject` in enAll))).toEqual([]);
  });
});
