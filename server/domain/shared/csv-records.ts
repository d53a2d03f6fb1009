/**
 * A small CSV reader (RFC 4180: commas, double quotes, "" inside quotes, CRLF or LF, newlines inside quotes) that
 * yields one record at a time with the line it starts on, so a caller can give the event loop back between records
 * of a large file. Unquoted fields are trimmed; empty lines are skipped.
 */
export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

export interface CsvRecord {
  record: string[];
  line: number;
}

export function* csvRecords(text: string): Generator<CsvRecord> {
  const n = text.length;
  let i = 0;
  let line = 1;
  while (i < n) {
    const start = line;
    const record: string[] = [];
    let blank = true;
    for (;;) {
      let field = '';
      if (text[i] === '"') {
        blank = false;
        i++;
        for (;;) {
          if (i >= n) throw new CsvSyntaxError(`a quoted field that starts on line ${start} is never closed`, start);
          const c = text[i];
          if (c === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (c === '\n') line++;
          field += c;
          i++;
        }
        // Anything after the closing quote up to the separator is kept (a lenient reading of a sloppy file).
        let rest = '';
        while (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') rest += text[i++];
        field += rest.trim();
      } else {
        const from = i;
        while (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') i++;
        field = text.slice(from, i).trim();
        if (field) blank = false;
      }
      record.push(field);
      if (i < n && text[i] === ',') {
        blank = false;
        i++;
        continue;
      }
      break;
    }
    if (text[i] === '\r') i++;
    if (text[i] === '\n') i++;
    line++;
    if (!blank) yield { record, line: start };
  }
}
