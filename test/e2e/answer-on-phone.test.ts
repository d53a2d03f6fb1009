import type { Page } from 'playwright-core';
import { buildEmployee, buildOrg } from '../factories';
import { buildSurvey } from '../factories/surveys';
import { openRoundNow } from '../../server/domain/rounds/open-round.service';
import { linkIn, startE2E, type E2E } from './harness';

let e: E2E;
beforeAll(async () => {
  e = await startE2E('answer-on-phone');
  await buildOrg(e.ctx.db, { companyName: 'Acme Sales' });
  await buildEmployee(e.ctx.db, { email: 'rina@acme.test', name: 'Rina Putri', locale: 'id' });
  await buildEmployee(e.ctx.db, { email: 'tom@acme.test', name: 'Tom Lee', locale: 'en' });
  const survey = await buildSurvey(e.ctx.db, { title: 'Weekly pulse' });
  await openRoundNow(e.ctx, survey.id, { audience: { kind: 'company', ids: [] }, windowDays: 5, reminderCount: 0 });
});
afterAll(() => e?.close());

/** Picks the first choice of every choice question and writes in every comment box. */
async function answerEverything(page: Page): Promise<void> {
  for (const fieldset of await page.locator('form fieldset').all()) {
    const choice = fieldset.locator('input[type=radio], input[type=checkbox]').first();
    if (await choice.count()) await choice.check();
    const box = fieldset.locator('textarea');
    if (await box.count()) await box.fill('More quiet time for deep work, please.');
  }
}

describe('an employee answers the emailed survey link on a phone', () => {
  it('opens the link from the email in their own language, cannot send it empty, then sends the answers once', async () => {
    const mail = await e.mailTo('rina@acme.test');
    const link = linkIn(mail, `${e.baseUrl}/s/`);
    const page = await e.page('phone');

    await page.goto(link);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('id');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Weekly pulse');
    // What has no Indonesian version says so: the title as HR wrote it, untranslated questions marked.
    await expect(page.getByRole('note').filter({ hasText: 'Judul dan pengantar survei ditampilkan sebagaimana ditulis oleh HR' }).count()).resolves.toBe(1);
    const questions = await page.locator('form fieldset').count();
    const marked = await page.locator('form fieldset', { hasText: 'Ditampilkan dalam bahasa Inggris: belum diterjemahkan.' }).count();
    const english = await page.locator('form fieldset legend span[lang="en"]').count();
    expect(marked).toBeGreaterThanOrEqual(english);
    expect(marked).toBeLessThan(questions); // the eNPS question has its Indonesian wording
    await e.step(page, 'form');

    // Required questions are marked in the markup, so the phone's browser stops an empty form before it is sent.
    await page.locator('form button[type=submit]').click();
    await expect(page.locator('form').evaluate((f) => (f as HTMLFormElement).checkValidity())).resolves.toBe(false);
    await expect(page.locator('fieldset :invalid').first().evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    expect(await e.ctx.db.response.count()).toBe(0);

    await answerEverything(page);
    await e.step(page, 'filled');
    await page.locator('form button[type=submit]').click();
    await page.waitForLoadState();
    expect(await page.locator('form fieldset').count()).toBe(0);
    await e.step(page, 'thanks');
    expect(await e.ctx.db.sealedResponse.count()).toBe(1); // sealed until the round closes and its answers are released

    const again = await page.goto(link);
    expect(again?.status()).toBe(200);
    expect(await page.locator('form fieldset').count()).toBe(0);
    await e.step(page, 'already-answered');
  });

  it('switches the answer page to English', async () => {
    const link = linkIn(await e.mailTo('tom@acme.test'), `${e.baseUrl}/s/`);
    const page = await e.page('phone');
    await page.goto(`${link}?lang=id`);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('id');
    await page.getByRole('link', { name: 'English' }).click();
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
  });

  it('shows a translated survey wholly in Bahasa Indonesia: title, intro and options, with no "not translated" note', async () => {
    const survey = await buildSurvey(e.ctx.db, {
      title: 'Monthly pulse',
      titleId: 'Denyut bulanan',
      intro: 'Two minutes, every month.',
      introId: 'Dua menit, setiap bulan.',
      questions: [
        { kind: 'single', text: 'Where did you work most?', textId: 'Di mana Anda paling banyak bekerja?', options: ['Office', 'Home', 'On the road'], optionsId: ['Kantor', 'Rumah', 'Di perjalanan'] },
      ],
    });
    await openRoundNow(e.ctx, survey.id, { audience: { kind: 'company', ids: [] }, windowDays: 5, reminderCount: 0 });
    const mail = await e.mailTo('rina@acme.test');
    expect(mail.subject).toContain('Denyut bulanan');
    expect(mail.raw).toContain('Dua menit, setiap bulan.');
    const page = await e.page('phone');
    await page.goto(linkIn(mail, `${e.baseUrl}/s/`));
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Denyut bulanan');
    await expect(page.getByText('Dua menit, setiap bulan.').isVisible()).resolves.toBe(true);
    await expect(page.getByLabel('Di perjalanan').isVisible()).resolves.toBe(true);
    await expect(page.getByText('belum diterjemahkan').count()).resolves.toBe(0);
    await expect(page.getByText('On the road').count()).resolves.toBe(0);
    await e.step(page, 'translated-id');
    await page.getByLabel('Rumah').check();
    await page.locator('form button[type=submit]').click();
    await page.waitForLoadState();
    expect(await page.locator('form fieldset').count()).toBe(0);
  });
});
