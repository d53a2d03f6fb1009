import { messageArguments, pluralCategory, t, tn } from '../../server/i18n/i18n';
import { createHandlebars } from '../../server/http/views';
import { localeFiles } from './locale-files';

const merged = (files: Record<string, Record<string, unknown>>) => Object.assign({}, ...Object.values(files)) as Record<string, string>;
const en = merged(localeFiles('en'));
const id = merged(localeFiles('id'));

describe('plural forms (Intl.PluralRules)', () => {
  it('English has one and other, Bahasa Indonesia only other', () => {
    expect([0, 1, 2, 1.5].map((n) => pluralCategory('en', n))).toEqual(['other', 'one', 'other', 'other']);
    expect([0, 1, 2].map((n) => pluralCategory('id', n))).toEqual(['other', 'other', 'other']);
  });

  it.each([
    ['org.employees.count', 1, '1 person', '1 orang'],
    ['org.employees.count', 2, '2 people', '2 orang'],
    ['org.employees.count', 0, '0 people', '0 orang'],
    ['org.import.hasErrors', 1, '1 problem found. Nothing will be imported until it is fixed.', null],
    ['org.import.hasErrors', 3, '3 problems found. Nothing will be imported until they are fixed.', null],
    ['results.responsesCount', 1, '1 response', null],
    ['results.responsesCount', 1250, '1,250 responses', null],
    ['results.answersCount', 1, '1 answer', null],
    ['home.managerReports', 1, '1 person is in your teams.', null],
  ] as const)('%s with %d', (key, n, english, indonesian) => {
    expect(tn('en', key, n)).toBe(english);
    if (indonesian) expect(tn('id', key, n)).toBe(indonesian);
    expect(tn('id', key, n)).toContain(n === 1250 ? '1.250' : String(n));
  });

  it('fills placeholders inside a form and keeps those outside', () => {
    expect(tn('en', 'oneOnOnes.series.found', 1, { q: 'budget' })).toBe('1 meeting mentions “budget”.');
    expect(t('en', 'mailbox.count', { shown: 1, total: 1 })).toBe('Showing the newest 1 of 1 message.');
    expect(t('en', 'surveys.round.timeLeftValue', { days: 1, hours: 2, minutes: 1 })).toBe('1 day, 2 hours and 1 minute');
  });

  it('a count already formatted as text takes the "other" form and is shown as given', () => {
    expect(t('en', 'kpis.unit.daysValue', { n: '1.5' })).toBe('1.5 days');
    expect(t('en', 'kpis.unit.daysValue', { n: '1' })).toBe('1 day');
    expect(t('id', 'kpis.unit.daysValue', { n: '1,5' })).toBe('1,5 hari');
  });

  it('the {{tn}} helper uses the reader\'s language', () => {
    const hbs = createHandlebars();
    const tpl = hbs.compile('{{tn "results.responsesCount" n}} / {{t "results.answersCount" count=n}}');
    expect(tpl({ locale: 'en', n: 1 })).toBe('1 response / 1 answer');
    expect(tpl({ locale: 'en', n: 2 })).toBe('2 responses / 2 answers');
    expect(tpl({ locale: 'id', n: 1 })).toMatch(/^1 \S+/);
  });

  it('every plural choice has an "other" form, in both languages', () => {
    const bad = [...Object.entries(en).map(([k, v]) => ['en', k, v]), ...Object.entries(id).map(([k, v]) => ['id', k, v])]
      .filter(([, , v]) => messageArguments(v).plurals.some((p) => !p.split(': ')[1].split(' ').includes('other')))
      .map(([l, k]) => `${l}: ${k}`);
    expect(bad).toEqual([]);
  });

  it('no English text puts a bare count before a plural noun ("1 people")', () => {
    // A placeholder followed by a word ending in s, outside a plural choice: names and labels are allowed.
    const NOT_COUNTS = new Set(['name', 'other', 'title', 'kpi', 'q', 'when', 'score', 'promoters', 'passives', 'detractors', 'onTrack', 'atRisk', 'label', 'unit', 'position', 'token', 'min']);
    const bare = Object.entries(en)
      .filter(([, v]) => [...v.matchAll(/\{(\w+)\}\s+(?:new\s+)?(?!is\b|was\b|has\b|does\b)[a-z]+s\b/g)].some((m) => !NOT_COUNTS.has(m[1])))
      .map(([k, v]) => `${k}: ${v}`);
    expect(bare).toEqual([]);
  });
});
