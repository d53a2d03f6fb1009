/** CSV writing, pure, safe to open in a spreadsheet: cells starting with = + - @ tab or CR get a leading quote. */
export type CsvCell = string | number | boolean | null | undefined;

/** What a spreadsheet would run as a formula at the start of a cell. */
export const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  let s = typeof value === 'string' ? value : String(value);
  // Numbers are written by us and may be negative (an eNPS of −20): only text is defused.
  if (typeof value === 'string' && FORMULA_START.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
  return rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
