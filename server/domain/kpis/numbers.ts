/**
 * Reading the numbers people type and machines send. Machines (CSV, the API) write plain decimals with a point:
 * 1250000.50. People type in their language: 1.250.000,50 in Bahasa Indonesia, 1,250,000.50 in English; a single
 * separator not followed by groups of three digits is read as the decimal separator (1,5 and 1.5 are both 1.5).
 */
import type { Locale } from '../../i18n/i18n';

const PLAIN = /^-?\d+(\.\d+)?$/;

/** A machine-written number (JSON number or plain decimal string) as a plain decimal string, or null. */
export function machineNumber(value: unknown): string | null {
  if (typeof value === 'number') return Number.isFinite(value) ? numberText(value) : null;
  if (typeof value !== 'string') return null;
  const text = value.trim();
  return PLAIN.test(text) ? text : null;
}

/** A JS number as a plain decimal (no exponent): 1e21 → "1000000000000000000000". */
function numberText(n: number): string {
  const s = String(n);
  if (!/e/i.test(s)) return s;
  return n.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 });
}

/** What a person typed in `locale`, as a plain decimal string, or null when it is not a number. */
export function typedNumber(locale: Locale, text: string): string | null {
  const t = text.trim().replace(/[\s\u00a0\u202f']/g, '').replace(/^\u2212/, '-');
  if (!t) return null;
  const group = locale === 'id' ? '.' : ',';
  const decimal = locale === 'id' ? ',' : '.';
  const grouped = new RegExp(`^-?\\d{1,3}(\\${group}\\d{3})+(\\${decimal}\\d+)?$`);
  if (grouped.test(t)) return t.split(group).join('').replace(decimal, '.');
  const plain = /^-?\d+([.,]\d+)?$/;
  return plain.test(t) ? t.replace(',', '.') : null;
}
