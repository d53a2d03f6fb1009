/**
 * KPI values as CSV: reading an upload into value rows (each with its line number), a slice at a time so a
 * 50,000-row file never holds the event loop for long, and writing values back out in the same columns.
 * Columns: email (person measures) or team [+ department] (team measures), measure, period, value, reason.
 */
import type { FieldIssue } from '../../errors';
import { headerIssues, normalizeHeader, unescapeCell } from '../shared/csv-read';
import { csvRecords, CsvSyntaxError, type CsvRecord } from '../shared/csv-records';
import type { RawValueRow } from './value-rows';
import { timeSlicer } from './time-slice';

export const VALUE_COLUMNS = ['email', 'team', 'department', 'measure', 'period', 'value', 'reason'] as const;
const KNOWN = new Set<string>([...VALUE_COLUMNS, 'employee_id', 'team_id']);
const FIELD: Record<string, string> = { employee_id: 'employeeId', team_id: 'teamId' };
export const MAX_VALUE_ROWS = 100_000;


/** Parses CSV text into value rows referenced as ["line", n]; problems with the file as a whole come back as issues. */
export async function parseValueCsv(text: string, onProgress?: (rows: number) => Promise<void> | void): Promise<{ rows: RawValueRow[]; issues: FieldIssue[] }> {
  const clean = text.replace(/^\uFEFF/, '');
  if (!clean.trim()) return { rows: [], issues: [{ path: [], message: 'The file is empty' }] };
  const records: CsvRecord[] = [];
  const slice = timeSlicer();
  try {
    for (const r of csvRecords(clean)) {
      records.push(r);
      if (records.length > MAX_VALUE_ROWS + 1) break;
      if (records.length % 256 === 0) await slice();
    }
  } catch (err) {
    if (!(err instanceof CsvSyntaxError)) throw err;
    return { rows: [], issues: [{ path: ['line', err.line], message: `The file is not valid CSV: ${err.message}` }] };
  }
  const [header, ...body] = records;
  const columns = header.record.map(normalizeHeader);
  const issues = headerIssues(header.record, KNOWN, ['measure', 'period', 'value'], VALUE_COLUMNS.join(', '));
  if (!columns.some((c) => ['email', 'employee_id', 'team', 'team_id'].includes(c))) issues.push({ path: ['line', 1], message: 'Add a column email (or team, for team measures)' });
  if (body.length > MAX_VALUE_ROWS) issues.push({ path: [], message: `Import at most ${MAX_VALUE_ROWS} rows at a time` });
  if (issues.length) return { rows: [], issues };
  const rows: RawValueRow[] = [];
  for (let i = 0; i < body.length; i++) {
    const { record, line } = body[i];
    await slice();
    if (i % 5000 === 4999) await onProgress?.(i + 1);
    if (record.length !== columns.length) {
      issues.push({ path: ['line', line], message: `Expected ${columns.length} columns, found ${record.length}` });
      continue;
    }
    const data: Record<string, unknown> = {};
    columns.forEach((c, j) => (data[FIELD[c] ?? c] = unescapeCell(record[j])));
    rows.push({ ref: ['line', line], data });
  }
  return { rows, issues };
}

/** How many data rows `text` has, about (for the progress bar before parsing). */
export function roughRowCount(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return Math.max(0, n - (text.endsWith('\n') ? 1 : 0));
}
