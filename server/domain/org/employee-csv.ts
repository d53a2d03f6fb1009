/**
 * Employees as CSV: reading an upload into rows for the upsert (with the line number of each row), and
 * writing the directory back out with the same columns, safe to open in a spreadsheet (ASVS 1.2.10).
 */
import { parse } from 'csv-parse/sync';
import type { FieldIssue } from '../../errors';
import type { EmployeeOutput } from './employee.schema';
import type { UpsertRow } from './employee-upsert.service';
import { csvCell, FORMULA_START } from '../shared/csv';

/** CSV column → field of employeeInputSchema, in export order. */
export const CSV_COLUMNS = {
  email: 'email',
  name: 'name',
  department: 'department',
  team: 'team',
  manager_email: 'managerEmail',
  role: 'role',
  start_date: 'startDate',
  locale: 'locale',
  time_zone: 'timeZone',
  active: 'active',
} as const;
type Column = keyof typeof CSV_COLUMNS;

export const MAX_CSV_ROWS = 5000;

/** "Manager-Email", "manager email" and "MANAGER_EMAIL" all become manager_email. */
export function normalizeHeader(h: string): string {
  return h.trim().toLowerCase().replace(/[\s\-/]+/g, '_');
}

/** Undoes the export's formula escaping, so an exported file imports unchanged. */
function unescapeCell(v: string): string {
  return v.startsWith("'") && FORMULA_START.test(v.slice(1)) ? v.slice(1) : v;
}

function lineOf(buf: Buffer, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < buf.length; i++) {
    if (buf[i] === 0x0a || (buf[i] === 0x0d && buf[i + 1] !== 0x0a)) line++;
  }
  return line;
}

/** Parses CSV text into upsert rows referenced as ["line", n]; file-level problems come back as issues. */
export function parseEmployeeCsv(text: string): { rows: UpsertRow[]; issues: FieldIssue[] } {
  const clean = text.replace(/^\uFEFF/, '');
  if (!clean.trim()) return { rows: [], issues: [{ path: [], message: 'The file is empty' }] };
  const buf = Buffer.from(clean, 'utf8');
  let records: { record: string[]; info: { bytes: number } }[];
  try {
    records = parse(buf, { info: true, skip_empty_lines: true, relax_column_count: true, trim: true }) as unknown as typeof records;
  } catch (err) {
    const lines = (err as { lines?: number }).lines;
    return { rows: [], issues: [{ path: lines ? ['line', lines] : [], message: `The file is not valid CSV: ${(err as Error).message}` }] };
  }
  const [header, ...body] = records;
  const columns = header.record.map(normalizeHeader);
  const issues: FieldIssue[] = [];
  columns.forEach((c, i) => {
    if (!(c in CSV_COLUMNS)) issues.push({ path: ['line', 1], message: `Unknown column "${header.record[i]}"; use ${Object.keys(CSV_COLUMNS).join(', ')}` });
    else if (columns.indexOf(c) !== i) issues.push({ path: ['line', 1], message: `The column ${c} appears twice` });
  });
  for (const required of ['email', 'name']) if (!columns.includes(required)) issues.push({ path: ['line', 1], message: `The column ${required} is missing` });
  if (body.length > MAX_CSV_ROWS) issues.push({ path: [], message: `Import at most ${MAX_CSV_ROWS} rows at a time` });
  if (issues.length) return { rows: [], issues };

  const rows: UpsertRow[] = [];
  let start = header.info.bytes;
  for (const { record, info } of body) {
    while (buf[start] === 0x0a || buf[start] === 0x0d) start++;
    const line = lineOf(buf, start);
    start = info.bytes;
    if (record.length !== columns.length) {
      issues.push({ path: ['line', line], message: `Expected ${columns.length} columns, found ${record.length}` });
      continue;
    }
    const data: Record<string, unknown> = {};
    columns.forEach((c, i) => (data[CSV_COLUMNS[c as Column]] = unescapeCell(record[i])));
    rows.push({ ref: ['line', line], data });
  }
  return { rows, issues };
}

export { csvCell };

/** The directory as CSV (UTF-8 with BOM, CRLF), with the import's columns. */
export function employeesToCsv(list: EmployeeOutput[]): string {
  const fields = Object.values(CSV_COLUMNS);
  const lines = [Object.keys(CSV_COLUMNS).join(',')];
  for (const e of list) lines.push(fields.map((f) => csvCell(e[f])).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
