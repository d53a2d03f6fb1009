import { startTestApp, type TestApp, type Browser } from '../helpers/test-app';
import { signedInBrowser } from '../helpers/sign-in';
import { buildPeople } from '../factories/org';
import { buildEmployee } from '../factories';

let t: TestApp;
let hr: Browser;
let people: Awaited<ReturnType<typeof buildPeople>>;
beforeEach(async () => {
  t = await startTestApp();
  people = await buildPeople(t.ctx);
  hr = await signedInBrowser(t.app, people.admin.email);
});
afterEach(() => t.close());

describe('departments and teams', () => {
  it('says what to do next when there are none, then creates, searches and renames them', async () => {
    await t.ctx.db.team.deleteMany();
    await t.ctx.db.department.deleteMany();
    expect((await hr.agent.get('/admin/departments')).text).toContain('No departments yet');
    expect((await hr.agent.get('/admin/teams')).text).toContain('Create a department first');

    expect((await hr.submit('/admin/departments', { name: 'Sales' }, '/admin/departments')).status).toBe(303);
    await hr.submit('/admin/departments', { name: 'Finance' }, '/admin/departments');
    const dup = await hr.submit('/admin/departments', { name: 'Sales' }, '/admin/departments');
    expect(dup.status).toBe(400);
    expect(dup.text).toContain('A department with this name exists already');
    expect(dup.text).toContain('value="Sales"');
    const search = await hr.agent.get('/admin/departments?q=fin');
    expect(search.text).toContain('Finance');
    expect(search.text).not.toContain('>Sales<');

    const team = await hr.submit('/admin/teams', { name: 'Jakarta', department: 'Sales', managerEmail: people.manager.email }, '/admin/teams');
    expect(team.status).toBe(303);
    const row = await t.ctx.db.team.findFirstOrThrow({ where: { name: 'Jakarta' }, include: { department: true } });
    expect(row.department.name).toBe('Sales');
    expect(row.managerId).toBe(people.manager.id);
    const bad = await hr.submit('/admin/teams', { name: 'Bandung', department: '', managerEmail: 'nobody@acme.test' }, '/admin/teams');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Choose a department');
    expect(bad.text).toContain('value="Bandung"');

    const sales = await t.ctx.db.department.findUniqueOrThrow({ where: { name: 'Sales' } });
    expect((await hr.submit(`/admin/departments/${sales.id}`, { name: 'Sales & Marketing' }, `/admin/departments/${sales.id}`)).status).toBe(303);
    expect((await hr.agent.get('/admin/teams?q=marketing')).text).toContain('Jakarta');
  });
});

describe('employees', () => {
  const fields = { name: 'Rina Wijaya', email: 'Rina@Acme.test', teamId: '', managerEmail: '', role: 'employee', startDate: '2025-03-01', locale: 'id', timeZone: 'Asia/Jakarta' };

  it('creates a person from the form and edits them', async () => {
    const res = await hr.submit('/admin/employees', { ...fields, teamId: people.team.id, managerEmail: people.manager.email }, '/admin/employees/new');
    expect(res.status).toBe(303);
    const rina = await t.ctx.db.employee.findUniqueOrThrow({ where: { email: 'rina@acme.test' } });
    expect(res.headers.location).toBe(`/admin/employees/${rina.id}?saved=1`);
    expect(rina).toMatchObject({ teamId: people.team.id, managerId: people.manager.id, locale: 'id', timeZone: 'Asia/Jakarta', startDate: '2025-03-01' });
    const page = await hr.agent.get(`/admin/employees/${rina.id}`);
    expect(page.text).toContain('value="rina@acme.test"');

    await hr.submit(`/admin/employees/${rina.id}`, { ...fields, email: 'rina.w@acme.test', role: 'manager' }, `/admin/employees/${rina.id}`);
    const after = await t.ctx.db.employee.findUniqueOrThrow({ where: { id: rina.id } });
    expect(after).toMatchObject({ email: 'rina.w@acme.test', role: 'manager', teamId: null, managerId: null });
    const list = await hr.agent.get('/admin/employees?q=rina');
    expect(list.text).toContain('Rina Wijaya');
    expect(list.text).not.toContain('Eka Employee');
  });

  it('shows each field error next to its field and keeps what was typed', async () => {
    const res = await hr.submit('/admin/employees', { ...fields, email: 'not-an-email', startDate: '2025-02-30', timeZone: 'Mars/Olympus' }, '/admin/employees/new');
    expect(res.status).toBe(400);
    expect(res.text).toContain('id="email-error"');
    expect(res.text).toContain('Enter a valid email address');
    expect(res.text).toContain('Not a real date');
    expect(res.text).toContain('Use a time zone name such as Asia/Jakarta');
    expect(res.text).toContain('value="Rina Wijaya"');
    expect(res.text).toContain('value="not-an-email"');
    expect(res.text).toContain('value="Mars/Olympus"');
    const taken = await hr.submit('/admin/employees', { ...fields, email: people.employee.email }, '/admin/employees/new');
    expect(taken.status).toBe(400);
    expect(taken.text).toContain('Someone already has this email address');
  });

  it('deactivates a leaver, ending their sessions at once, and can reactivate them', async () => {
    const eka = await signedInBrowser(t.app, people.employee.email);
    expect((await eka.agent.get('/')).status).toBe(200);
    const res = await hr.submit(`/admin/employees/${people.employee.id}/deactivate`, {}, `/admin/employees/${people.employee.id}`);
    expect(res.status).toBe(303);
    expect(await t.ctx.db.session.count({ where: { employeeId: people.employee.id } })).toBe(0);
    expect((await eka.agent.get('/').set('Accept', 'text/html')).headers.location).toMatch(/^\/login/);
    expect((await hr.agent.get('/admin/employees')).text).not.toContain('Eka Employee');
    expect((await hr.agent.get('/admin/employees?status=inactive')).text).toContain('Eka Employee');
    expect((await t.ctx.db.employee.findUniqueOrThrow({ where: { id: people.employee.id } })).deactivatedAt).not.toBeNull();

    await hr.submit(`/admin/employees/${people.employee.id}/reactivate`, {}, `/admin/employees/${people.employee.id}`);
    const back = await t.ctx.db.employee.findUniqueOrThrow({ where: { id: people.employee.id } });
    expect(back).toMatchObject({ active: true, deactivatedAt: null });
    expect((await signedInBrowser(t.app, people.employee.email)).agent).toBeDefined();
  });

  it('does not let an HR admin deactivate themselves', async () => {
    const csrf = await hr.csrf(`/admin/employees/${people.admin.id}`);
    const res = await hr.agent.post(`/admin/employees/${people.admin.id}/deactivate`).type('form').send({ _csrf: csrf });
    expect(res.status).toBe(403);
    expect((await t.ctx.db.employee.findUniqueOrThrow({ where: { id: people.admin.id } })).active).toBe(true);
  });

  it('pages through a long directory', async () => {
    for (let i = 0; i < 52; i++) await buildEmployee(t.ctx.db, { name: `Zz Person ${String(i).padStart(2, '0')}` });
    const first = await hr.agent.get('/admin/employees?q=zz');
    expect(first.text).toContain('Page 1 of 2');
    const second = await hr.agent.get('/admin/employees?q=zz&page=2');
    expect(second.text).toContain('Zz Person 51');
    expect(second.text).not.toContain('Zz Person 00');
  });
});
