/**
 * Employees as CSV: reading an upload into rows for the upsert (with the line number of each row), and
 * writing the directory back out with the same columns, safe to open in a spreadsheet (ASVS 1.2.10).
 *
 * Reading refuses what it cannot read faithfully, with the line: a file that is not UTF-8 (a spreadsheet's
 * "CSV" in Latin-1 or Windows-1252 would otherwise turn "José" into "Jos\uFFFD"; Pulse does not guess the
 * encoding, it asks for "CSV UTF-8"), NUL characters (a spreadsheet or binary file), unknown columns (the check
 * reads only the columns' own keys: `constructor` and `__proto__` are unknown like any other), more than
 * MAX_CSV_ROWS rows. It is linear in the file's size and parses in slices of CHUNK_BYTES with the event loop
 * let go in between, so a 5 MB upload never holds up other requests (survey answers included) for long.
 */
import { parse, type Info } from 'csv-parse';
import type { FieldIssue } from '../../errors';
import type { EmployeeOutput } from './employee.schema';
import type { UpsertRow } from './employee-upsert.service';
import { csvCell, FORMULA_START } from '../shared/csv';
import { yieldToEventLoop } from '../shared/event-loop';

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
/** The parser gets the file this many bytes at a time, the event loop free in between (~1 ms of work each). */
export const CHUNK_BYTES = 32 * 1024;

export const NOT_UTF8 = 'is not UTF-8 text. Save the file as "CSV UTF-8" (in Excel: File → Save As → CSV UTF-8) and upload it again';
export const HAS_NUL = 'contains a NUL character: this does not look like a CSV file (is it a spreadsheet file?)';

/** "Manager-Email", "manager email" and "MANAGER_EMAIL" all become manager_email. */
export function normalizeHeader(h: string): string {
  return h.trim().toLowerCase().replace(/[\s\-/]+/g, '_');
}

function isColumn(c: string): c is Column {
  return Object.hasOwn(CSV_COLUMNS, c);
}

/** Undoes the export's formula escaping, so an exported file imports unchanged. */
function unescapeCell(v: string): string {
  return v.startsWith("'") && FORMULA_START.test(v.slice(1)) ? v.slice(1) : v;
}

const isLineEnd = (buf: Buffer, i: number) => buf[i] === 0x0a || (buf[i] === 0x0d && buf[i + 1] !== 0x0a);

/** Line numbers of byte offsets asked for in increasing order, counting each byte once over a whole file. */
class LineCounter {
  private pos = 0;
  private line = 1;
  constructor(private readonly buf: Buffer) {}
  /** The line of byte `offset` (not before the last one asked). */
  at(offset: number): number {
    for (; this.pos < offset && this.pos < this.buf.length; this.pos++) if (isLineEnd(this.buf, this.pos)) this.line++;
    return this.line;
  }
}

/** The first line of `buf` that is not valid UTF-8, or null when all of it is. */
function firstNonUtf8Line(buf: Buffer): number | null {
  const strict = new TextDecoder('utf-8', { fatal: true });
  try {
    strict.decode(buf);
    return null;
  } catch {
    const lines = new LineCounter(buf);
    for (let start = 0; start < buf.length; ) {
      let end = buf.indexOf(0x0a, start);
      if (end < 0) end = buf.length;
      try {
        strict.decode(buf.subarray(start, end));
      } catch {
        return lines.at(start);
      }
      start = end + 1;
    }
    return 1;
  }
}

interface ParsedRecord {
  record: string[];
  info: Info;
}

/** csv-parse over `buf`, a slice at a time; stops after `max` records (the rest is not read). */
async function parseRecords(buf: Buffer, max: number): Promise<{ records: ParsedRecord[]; more: boolean }> {
  const records: ParsedRecord[] = [];
  const parser = parse({ info: true, skip_empty_lines: true, relax_column_count: true, trim: true });
  let failure: unknown;
  parser.on('data', (r: ParsedRecord) => records.push(r));
  parser.on('error', (err) => (failure ??= err));
  const ended = new Promise<void>((resolve) => {
    parser.once('end', resolve);
    parser.once('error', () => resolve());
  });
  for (let offset = 0; offset < buf.length && failure === undefined && records.length <= max; offset += CHUNK_BYTES) {
    parser.write(buf.subarray(offset, offset + CHUNK_BYTES));
    await yieldToEventLoop();
  }
  if (failure !== undefined) throw failure;
  if (records.length > max) {
    parser.destroy();
    return { records: records.slice(0, max), more: true };
  }
  parser.end();
  await ended;
  if (failure !== undefined) throw failure;
  return { records, more: false };
}

/**
 * Reads a CSV upload (bytes, which must be UTF-8) or pasted text into upsert rows referenced as ["line", n];
 * file-level problems come back as issues.
 */
export async function readEmployeeCsv(input: Buffer | string): Promise<{ rows: UpsertRow[]; issues: FieldIssue[] }> {
  let buf = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3);
  if (!buf.some((b) => b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d)) return { rows: [], issues: [{ path: [], message: 'The file is empty' }] };
  const badLine = typeof input === 'string' ? null : firstNonUtf8Line(buf);
  if (badLine !== null) return { rows: [], issues: [{ path: ['line', badLine], message: `Line ${badLine} ${NOT_UTF8}` }] };
  const nul = buf.indexOf(0);
  if (nul >= 0) {
    const line = new LineCounter(buf).at(nul);
    return { rows: [], issues: [{ path: ['line', line], message: `Line ${line} ${HAS_NUL}` }] };
  }
  let parsed: Awaited<ReturnType<typeof parseRecords>>;
  try {
    // The header plus one row more than allowed: enough to say the file is too long without reading it all.
    parsed = await parseRecords(buf, MAX_CSV_ROWS + 2);
  } catch (err) {
    const lines = (err as { lines?: number }).lines;
    return { rows: [], issues: [{ path: lines ? ['line', lines] : [], message: `The file is not valid CSV: ${(err as Error).message}` }] };
  }
  const [header, ...body] = parsed.records;
  const columns = header.record.map(normalizeHeader);
  const issues: FieldIssue[] = [];
  columns.forEach((c, i) => {
    if (!isColumn(c)) issues.push({ path: ['line', 1], message: `Unknown column "${header.record[i]}"; use ${Object.keys(CSV_COLUMNS).join(', ')}` });
    else if (columns.indexOf(c) !== i) issues.push({ path: ['line', 1], message: `The column ${c} appears twice` });
  });
  for (const required of ['email', 'name']) if (!columns.includes(required)) issues.push({ path: ['line', 1], message: `The column ${required} is missing` });
  if (parsed.more || body.length > MAX_CSV_ROWS) issues.push({ path: [], message: `Import at most ${MAX_CSV_ROWS} rows at a time` });
  if (issues.length) return { rows: [], issues };

  const rows: UpsertRow[] = [];
  const lines = new LineCounter(buf);
  let start = header.info.bytes;
  for (const { record, info } of body) {
    // A record starts at its first byte after the previous one's end and any blank lines between.
    while (buf[start] === 0x0a || buf[start] === 0x0d) start++;
    const line = lines.at(start);
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
