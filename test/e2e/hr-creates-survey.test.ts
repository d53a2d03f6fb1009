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
    // The next step is offered.
    await expect(page.getByRole('link', { name: 'Schedule it' }).isVisible()).resolves.toBe(true);
  });

  it('adds, removes and reorders questions without reloading, showing only the fields each kind uses', async () => {
    const page = await e.page('laptop');
    await signInWithPassword(e, page, adminEmail, TEST_PASSWORD);
    await page.goto(e.url('/admin/surveys/new'));
    await page.evaluate(() => ((window as unknown as { stayedHere: boolean }).stayedHere = true));
    await page.getByLabel('Title', { exact: true }).fill('Ordered pulse');
    await page.getByLabel('Title in Bahasa Indonesia (optional)').fill('Denyut berurutan');
    const q = (n: number) => page.locator('fieldset.question').nth(n);
    await q(0).getByLabel('Kind of question').selectOption('rating');
    await q(0).getByLabel('Question (English)').fill('I have the tools I need');
    await expect(q(0).getByLabel('Options', { exact: true }).isVisible()).resolves.toBe(false);

    await page.getByRole('button', { name: 'Add another question' }).click();
    await q(1).getByLabel('Kind of question').selectOption('single');
    await expect(q(1).getByLabel('Options', { exact: true }).isVisible()).resolves.toBe(true);
    await q(1).getByLabel('Question (English)').fill('Where do you work most?');
    await q(1).getByLabel('Options', { exact: true }).fill('Office\nHome');
    await q(1).getByLabel('Options in Bahasa Indonesia', { exact: false }).fill('Kantor\nRumah');

    await page.getByRole('button', { name: 'Add another question' }).click();
    await q(2).getByLabel('Kind of question').selectOption('comment');
    await expect(q(2).getByLabel('An answer is required').isChecked()).resolves.toBe(false);
    await q(2).getByLabel('Question (English)').fill('Anything else?');
    await page.getByRole('button', { name: 'Add another question' }).click();
    await expect(page.locator('fieldset.question').count()).resolves.toBe(4);
    await page.getByRole('button', { name: 'Remove question 4' }).click();
    await expect(page.locator('fieldset.question').count()).resolves.toBe(3);
    // The comment moves to the top.
    await page.getByRole('button', { name: 'Move question 3 up' }).click();
    await page.getByRole('button', { name: 'Move question 2 up' }).click();
    await expect(q(0).locator('legend').textContent()).resolves.toBe('Question 1');
    await expect(page.locator('#editor-status').textContent()).resolves.toBe('Moved: now question 1.');
    await e.step(page, 'editor-in-place');
    await expect(page.evaluate(() => (window as unknown as { stayedHere?: boolean }).stayedHere)).resolves.toBe(true);

    await page.getByRole('button', { name: 'Save survey' }).first().click();
    await page.waitForURL(/\/admin\/surveys\/[^/]+\?saved=1$/);
    const survey = await e.ctx.db.survey.findFirstOrThrow({ where: { title: 'Ordered pulse' }, include: { questions: { orderBy: { position: 'asc' } } } });
    expect(survey.questions.map((x) => [x.kind, x.text, x.required])).toEqual([
      ['comment', 'Anything else?', false],
      ['rating', 'I have the tools I need', true],
      ['single', 'Where do you work most?', true],
    ]);
    expect(survey.titleId).toBe('Denyut berurutan');
    expect(JSON.parse(survey.questions[2].optionsId!)).toEqual(['Kantor', 'Rumah']);
    await page.getByRole('link', { name: 'Schedule it' }).click();
    await page.waitForURL(/\/schedule$/);
  });

  it('works the same in Bahasa Indonesia on a phone', async () => {
    await e.ctx.db.employee.updateMany({ where: { email: adminEmail }, data: { locale: 'id' } });
    const page = await e.page('phone');
    await signInWithPassword(e, page, adminEmail, TEST_PASSWORD);
    await page.goto(e.url('/admin/surveys/new?lang=id'));
    await page.locator('fieldset.question').first().getByLabel('Jenis pertanyaan').selectOption('enps');
    await page.getByRole('button', { name: 'Tambah pertanyaan lain' }).click();
    await expect(page.locator('fieldset.question').count()).resolves.toBe(2);
    await expect(page.getByRole('button', { name: 'Turunkan pertanyaan 1' }).count()).resolves.toBe(1);
    await e.step(page, 'editor-id');
  });
});
