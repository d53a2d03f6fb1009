import { buildOrg } from '../factories';
import { TEST_PASSWORD } from '../helpers/sign-in';
import { signInWithPassword, startE2E, type E2E } from './harness';

let e: E2E;
let adminEmail: string;
beforeAll(async () => {
  e = await startE2E('hr-imports-employees');
  adminEmail = (await buildOrg(e.ctx.db)).admin.email;
});
afterAll(() => e?.close());

const BAD_CSV = ['email,name,department,team,role', 'dewi@acme.test,Dewi Lestari,Sales,Jakarta,manager', 'not-an-email,Andi,Sales,Jakarta,employee'].join('\n');
const GOOD_CSV = ['email,name,department,team,role', 'dewi@acme.test,Dewi Lestari,Sales,Jakarta,manager', 'andi@acme.test,Andi Pratama,Sales,Jakarta,employee'].join('\n');

describe('HR imports employees', () => {
  it('pastes a CSV from home, sees the bad line, fixes it, previews and imports', async () => {
    const page = await e.page('laptop');
    await signInWithPassword(e, page, adminEmail, TEST_PASSWORD);
    await page.getByRole('link', { name: 'Import your people' }).click();
    await page.waitForURL(e.url('/admin/employees/import'));
    await e.step(page, 'import-form');

    await page.getByLabel('CSV contents').fill(BAD_CSV);
    await page.getByRole('button', { name: 'Check the file' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('Nothing will be imported');
    await expect(page.locator('tr.import-error').first().textContent()).resolves.toContain('3');
    await e.step(page, 'preview-with-errors');
    expect(await page.getByRole('button', { name: 'Import', exact: true }).count()).toBe(0);

    await page.getByLabel('CSV contents').fill(GOOD_CSV);
    await page.getByRole('button', { name: 'Check the file' }).click();
    await expect(page.getByText('2 new people would be added').count()).resolves.toBe(1);
    await e.step(page, 'preview-ok');
    expect(await e.ctx.db.employee.count()).toBe(1);

    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(page.getByRole('status').textContent()).resolves.toBe('Import finished.');
    await e.step(page, 'imported');
    expect(await e.ctx.db.employee.count({ where: { email: { in: ['dewi@acme.test', 'andi@acme.test'] } } })).toBe(2);

    await page.getByRole('link', { name: 'See the directory' }).click();
    await page.waitForURL(/\/admin\/employees/);
    await expect(page.getByText('Andi Pratama').count()).resolves.toBeGreaterThan(0);
    await e.step(page, 'directory');
  });
});
