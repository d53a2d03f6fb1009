/** The CSV reader the KPI import uses: quotes, doubled quotes, line breaks inside quotes, CRLF, blank lines, start lines. */
import { csvRecords, CsvSyntaxError } from '../../server/domain/shared/csv-records';

const read = (text: string) => [...csvRecords(text)].map((r) => [r.line, ...r.record]);

describe('reading CSV', () => {
  it('splits fields and records, trimming unquoted fields and skipping empty lines', () => {
    expect(read('a, b ,c\n\n1,2,3\r\n4,,6\n')).toEqual([
      [1, 'a', 'b', 'c'],
      [3, '1', '2', '3'],
      [4, '4', '', '6'],
    ]);
  });

  it('keeps quoted commas, doubled quotes and line breaks, and says on which line each record starts', () => {
    expect(read('email,reason\n"a@x.test","He said ""yes"", then\nleft"\nb@x.test," spaced "\n')).toEqual([
      [1, 'email', 'reason'],
      [2, 'a@x.test', 'He said "yes", then\nleft'],
      [4, 'b@x.test', ' spaced '],
    ]);
  });

  it('reads a last line without a line break, and a record of empty fields', () => {
    expect(read('a,b\n,\nx,y')).toEqual([
      [1, 'a', 'b'],
      [2, '', ''],
      [3, 'x', 'y'],
    ]);
  });

  it('refuses a quote that is never closed, naming the line it starts on', () => {
    expect(() => read('a,b\n1,"open\n2,3\n')).toThrow(CsvSyntaxError);
    try {
      read('a,b\n1,"open\n2,3\n');
    } catch (err) {
      expect((err as CsvSyntaxError).line).toBe(2);
    }
  });
});
