import { startTestApp, type TestApp, type Browser } from '../helpers/test-app';
import { signedInBrowser } from '../helpers/sign-in';
import { buildPeople } from '../factories/org';
import { buildEmployee } from '../factories';
import { startSession } from '../../server/domain/auth/sessions.service';
import { csvCell, readEmployeeCsv } from '../../server/domain/org/employee-csv';

let t: TestApp;
let hr: Browser;
let adminEmail: string;
beforeEach(async () => {
  t = await startTestApp();
  const people = await buildPeople(t.ctx);
  adminEmail = people.admin.email;
  hr = await signedInBrowser(t.app, adminEmail);
});
afterEach(() => t.close());

const preview = (csv: string) => hr.submit('/admin/employees/import', { csv }, '/admin/employees/import');
const apply = (csv: string) => hr.submit('/admin/employees/import/apply', { csv }, '/admin/employees/import');
const count = () => t.ctx.db.employee.count();

const GOOD = [
  'Email,Name,Department,Team,Manager-Email,Role,Start Date,Locale,Time_Zone,Active',
  'sari@acme.test,Sari Lead,Sales,Jakarta,,manager,2024-01-15,id,Asia/Jakarta,true',
  'budi@acme.test,Budi Santoso,Sales,Jakarta,sari@acme.test,employee,2024-02-01,id,Asia/Jakarta,yes',
  'ann@acme.test,"Smith, Ann",Sales,Singapore,sari@acme.test,,,en,Asia/Singapore,',
].join('\r\n');

describe('CSV import', () => {
  it('accepts the CSV as an uploaded file (multipart form, CSRF-checked)', async () => {
    const token = await hr.csrf('/admin/employees/import');
    const res = await hr.agent
      .post('/admin/employees/import')
      .field('_csrf', token)
      .attach('file', Buffer.from(GOOD, 'utf8'), { filename: 'people.csv', contentType: 'text/csv' });
    expect(res.status).toBe(200);
    expect(res.text).toContain('3 new people would be added');
    const forged = await hr.agent.post('/admin/employees/import').attach('file', Buffer.from(GOOD, 'utf8'), 'people.csv');
    expect(forged.status).toBe(403);
  });

  it('previews what would change without writing, then imports it all, resolving managers from the same file', async () => {
    const before = await count();
    const res = await preview(GOOD);
    expect(res.status).toBe(200);
    expect(res.text).toContain('3 new people would be added');
    expect(res.text).toContain('Sales › Jakarta');
    expect(await count()).toBe(before);

    const done = await apply(GOOD);
    expect(done.status).toBe(200);
    expect(done.text).toContain('3 added');
    const budi = await t.ctx.db.employee.findUniqueOrThrow({ where: { email: 'budi@acme.test' }, include: { manager: true, team: { include: { department: true } } } });
    expect(budi.manager?.email).toBe('sari@acme.test');
    expect(budi.team?.name).toBe('Jakarta');
    expect(budi.team?.department.name).toBe('Sales');
    expect(budi.locale).toBe('id');
    expect(budi.startDate).toBe('2024-02-01');
    const ann = await t.ctx.db.employee.findUniqueOrThrow({ where: { email: 'ann@acme.test' } });
    expect(ann.name).toBe('Smith, Ann');
    expect(ann.role).toBe('employee');
    expect(ann.active).toBe(true);
  });

  it('lists every bad row with its line number and writes nothing, even for the good rows', async () => {
    const csv = [
      '\uFEFFemail,name,team,department,manager_email,start_date,active',
      'good@acme.test,Good Person,Jakarta,Sales,,,true',
      'not-an-email,Bad Email,,,,,',
      '',
      'dup@acme.test,First,,,,,',
      'DUP@acme.test,Second,,,,,',
      'late@acme.test,Bad Date,,,,2024-02-30,',
      'self@acme.test,Own Boss,,,self@acme.test,,',
      'ghost@acme.test,"Multi',
      'line name",,,,,maybe',
      'orphan@acme.test,Orphan,,,nobody@acme.test,,',
    ].join('\n');
    const before = await count();
    const res = await preview(csv);
    expect(res.status).toBe(400);
    const lines = [...res.text.matchAll(/<tr class="import-error"><td>(\d+)<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td>/g)].map((m) => `${m[1]} ${m[2]}: ${m[3]}`);
    expect(lines).toEqual([
      '3 email: Enter a valid email address, like name@company.com',
      '6 email: This email is also on line 5',
      '7 startDate: Not a real date',
      '8 managerEmail: A person cannot be their own manager',
      '9 active: Use true or false',
      '11 managerEmail: Nobody has this email address, here or in the directory',
    ]);
    expect(res.text).not.toContain('/admin/employees/import/apply');

    const forced = await apply(csv);
    expect(forced.status).toBe(400);
    expect(await count()).toBe(before);
    expect(await t.ctx.db.department.count({ where: { name: 'Sales' } })).toBe(0);
  });

  it('re-importing the same file changes nothing and says so', async () => {
    await apply(GOOD);
    const again = await apply(GOOD);
    expect(again.text).toContain('0 added');
    expect(again.text).toContain('0 updated');
    expect(again.text).toContain('3 unchanged');
    expect(await t.ctx.db.team.count({ where: { name: 'Jakarta' } })).toBe(1);
  });

  it('updates by lower-cased email and keeps fields whose column is absent', async () => {
    await apply(GOOD);
    const res = await apply('EMAIL,name\nBUDI@ACME.TEST,Budi S.\n');
    expect(res.text).toContain('1 updated</li>');
    const budi = await t.ctx.db.employee.findUniqueOrThrow({ where: { email: 'budi@acme.test' }, include: { team: true } });
    expect(budi.name).toBe('Budi S.');
    expect(budi.locale).toBe('id');
    expect(budi.team?.name).toBe('Jakarta');
  });

  it('refuses unknown columns and a missing email column, naming them', async () => {
    const res = await preview('mail,name,shoe size\na@acme.test,A,42\n');
    expect(res.status).toBe(400);
    expect(res.text).toContain('Unknown column &quot;shoe size&quot;');
    expect(res.text).toContain('The column email is missing');
  });

  it('deactivating through the CSV ends that person’s sessions', async () => {
    const leaver = await buildEmployee(t.ctx.db, { email: 'leaver@acme.test', name: 'Lea Ver' });
    await startSession(t.ctx, leaver.id);
    expect(await t.ctx.db.session.count({ where: { employeeId: leaver.id } })).toBe(1);
    const res = await apply('email,name,active\nleaver@acme.test,Lea Ver,false\n');
    expect(res.text).toContain('1 updated');
    const after = await t.ctx.db.employee.findUniqueOrThrow({ where: { id: leaver.id } });
    expect(after.active).toBe(false);
    expect(after.deactivatedAt).not.toBeNull();
    expect(await t.ctx.db.session.count({ where: { employeeId: leaver.id } })).toBe(0);
  });

  it('will not leave the organisation without an active HR admin', async () => {
    const res = await preview(`email,name,role\n${adminEmail},Admin,employee\n`);
    expect(res.status).toBe(400);
    expect(res.text).toContain('This would leave no active HR admin');
  });

  it('gives the starting line of rows after multi-line quoted fields and blank lines (CRLF)', async () => {
    const { rows, issues } = await readEmployeeCsv('email,name\r\n"a@x.test","Two\r\nlines"\r\n\r\nb@x.test,B\r\n');
    expect(issues).toEqual([]);
    expect(rows.map((r) => r.ref)).toEqual([['line', 2], ['line', 5]]);
  });
});

describe('CSV export', () => {
  it('prefixes cells a spreadsheet would run as formulas with a quote', () => {
    expect(['=1+1', '+1', '-1', '@A1', '\tx', '\rx', 'plain', ''].map(csvCell)).toEqual([
      "'=1+1",
      "'+1",
      "'-1",
      "'@A1",
      "'\tx",
      `"'\rx"`,
      'plain',
      '',
    ]);
  });

  it('exports the import columns, escapes formulas, and imports back unchanged', async () => {
    await apply(GOOD);
    await buildEmployee(t.ctx.db, { email: 'evil@acme.test', name: '=HYPERLINK("http://evil.test","click")' });
    await buildEmployee(t.ctx.db, { email: 'plus@acme.test', name: '+62 team' });
    await buildEmployee(t.ctx.db, { email: 'at@acme.test', name: '@SUM(A1)' });
    await buildEmployee(t.ctx.db, { email: 'minus@acme.test', name: '-1' });
    const res = await hr.agent.get('/admin/employees/export.csv');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toContain('attachment');
    const csv = res.text;
    const lines = csv.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('email,name,department,team,manager_email,role,start_date,locale,time_zone,active');
    expect(csv).toContain(`evil@acme.test,"'=HYPERLINK(""http://evil.test"",""click"")"`);
    expect(csv).toContain("plus@acme.test,'+62 team,");
    expect(csv).toContain("at@acme.test,'@SUM(A1),");
    expect(csv).toContain("minus@acme.test,'-1,");
    expect(csv).toContain('budi@acme.test,Budi Santoso,Sales,Jakarta,sari@acme.test,employee,2024-02-01,id,Asia/Jakarta,true');
    for (const line of lines.slice(1)) expect(line).not.toMatch(/(^|,)"?[=+\-@\t]/);

    const back = await apply(csv);
    expect(back.status).toBe(200);
    expect(back.text).toContain('0 updated');
    expect(back.text).toContain('0 added');
    expect((await t.ctx.db.employee.findUniqueOrThrow({ where: { email: 'evil@acme.test' } })).name).toBe('=HYPERLINK("http://evil.test","click")');
  });
});
