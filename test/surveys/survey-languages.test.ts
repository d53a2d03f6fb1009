/**
 * Surveys in English and Bahasa Indonesia: the title, intro and choice options have an Indonesian wording too.
 * The editor and the API take it (the Indonesian options as many as the English), a round copies it, and an
 * Indonesian invitee reads it on the answer page and in the invitation (at a real SMTP server); a part without it
 * is shown in English and marked "not yet translated", never silently.
 */
import request from 'supertest';
import { fixedClock, startTestApp, type Browser, type TestApp } from '../helpers/test-app';
import { sessionBrowser, signedInBrowser } from '../helpers/sign-in';
import { startSmtpServer, type TestSmtp } from '../helpers/smtp-server';
import { smtpTransport, type MailTransport } from '../../server/domain/email/transport';
import { drainOutbox } from '../../server/domain/email/sender.service';
import { sendDueReminders } from '../../server/domain/rounds/reminders.service';
import { createApiToken } from '../../server/domain/api-tokens/api-tokens.service';
import { buildEmployee, buildOrg } from '../factories';
import { openTestRound } from '../rounds/round-helpers';
import type { QuestionOverrides } from '../factories/surveys';
import { optionsIn, wordIn } from '../../server/domain/surveys/survey-wording';
import { presentQuestion } from '../../server/domain/results/presenter';
import type { ReportQuestion } from '../../server/domain/results/round-report';

const clock = fixedClock('2026-03-02T09:00:00Z');
let t: TestApp;
afterEach(() => t?.close());

const WHERE: QuestionOverrides = {
  kind: 'single',
  text: 'Where did you work most this week?',
  textId: 'Di mana Anda paling banyak bekerja minggu ini?',
  options: ['Office', 'Home', 'On the road'],
  optionsId: ['Kantor', 'Rumah', 'Di perjalanan'],
};
const TRANSLATED = { intro: 'Two minutes, every month.', titleId: 'Denyut bulanan', introId: 'Dua menit, setiap bulan.', questions: [WHERE] };
const NOT_YET = 'Ditampilkan dalam bahasa Inggris: belum diterjemahkan.';
const SURVEY_NOT_YET = 'Judul dan pengantar survei ditampilkan sebagaimana ditulis oleh HR';

describe('the editor and the API take the Indonesian title, intro and options', () => {
  let hr: Browser;
  let bearer: string;
  beforeEach(async () => {
    t = await startTestApp();
    const { admin } = await buildOrg(t.ctx.db, { companyName: 'Acme' });
    hr = await signedInBrowser(t.app, admin.email);
    bearer = `Bearer ${(await createApiToken(t.ctx, { name: 'HRIS' }, admin.id)).token}`;
  });

  const fields = (optionsId: string) => ({
    title: 'Monthly pulse',
    intro: 'Two minutes.',
    titleId: 'Denyut bulanan',
    introId: 'Dua menit.',
    'q[0][kind]': 'single',
    'q[0][text]': 'Where did you work?',
    'q[0][textId]': 'Di mana Anda bekerja?',
    'q[0][options]': 'Office\nHome\nOn the road',
    'q[0][optionsId]': optionsId,
    'q[0][required]': '1',
  });

  it('saves them from the editor and shows them again', async () => {
    const saved = await hr.submit('/admin/surveys', fields('Kantor\nRumah\nDi perjalanan'), '/admin/surveys/new');
    expect(saved.status).toBe(303);
    const page = (await hr.agent.get(String(saved.headers.location))).text;
    expect(page).toContain('value="Denyut bulanan"');
    expect(page).toContain('Dua menit.</textarea>');
    expect(page).toContain('Kantor\nRumah\nDi perjalanan</textarea>');
    const stored = await t.ctx.db.survey.findFirstOrThrow({ include: { questions: true } });
    expect(stored).toMatchObject({ titleId: 'Denyut bulanan', introId: 'Dua menit.' });
    expect(JSON.parse(stored.questions[0].optionsId!)).toEqual(['Kantor', 'Rumah', 'Di perjalanan']);
  });

  it('refuses Indonesian options that are not as many as the English ones, naming the field in the reader’s language', async () => {
    const en = await hr.submit('/admin/surveys', fields('Kantor\nRumah'), '/admin/surveys/new');
    expect(en.status).toBe(400);
    expect(en.text).toContain('Question 1: The options in Bahasa Indonesia must be as many as the English options, in the same order');
    expect(en.text).toContain('id="q0-optionsId-error"');
    expect(en.text).toContain('Kantor\nRumah</textarea>');
    const id = await hr.agent
      .post('/admin/surveys?lang=id')
      .type('form')
      .send({ ...fields('Kantor'), _csrf: await hr.csrf('/admin/surveys/new') });
    expect(id.status).toBe(400);
    expect(id.text).toContain('Pertanyaan 1: Jumlah pilihan dalam Bahasa Indonesia harus sama dengan jumlah pilihan bahasa Inggris');
    expect(await t.ctx.db.survey.count()).toBe(0);
  });

  it('warns about an untranslated title or intro when the audience reads Bahasa Indonesia', async () => {
    await buildEmployee(t.ctx.db, { locale: 'id' });
    const saved = await hr.submit('/admin/surveys', { ...fields('Kantor\nRumah\nDi perjalanan'), titleId: '' }, '/admin/surveys/new');
    const editor = String(saved.headers.location).replace(/\?.*$/, '');
    const en = (await hr.agent.get(editor)).text;
    expect(en).toContain('1 person who reads Bahasa Indonesia is in this survey’s audience. The title or introduction has no Indonesian wording');
    expect((await hr.agent.get(`${editor}?lang=id`)).text).toContain('Judul atau pengantar survei belum memiliki teks bahasa Indonesia');
    // Fully translated: no warning.
    const version = /name="version" value="(\d+)"/.exec(en)![1];
    expect((await hr.submit(editor, { ...fields('Kantor\nRumah\nDi perjalanan'), version }, editor)).status).toBe(303);
    expect((await hr.agent.get(editor)).text).not.toContain('id="language-gap"');
  });

  it('round-trips them through the JSON API and refuses mismatched counts with 400', async () => {
    const body = {
      title: 'Monthly pulse',
      titleId: 'Denyut bulanan',
      intro: 'Hi',
      introId: 'Halo',
      questions: [{ kind: 'single', text: 'Where?', textId: 'Di mana?', options: ['Office', 'Home'], optionsId: ['Kantor', 'Rumah'] }],
    };
    const created = await request(t.app).post('/api/v1/surveys').set('Authorization', bearer).send(body);
    expect(created.status).toBe(201);
    const got = await request(t.app).get(`/api/v1/surveys/${created.body.id}`).set('Authorization', bearer);
    expect(got.body).toMatchObject({ title: 'Monthly pulse', titleId: 'Denyut bulanan', intro: 'Hi', introId: 'Halo', questions: [{ options: ['Office', 'Home'], optionsId: ['Kantor', 'Rumah'] }] });
    const plain = await request(t.app).post('/api/v1/surveys').set('Authorization', bearer).send({ title: 'English only', questions: [{ kind: 'rating', text: 'Fine?' }] });
    expect(plain.body).toMatchObject({ titleId: null, introId: null, questions: [{ optionsId: null }] });
    const bad = await request(t.app)
      .post('/api/v1/surveys')
      .set('Authorization', bearer)
      .send({ ...body, questions: [{ ...body.questions[0], optionsId: ['Kantor'] }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues).toContainEqual({ path: ['questions', 0, 'optionsId'], message: 'The options in Bahasa Indonesia must be as many as the English options, in the same order' });
  });

  it('gives the question bank’s own options in Bahasa Indonesia', async () => {
    const res = await hr.submit('/admin/surveys', { title: 'From the bank', intro: '', action: 'bank', bank: ['workload-week'] }, '/admin/surveys/new');
    expect(res.text).toContain('Terlalu ringan\nPas\nTerlalu berat</textarea>');
  });
});

describe('an invitee reads the survey in their language', () => {
  async function round(o: Parameters<typeof openTestRound>[1] = TRANSLATED) {
    clock.set('2026-03-02T09:00:00Z');
    t = await startTestApp({ clock });
    await buildOrg(t.ctx.db);
    const ani = await buildEmployee(t.ctx.db, { email: 'ani@example.com', locale: 'id', timeZone: 'Asia/Jakarta' });
    const ben = await buildEmployee(t.ctx.db, { email: 'ben@example.com', locale: 'en' });
    const opened = await openTestRound(t.ctx, o);
    return { ...opened, ani: opened.links.get(ani.id)!, ben: opened.links.get(ben.id)! };
  }

  it('copies the Indonesian wording into the round', async () => {
    const { roundId } = await round();
    const stored = await t.ctx.db.round.findUniqueOrThrow({ where: { id: roundId }, include: { questions: true } });
    expect(stored).toMatchObject({ titleId: 'Denyut bulanan', introId: 'Dua menit, setiap bulan.' });
    expect(JSON.parse(stored.questions[0].optionsId!)).toEqual(['Kantor', 'Rumah', 'Di perjalanan']);
  });

  it('shows an Indonesian invitee the Indonesian title, intro and options, and an English one the English', async () => {
    const { ani, ben } = await round();
    const id = (await request(t.app).get(ani)).text;
    expect(id).toContain('<h1 lang="id">Denyut bulanan</h1>');
    expect(id).toContain('<p lang="id">Dua menit, setiap bulan.</p>');
    expect(id).toMatch(/value="0"[^>]*>Kantor<\/label>/);
    expect(id).toMatch(/value="2"[^>]*>Di perjalanan<\/label>/);
    expect(id).not.toContain('Weekly pulse');
    expect(id).not.toContain('On the road');
    expect(id).not.toContain(NOT_YET);
    expect(id).not.toContain(SURVEY_NOT_YET);
    const en = (await request(t.app).get(ben)).text;
    expect(en).toContain('<h1 lang="en">Weekly pulse</h1>');
    expect(en).toContain('Two minutes, every month.');
    expect(en).toMatch(/value="2"[^>]*>On the road<\/label>/);
    expect(en).not.toContain('Kantor');
    // The answer stores the English label, whichever language it was chosen in.
    expect((await request(t.app).post(ani).type('form').send({ q1: '2' })).status).toBe(200);
  });

  it('titles the waiting survey on the home page in the person’s language', async () => {
    await round();
    const [ani, ben] = await Promise.all(['ani@example.com', 'ben@example.com'].map((email) => t.ctx.db.employee.findFirstOrThrow({ where: { email } })));
    const idHome = (await (await sessionBrowser(t.ctx, t.app, ani.id)).agent.get('/')).text;
    expect(idHome).toContain('Denyut bulanan');
    expect(idHome).not.toContain('Weekly pulse');
    expect((await (await sessionBrowser(t.ctx, t.app, ben.id)).agent.get('/')).text).toContain('Weekly pulse');
  });

  it('falls back to the English, marked, where a wording is missing', async () => {
    const { ani } = await round({ intro: 'Two minutes.', questions: [{ ...WHERE, optionsId: null }] });
    const id = (await request(t.app).get(ani)).text;
    expect(id).toContain('<h1 lang="en">Weekly pulse</h1>');
    expect(id).toContain(SURVEY_NOT_YET);
    expect(id).toMatch(/value="2"[^>]*>On the road<\/label>/);
    expect(id.split('<fieldset')[1]).toContain(NOT_YET);
  });

  describe('in the invitation and the reminder (real SMTP)', () => {
    let smtp: TestSmtp;
    let transport: MailTransport;
    beforeEach(async () => {
      smtp = await startSmtpServer();
      transport = smtpTransport(smtp.url, 2);
    });
    afterEach(async () => {
      transport.close();
      await smtp.close();
    });

    async function mailed(o?: Parameters<typeof openTestRound>[1]) {
      clock.set('2026-03-02T09:00:00Z');
      t = await startTestApp({ clock, mail: transport });
      await buildOrg(t.ctx.db);
      await buildEmployee(t.ctx.db, { email: 'ani@example.com', locale: 'id', timeZone: 'Asia/Jakarta' });
      await buildEmployee(t.ctx.db, { email: 'ben@example.com', locale: 'en' });
      await openTestRound(t.ctx, { reminderCount: 3, ...o });
      await drainOutbox(t.ctx, transport);
    }

    it('gives the Indonesian title and intro to an Indonesian invitee, the English to an English one', async () => {
      await mailed(TRANSLATED);
      const ani = smtp.lastTo('ani@example.com')!;
      expect(ani.subject).toContain('Denyut bulanan');
      expect(ani.raw).toContain('Mohon jawab survei singkat');
      expect(ani.raw).toContain('Denyut bulanan');
      expect(ani.raw).toContain('Dua menit, setiap bulan.');
      expect(ani.raw).not.toContain('Weekly pulse');
      expect(ani.raw).not.toContain('belum diterjemahkan');
      const ben = smtp.lastTo('ben@example.com')!;
      expect(ben.subject).toContain('Weekly pulse');
      expect(ben.raw).toContain('Two minutes, every month.');
      expect(ben.raw).not.toContain('Denyut bulanan');

      clock.set('2026-03-03T15:00:30Z');
      expect(await sendDueReminders(t.ctx)).toHaveLength(1);
      await drainOutbox(t.ctx, transport);
      const reminder = smtp.lastTo('ani@example.com')!;
      expect(reminder.subject).toContain('Pengingat: Denyut bulanan');
      expect(reminder.raw).toContain('Dua menit, setiap bulan.');
    });

    it('marks the English title as not yet translated for an Indonesian invitee when there is no Indonesian one', async () => {
      await mailed({ intro: 'Two minutes.' });
      const ani = smtp.lastTo('ani@example.com')!;
      expect(ani.subject).toContain('Weekly pulse');
      expect(ani.raw).toContain('Sebagian survei ini ditampilkan dalam bahasa Inggris: belum diterjemahkan.');
      expect(smtp.lastTo('ben@example.com')!.raw).not.toContain('not yet translated');
    });
  });
});

describe('choosing the wording (pure)', () => {
  it('takes the Indonesian for an Indonesian reader where given, else the English marked', () => {
    expect(wordIn('id', 'Monthly pulse', 'Denyut bulanan')).toEqual({ text: 'Denyut bulanan', lang: 'id', untranslated: false });
    expect(wordIn('id', 'Monthly pulse', '  ')).toEqual({ text: 'Monthly pulse', lang: 'en', untranslated: true });
    expect(wordIn('en', 'Monthly pulse', 'Denyut bulanan')).toEqual({ text: 'Monthly pulse', lang: 'en', untranslated: false });
    // An empty intro is nothing to translate.
    expect(wordIn('id', '', null).untranslated).toBe(false);
    expect(optionsIn('id', ['Office', 'Home'], ['Kantor', 'Rumah'])).toEqual({ labels: ['Kantor', 'Rumah'], lang: 'id', untranslated: false });
    expect(optionsIn('id', ['Office', 'Home'], ['Kantor'])).toEqual({ labels: ['Office', 'Home'], lang: 'en', untranslated: true });
    expect(optionsIn('en', ['Office', 'Home'], ['Kantor', 'Rumah']).labels).toEqual(['Office', 'Home']);
  });

  it('shows result option labels in the viewer’s language (answers hold the English labels)', () => {
    const q: ReportQuestion = { id: 'q', position: 1, kind: 'single', text: 'Where?', textId: 'Di mana?', options: JSON.stringify(WHERE.options), optionsId: JSON.stringify(WHERE.optionsId), enpsScale: '1-10' };
    const result = { kind: 'choice' as const, answers: 4, options: [{ label: 'Office', count: 1 }, { label: 'Home', count: 2 }, { label: 'On the road', count: 1 }] };
    const labels = (locale: 'en' | 'id', question = q) => (presentQuestion(locale, question, result) as { choice: { options: { label: string }[] } }).choice.options.map((o) => o.label);
    expect(labels('id')).toEqual(['Kantor', 'Rumah', 'Di perjalanan']);
    expect(labels('en')).toEqual(['Office', 'Home', 'On the road']);
    expect(labels('id', { ...q, optionsId: null })).toEqual(['Office', 'Home', 'On the road']);
  });
});
