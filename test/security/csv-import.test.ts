/**
 * Issue 10, hole 17, played with hostile and careless files: a column named `constructor` or `__proto__` was
 * accepted (the header check used `in`), a Latin-1 file was decoded as UTF-8 silently (José became Jos�), NUL
 * bytes were stored, and the preview rescanned the file for every row: 5,000 rows blocked the whole process
 * for 3 s, a 4.7 MB file for 30 s, survey links included.
 */
import request from 'supertest';
import { startTestApp, type Browser, type TestApp } from '../helpers/test-app';
import { signedInBrowser, TEST_PASSWORD } from '../helpers/sign-in';
import { buildOrg } from '../factories';
import { CHUNK_BYTES, MAX_CSV_ROWS, readEmployeeCsv } from '../../server/domain/org/employee-csv';
import { previewUpsert } from '../../server/domain/org/employee-upsert.service';
import { bigEmployeeCsv } from '../factories/csv';

let t: TestApp;
let hr: Browser;
beforeAll(async () => {
  t = await startTestApp();
  const { admin } = await buildOrg(t.ctx.db, { adminPassword: TEST_PASSWORD });
  hr = await signedInBrowser(t.app, admin.email);
});
afterAll(() => t.close());

async function upload(bytes: Buffer) {
  const token = await hr.csrf('/admin/employees/import');
  return hr.agent.post('/admin/employees/import').field('_csrf', token).attach('file', bytes, { filename: 'people.csv', contentType: 'text/csv' });
}

describe('the header check', () => {
  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'])('refuses a column named %s', async (column) => {
    const { rows, issues } = await readEmployeeCsv(`email,name,${column}\na@acme.test,A,x\n`);
    expect(rows).toEqual([]);
    expect(issues.map((i) => i.message)).toContain(`Unknown column "${column}"; use email, name, department, team, manager_email, role, start_date, locale, time_zone, active`);
  });

  it('nothing from such a file is written', async () => {
    const res = await upload(Buffer.from('email,name,__proto__\nproto@acme.test,P,{"role":"hr_admin"}\n'));
    expect(res.status).toBe(400);
    expect(await t.ctx.db.employee.count({ where: { email: 'proto@acme.test' } })).toBe(0);
  });
});

describe('what is not UTF-8 text', () => {
  it('refuses a Latin-1 file, naming the line and how to save the file', async () => {
    const latin1 = Buffer.from('email,name\njose@acme.test,José García\n', 'latin1');
    const res = await upload(latin1);
    expect(res.status).toBe(400);
    expect(res.text).toContain('is not UTF-8 text');
    expect(res.text).toContain('CSV UTF-8');
    const { issues } = await readEmployeeCsv(latin1);
    expect(issues).toEqual([{ path: ['line', 2], message: expect.stringContaining('Line 2 is not UTF-8 text') }]);
    expect(await t.ctx.db.employee.count({ where: { email: 'jose@acme.test' } })).toBe(0);
  });

  it('reads the same names saved as UTF-8, with or without a byte order mark', async () => {
    for (const bytes of [Buffer.from('email,name\njose@acme.test,José García\n'), Buffer.from('\uFEFFemail,name\njose@acme.test,José García\n')]) {
      const { rows, issues } = await readEmployeeCsv(bytes);
      expect(issues).toEqual([]);
      expect(rows[0].data).toMatchObject({ email: 'jose@acme.test', name: 'José García' });
    }
  });

  it('refuses NUL bytes in an upload (line named) and in pasted text', async () => {
    const res = await upload(Buffer.from('email,name\na@acme.test,A\nb@acme.test,B\u0000ob\n'));
    expect(res.status).toBe(400);
    expect(res.text).toContain('Line 3 contains a NUL character');
    const pasted = await hr.submit('/admin/employees/import', { csv: 'email,name\nc@acme.test,C\u0000\n' }, '/admin/employees/import');
    expect(pasted.status).toBe(400);
    expect(await t.ctx.db.employee.count({ where: { email: { in: ['a@acme.test', 'b@acme.test', 'c@acme.test'] } } })).toBe(0);
  });
});

describe('big files', () => {
  it(`numbers the lines of ${MAX_CSV_ROWS} rows right, multi-line fields and blank lines included`, async () => {
    const lines = ['email,name'];
    const expected: number[] = [];
    let next = 2;
    for (let i = 0; i < MAX_CSV_ROWS; i++) {
      expected.push(next);
      if (i % 100 === 0) {
        lines.push(`p${i}@acme.test,"Two\nlines"`, '');
        next += 3;
      } else {
        lines.push(`p${i}@acme.test,P ${i}`);
        next += 1;
      }
    }
    const { rows, issues } = await readEmployeeCsv(Buffer.from(`${lines.join('\n')}\n`));
    expect(issues).toEqual([]);
    expect(rows.map((r) => r.ref[1])).toEqual(expected);
  });

  it('stops reading a file with too many rows and says so', async () => {
    const body = Array.from({ length: MAX_CSV_ROWS + 50 }, (_, i) => `p${i}@acme.test,P`).join('\n');
    const { rows, issues } = await readEmployeeCsv(Buffer.from(`email,name\n${body}\n`));
    expect(rows).toEqual([]);
    expect(issues).toEqual([{ path: [], message: `Import at most ${MAX_CSV_ROWS} rows at a time` }]);
  });

  /** Runs `work`, counting the turns of the event loop other callbacks got while it ran. */
  async function turnsDuring<T>(work: () => Promise<T>): Promise<{ result: T; turns: number }> {
    let turns = 0;
    let running = true;
    const spin = () => {
      if (!running) return;
      turns++;
      setImmediate(spin);
    };
    setImmediate(spin);
    const result = await work();
    running = false;
    return { result, turns };
  }

  it('a 4.7 MB file is read in slices: other requests (survey links included) get the event loop all along', async () => {
    const file = bigEmployeeCsv(MAX_CSV_ROWS);
    expect(file.length).toBeGreaterThan(4.5e6);
    // The old reader parsed in one call and rescanned the file per row: nothing else ran for 30 s (0 turns).
    const read = await turnsDuring(() => readEmployeeCsv(file));
    expect(read.result.issues).toEqual([]);
    expect(read.result.rows).toHaveLength(MAX_CSV_ROWS);
    expect(read.turns).toBeGreaterThan(file.length / CHUNK_BYTES / 2);
    const planned = await turnsDuring(() => previewUpsert(t.ctx, read.result.rows));
    expect(planned.result.counts.create).toBe(MAX_CSV_ROWS);
    expect(planned.turns).toBeGreaterThan(MAX_CSV_ROWS / 200);
  }, 60_000);

  it('the preview of a 4.7 MB upload answers with every row checked', async () => {
    const res = await upload(bigEmployeeCsv(MAX_CSV_ROWS));
    expect(res.status).toBe(200);
    expect(res.text).toContain(`${MAX_CSV_ROWS.toLocaleString('en')} new people would be added`);
    expect((await request(t.app).get('/healthz')).status).toBe(200);
  }, 60_000);
});
