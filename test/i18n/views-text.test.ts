import fs from 'node:fs';
import path from 'node:path';
import { findBareText, humanWords } from './bare-text';
import { filesUnder, ROOT } from './locale-files';

describe('the bare-text finder', () => {
  it('finds text between tags, in human-facing attributes and in partial arguments', () => {
    const found = findBareText('<h1>{{t "a"}}</h1>\n<p>Hello there</p>\n<img alt="A cat" src="x.png">\n<input type="submit" value="Save">\n{{> field-error message="Oops wrong"}}');
    expect(found.map((f) => [f.line, f.text])).toEqual([
      [2, 'Hello there'],
      [3, 'A cat'],
      [4, 'Save'],
      [5, 'Oops wrong'],
    ]);
  });

  it('lets translations, markup, entities, numbers, punctuation and the brand name pass', () => {
    const view = '<!doctype html>\n<title>{{#if title}}{{title}} · {{/if}}Pulse</title>\n<a href="/x" class="nav-link" aria-label="{{t "nav.x"}}">{{t "x"}}</a> &nbsp;&middot; 1 / 2 —\n<input type="email" value="{{values.email}}" name="email"><button name="action" value="save">{{t "save"}}</button>\n{{!-- a comment with words --}}\n<style>.a { color: red }</style>';
    expect(findBareText(view)).toEqual([]);
    expect(humanWords('Pulse · 42% — ')).toEqual([]);
  });
});

describe('views', () => {
  it('hold no bare human text (all of it comes from {{t "key"}})', () => {
    const found = filesUnder('views', '.hbs').flatMap((file) =>
      findBareText(fs.readFileSync(path.join(ROOT, file), 'utf8')).map((b) => `${file}:${b.line}  "${b.text}"  (${b.where})`),
    );
    if (found.length) throw new Error(`Bare text in views; move it into server/i18n/locales/{en,id}/<area>.json and use {{t "key"}}:\n${found.join('\n')}`);
  });
});
