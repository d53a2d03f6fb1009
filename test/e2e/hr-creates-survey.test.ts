import { buildOrg } from '../factories';
import { TEST_PASSWORD } from '../helpers/sign-in';
import { signInWithPassword, startE2E, type E2E } from './harness';

let e: E2E;
let adminEmail: string;
beforeAll(async () => {
  e = await startE2E('hr-creates-survey');
  adminEmail = (await buildOrg(e.ctx.db)).admin.email;
});
afterAll(() => e?.close());

describe('HR creates a survey', () => {
  it('goes from the survey list to a new survey, is told what is missing, and saves it', async () => {
    const page = await e.page('laptop');
    await signInWithPassword(e, page, adminEmail, TEST_PASSWORD);
    await page.getByRole('link', { name: 'Surveys' }).click();
    await page.waitForURL(e.url('/admin/surveys'));
    await e.step(page, 'survey-list');

    await page.goto(e.url('/admin/surveys/new'));
    await e.step(page, 'new-survey');
    await page.getByRole('button', { name: 'Save survey' }).first().click();
    await expect(page.getByRole('alert').isVisible()).resolves.toBe(true);
    await e.step(page, 'new-survey-errors');

    await page.getByLabel('Title', { exact: true }).fill('Monday pulse');
    await page.locator('select[name$="[kind]"]').first().selectOption('enps');
    await page.locator('input[name$="[text]"]').first().fill('How likely are you to recommend Acme as a place to work?');
    await page.getByRole('button', { name: 'Save survey' }).first().click();
    await page.waitForURL(/\/admin\/surveys\/[^/]+\?saved=1$/);
    await expect(page.getByRole('status').textContent()).resolves.toBe('The survey is saved.');
    await e.step(page, 'saved');
    expect(await e.ctx.db.survey.count({ where: { title: 'Monday pulse' } })).toBe(1);
  });
});
