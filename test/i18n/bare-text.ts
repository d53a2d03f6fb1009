/**
 * Finds human text written straight into a Handlebars view instead of coming from `{{t "key"}}`:
 * text between tags, human-facing attributes (alt, title, placeholder, aria-label, the value of a button),
 * and literal strings passed to partials as message=, label=… .
 */

/** Words that may stand in a view as they are (brand names, symbols). */
export const ALLOWED_WORDS = new Set(['Pulse']);

const HUMAN_ATTRIBUTES = new Set(['alt', 'title', 'placeholder', 'aria-label', 'aria-description', 'aria-roledescription', 'aria-valuetext', 'label']);
const HUMAN_HASH_KEYS = /\b(message|label|title|text|hint|heading|alt|placeholder|caption)="([^"]*)"/g;
const BUTTON_INPUT = /\btype\s*=\s*["']?(submit|button|reset)\b/i;

export interface BareText {
  line: number;
  text: string;
  where: string;
}

/** Blanks a match but keeps its newlines, so later offsets still map to the right line. */
function blank(s: string): string {
  return s.replace(/[^\n]/g, ' ');
}

function lineAt(source: string, index: number): number {
  return source.slice(0, index).split('\n').length;
}

/** Whether `text` still holds a word once entities, punctuation, digits and allowed words are gone. */
export function humanWords(text: string): string[] {
  const cleaned = text
    .replace(/&[a-zA-Z]+;|&#x?[0-9a-fA-F]+;/g, ' ')
    .replace(/[^\p{L}\s]/gu, ' ');
  return cleaned.split(/\s+/).filter((w) => w && !ALLOWED_WORDS.has(w) && /\p{L}{2,}/u.test(w));
}

/** Every piece of bare human text in a view's source, with its line. */
export function findBareText(source: string): BareText[] {
  const found: BareText[] = [];
  const report = (index: number, text: string, where: string) => {
    if (humanWords(text).length) found.push({ line: lineAt(source, index), text: text.trim().replace(/\s+/g, ' '), where });
  };

  // 1. Handlebars: comments go; literal strings given to human-facing hash keys are reported; the rest is blanked.
  let work = source.replace(/\{\{!--[\s\S]*?--\}\}|\{\{![\s\S]*?\}\}/g, blank);
  work = work.replace(/\{\{[\s\S]*?\}\}/g, (expr, offset: number) => {
    for (const m of expr.matchAll(HUMAN_HASH_KEYS)) report(offset + (m.index ?? 0), m[2], `${m[1]}= in ${expr.replace(/\s+/g, ' ')}`);
    return blank(expr);
  });
  // 2. Scripts and styles hold no human text.
  work = work.replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, blank);
  // 3. Tags: check human-facing attributes, then blank the tag.
  work = work.replace(/<[^>]*>/g, (tag, offset: number) => {
    const name = /^<\/?\s*([a-zA-Z0-9-]+)/.exec(tag)?.[1]?.toLowerCase() ?? '';
    for (const m of tag.matchAll(/([a-zA-Z-:]+)\s*=\s*("([^"]*)"|'([^']*)')/g)) {
      const attr = m[1].toLowerCase();
      const value = m[3] ?? m[4] ?? '';
      // A <button>'s value is what the form sends; an <input type=submit>'s value is what people read.
      const isButtonValue = attr === 'value' && name === 'input' && BUTTON_INPUT.test(tag);
      if (HUMAN_ATTRIBUTES.has(attr) || isButtonValue) report(offset + (m.index ?? 0), value, `${attr}= on <${name}>`);
    }
    return blank(tag);
  });
  // 4. What is left is text between tags.
  for (const m of work.matchAll(/[^\s][^\n]*/g)) report(m.index ?? 0, m[0], 'text');
  return found.sort((a, b) => a.line - b.line);
}
