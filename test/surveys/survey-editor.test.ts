import { startTestApp, type Browser, type TestApp } from '../helpers/test-app';
import { signedInBrowser } from '../helpers/sign-in';
import { buildEmployee, buildOrg } from '../factories';
import { untranslatedQuestions } from '../../server/domain/surveys/language-gaps';

let t: TestApp;
let hr: Browser;
beforeEach(async () => {
  t = await startTestApp();
  const { admin } = await buildOrg(t.ctx.db, { companyName: 'Acme' });
  hr = await signedInBrowser(t.app, admin.email);
});
afterEach(() => t.close());

type Q = { kind: string; text?: string; textId?: string; options?: string; required?: boolean; enpsScale?: string };

/** The editor form's fields for these question slots, as a browser posts them. */
function form(title: string, questions: Q[], extra: Record<string, string | string[]> = {}) {
  const fields: Record<string, string | string[]> = { title, intro: '', ...extra };
  questions.forEach((q, i) => {
    fields[`q[${i}][kind]`] = q.kind;
    fields[`q[${i}][text]`] = q.text ?? '';
    fields[`q[${i}][textId]`] = q.textId ?? '';
    fields[`q[${i}][options]`] = q.options ?? '';
    fields[`q[${i}][enpsScale]`] = q.enpsScale ?? '1-10';
    if (q.required !== false) fields[`q[${i}][required]`] = '1';
  });
  return fields;
}

const ratings = (n: number): Q[] => Array.from({ length: n }, (_, i) => ({ kind: 'rating', text: `Statement ${i + 1}` }));

describe('the survey editor', () => {
  it('creates a survey with every kind of question, ignoring empty slots', async () => {
    const res = await hr.submit(
      '/admin/surveys',
      form('Weekly pulse', [
        { kind: 'enps' },
        { kind: 'rating', text: 'My workload is manageable.', textId: 'Beban kerja saya dapat dikelola.' },
        { kind: '', text: '' },
        { kind: 'single', text: 'How was your week?', options: 'Good\nOkay\r\nBad\n\n' },
        { kind: 'multi', text: 'What helps?', options: 'Coaching\nTraining', required: false },
        { kind: 'comment', text: 'Anything else?', required: false },
      ]),
      '/admin/surveys/new',
    );
    expect(res.status).toBe(303);
    const id = /\/admin\/surveys\/([^?]+)\?saved=1/.exec(res.headers.location)![1];
    const questions = await t.ctx.db.surveyQuestion.findMany({ where: { surveyId: id }, orderBy: { position: 'asc' } });
    expect(questions.map((q) => q.kind)).toEqual(['enps', 'rating', 'single', 'multi', 'comment']);
    expect(questions[0].text).toBe('How likely are you to recommend Acme as a place to work?');
    expect(questions[0].textId).toContain('Acme');
    expect(questions[1].textId).toBe('Beban kerja saya dapat dikelola.');
    expect(JSON.parse(questions[2].options)).toEqual(['Good', 'Okay', 'Bad']);
    expect(questions.map((q) => q.required)).toEqual([true, true, true, false, false]);

    const page = await hr.agent.get(res.headers.location);
    expect(page.status).toBe(200);
    expect(page.text).toContain('The survey is saved.');
    expect(page.text).toContain('value="How was your week?"');
  });

  it('edits a survey: title and questions are replaced', async () => {
    const created = await hr.submit('/admin/surveys', form('First', ratings(3)), '/admin/surveys/new');
    const path = created.headers.location.split('?')[0];
    const res = await hr.submit(path, form('Renamed', [{ kind: 'comment', text: 'What should we change?' }]), path);
    expect(res.status).toBe(303);
    const id = path.split('/').pop()!;
    const survey = await t.ctx.db.survey.findUniqueOrThrow({ where: { id }, include: { questions: true } });
    expect(survey.title).toBe('Renamed');
    expect(survey.questions.map((q) => q.text)).toEqual(['What should we change?']);
  });

  it('refuses an 11th question, keeping what was typed', async () => {
    const res = await hr.submit('/admin/surveys', form('Too long', ratings(11)), '/admin/surveys/new');
    expect(res.status).toBe(400);
    expect(res.text).toContain('A pulse survey has at most 10 questions');
    expect(res.text).toContain('value="Too long"');
    expect(res.text).toContain('value="Statement 11"');
    expect(await t.ctx.db.survey.count()).toBe(0);
  });

  it('refuses to add an 11th question slot with the add button', async () => {
    const res = await hr.submit('/admin/surveys', form('Full', ratings(10), { action: 'add' }), '/admin/surveys/new');
    expect(res.status).toBe(400);
    expect(res.text).toContain('A pulse survey has at most 10 questions');
    const ok = await hr.submit('/admin/surveys', form('Room', ratings(2), { action: 'add' }), '/admin/surveys/new');
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('name="q[2][kind]"');
    expect(await t.ctx.db.survey.count()).toBe(0);
  });

  it('removes a question slot without saving', async () => {
    const res = await hr.submit('/admin/surveys', form('Draft', ratings(3), { action: 'remove:1' }), '/admin/surveys/new');
    expect(res.status).toBe(200);
    expect(res.text).toContain('value="Statement 1"');
    expect(res.text).not.toContain('value="Statement 2"');
    expect(res.text).toContain('value="Statement 3"');
    expect(await t.ctx.db.survey.count()).toBe(0);
  });

  it('refuses a second eNPS question and says which question it is', async () => {
    const res = await hr.submit('/admin/surveys', form('Two scores', [{ kind: 'enps' }, { kind: 'rating', text: 'Fine?' }, { kind: 'enps', text: 'Again?' }]), '/admin/surveys/new');
    expect(res.status).toBe(400);
    expect(res.text).toContain('Question 3: A survey has at most one eNPS question');
  });

  it('needs at least two options for a multiple-choice question', async () => {
    const res = await hr.submit(
      '/admin/surveys',
      form('Choices', [{ kind: 'rating', text: 'A' }, { kind: 'rating', text: 'B' }, { kind: 'multi', text: 'Pick some', options: 'Only one' }]),
      '/admin/surveys/new',
    );
    expect(res.status).toBe(400);
    expect(res.text).toContain('Question 3: Add at least two options');
    expect(res.text).toContain('Only one</textarea>');
  });

  it('shows its messages in Bahasa Indonesia', async () => {
    const res = await hr.agent
      .post('/admin/surveys?lang=id')
      .type('form')
      .send({ ...form('Pilihan', [{ kind: 'single', text: 'Pilih', options: 'Satu' }]), _csrf: await hr.csrf('/admin/surveys/new') });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Pertanyaan 1: Tambahkan setidaknya dua pilihan jawaban');
  });

  it('adds chosen questions from the question bank, in both languages, ready to edit', async () => {
    const picker = await hr.agent.get('/admin/surveys/new?from=bank');
    expect(picker.status).toBe(200);
    expect(picker.text).toContain('value="manager-support"');
    const res = await hr.submit('/admin/surveys', { title: 'From the bank', intro: '', action: 'bank', bank: ['enps', 'manager-support', 'workload-week'] }, '/admin/surveys/new');
    expect(res.status).toBe(200);
    expect(res.text).toContain('value="My manager supports me when I need help."');
    expect(res.text).toContain('value="Atasan saya mendukung saya ketika saya membutuhkan bantuan."');
    expect(res.text).toContain('Too light\nAbout right\nToo heavy</textarea>');
  });
});

describe('the editor warns about what Indonesian readers would see in English', () => {
  it('names the questions without Indonesian wording or with one-language options (pure)', () => {
    const q = (kind: string, text: string, textId = '', optionsText = '', optionsIdText = '') => ({ kind, text, textId, optionsText, optionsIdText });
    expect(untranslatedQuestions([q('enps', ''), q('rating', 'Tools', 'Alat'), q('', ''), q('rating', 'Workload'), q('single', 'Where?', 'Di mana?', 'Office\nHome')])).toEqual([4, 5]);
    expect(untranslatedQuestions([q('enps', ''), q('rating', 'Tools', 'Alat')])).toEqual([]);
    // Options count as translated only when the Indonesian list has as many lines as the English one.
    expect(untranslatedQuestions([q('single', 'Where?', 'Di mana?', 'Office\nHome', 'Kantor\nRumah')])).toEqual([]);
    expect(untranslatedQuestions([q('single', 'Where?', 'Di mana?', 'Office\nHome', 'Kantor')])).toEqual([1]);
  });

  it('shows the warning only when the audience holds Indonesian readers', async () => {
    const created = await hr.submit('/admin/surveys', form('Weekly pulse', [{ kind: 'enps' }, { kind: 'rating', text: 'My workload is manageable.' }]));
    const editor = String(created.headers.location).replace(/\?.*$/, '');
    expect((await hr.agent.get(editor)).text).not.toContain('id="language-gap"');
    await buildEmployee(t.ctx.db, { locale: 'id' });
    const en = (await hr.agent.get(editor)).text;
    expect(en).toContain('1 person who reads Bahasa Indonesia is in this survey’s audience.');
    expect(en).toContain('marked “not yet translated”: 2.');
    const id = (await hr.agent.get(`${editor}?lang=id`)).text;
    expect(id).toContain('1 orang pembaca Bahasa Indonesia ada dalam audiens survei ini.');
    expect(id).toContain('dengan tanda “belum diterjemahkan”: 2.');
  });
});
