import fs from 'node:fs';
import path from 'node:path';
import { contrastRatio, readStylesheet } from './contrast';

const css = readStylesheet(fs.readFileSync(path.resolve(__dirname, '../../views/assets/pulse.css'), 'utf8'));
const v = (name: string) => css.get(':root', name);

describe('contrast ratio', () => {
  it('matches WCAG reference values', () => {
    expect(contrastRatio('#000', '#fff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#fff', '#fff')).toBeCloseTo(1, 5);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });
});

/** [what, foreground, background, minimum]: 4.5 for text, 3 for large text and for focus rings and borders. */
const pairs: [string, () => string, () => string, number][] = [
  ['body text on the page', () => v('--ink'), () => v('--bg'), 4.5],
  ['body text on a card', () => v('--ink'), () => v('--card'), 4.5],
  ['muted text on a card', () => v('--muted'), () => v('--card'), 4.5],
  ['muted text on the page', () => v('--muted'), () => v('--bg'), 4.5],
  ['links on a card', () => v('--accent'), () => v('--card'), 4.5],
  ['links on the page', () => v('--accent'), () => v('--bg'), 4.5],
  ['button text on the accent', () => v('--accent-ink'), () => v('--accent'), 4.5],
  ['danger button text', () => v('--accent-ink'), () => css.get('button.danger', 'background'), 4.5],
  ['error messages on a card', () => v('--danger'), () => v('--card'), 4.5],
  ['error messages on the page', () => v('--danger'), () => v('--bg'), 4.5],
  ['warnings on a card', () => v('--warn'), () => v('--card'), 4.5],
  ['text in a notice', () => v('--ink'), () => css.get('.notice', 'background'), 4.5],
  ['links in a notice', () => v('--accent'), () => css.get('.notice', 'background'), 4.5],
  ['text in an alert', () => v('--ink'), () => css.get('.alert', 'background'), 4.5],
  ['a neutral badge', () => v('--ink'), () => css.get('.badge', 'background'), 4.5],
  ['an ok badge', () => css.get('.badge.ok', 'color'), () => css.get('.badge.ok', 'background'), 4.5],
  ['an off badge', () => css.get('.badge.off', 'color'), () => css.get('.badge.off', 'background'), 4.5],
  ['secondary button text', () => css.get('button.secondary', 'color'), () => css.get('button.secondary', 'background'), 4.5],
  ['input text', () => css.get('input', 'color'), () => css.get('input', 'background'), 4.5],
  ['input borders (non-text, 1.4.11)', () => css.get('input', 'border'), () => css.get('input', 'background'), 3],
  ['the focus ring on a card (1.4.11)', () => css.get(':focus-visible', 'outline'), () => v('--card'), 3],
  ['the focus ring on the page', () => css.get(':focus-visible', 'outline'), () => v('--bg'), 3],
  ['the focus halo against the ring', () => css.get(':focus-visible', 'box-shadow'), () => css.get(':focus-visible', 'outline'), 3],
  ['the focus halo next to a button', () => css.get(':focus-visible', 'box-shadow'), () => v('--accent'), 3],
];

describe('pulse.css colours meet WCAG AA', () => {
  it.each(pairs)('%s', (_what, fg, bg, minimum) => {
    const ratio = contrastRatio(fg(), bg());
    if (ratio < minimum) throw new Error(`${fg()} on ${bg()} has contrast ${ratio.toFixed(2)}:1, below ${minimum}:1`);
  });
});
