import request from 'supertest';
import { startTestApp, type Browser, type TestApp } from '../helpers/test-app';
import { signedInBrowser } from '../helpers/sign-in';
import { buildOrg } from '../factories';
import { buildRound, buildSurvey } from '../factories/survey-editor';
import { createApiToken } from '../../server/domain/api-tokens/api-tokens.service';

let t: TestApp;
let hr: Browser;
let bearer: string;
beforeEach(async () => {
  t = await startTestApp();
  const { admin } = await buildOrg(t.ctx.db, { companyName: 'Acme' });
  hr = await signedInBrowser(t.app, admin.email);
  bearer = `Bearer ${(await createApiToken(t.ctx, { name: 'HRIS' }, admin.id)).token}`;
});

/** An API client holding the HR admin's token. */
const api = {
  get: (path: string) => request(t.app).get(path).set('Authorization', bearer),
  post: (path: string, body: object) => request(t.app).post(path).set('Authorization', bearer).send(body),
  put: (path: string, body: object) => request(t.app).put(path).set('Authorization', bearer).send(body),
};
afterEach(() => t.close());

const rating = (text: string) => ({ kind: 'rating', text });

describe('the surveys JSON API', () => {
  it('creates, reads, lists and replaces a survey', async () => {
    const created = await api.post('/api/v1/surveys', { title: 'API pulse', questions: [{ kind: 'enps' }, rating('I am proud to work here.')] });
    expect(created.status).toBe(201);
    const { id } = created.body as { id: string };
    expect(created.headers.location).toBe(`/api/v1/surveys/${id}`);
    expect(created.body.questions[0]).toMatchObject({ kind: 'enps', text: 'How likely are you to recommend Acme as a place to work?', required: true, enpsScale: '1-10' });

    const list = await api.get('/api/v1/surveys');
    expect(list.status).toBe(200);
    expect(list.body.data).toEqual([expect.objectContaining({ id, title: 'API pulse', questionCount: 2, nextRunAt: null })]);

    const put = await api.put(`/api/v1/surveys/${id}`, { title: 'Renamed', intro: 'Hi', questions: [{ kind: 'single', text: 'Pick', options: ['A', 'B'], required: false }] });
    expect(put.status).toBe(200);
    const got = await api.get(`/api/v1/surveys/${id}`);
    expect(got.body).toMatchObject({ id, title: 'Renamed', intro: 'Hi', questions: [{ kind: 'single', text: 'Pick', options: ['A', 'B'], required: false }] });
  });

  it('answers 400 with the issues for an 11-question body', async () => {
    const res = await api.post('/api/v1/surveys', { title: 'Long', questions: Array.from({ length: 11 }, (_, i) => rating(`Q${i}`)) });
    expect(res.status).toBe(400);
    expect(res.body.error.id).toBe('validation_failed');
    expect(res.body.error.issues).toContainEqual({ path: ['questions'], message: 'A pulse survey has at most 10 questions' });
    expect(await t.ctx.db.survey.count()).toBe(0);
  });

  it('refuses a second eNPS question and a one-option choice on PUT, leaving the survey as it was', async () => {
    const survey = await buildSurvey(t.ctx.db, { title: 'Kept' });
    const res = await api.put(`/api/v1/surveys/${survey.id}`, { title: 'X', questions: [{ kind: 'enps' }, { kind: 'enps' }, { kind: 'multi', text: 'M', options: ['only'] }] });
    expect(res.status).toBe(400);
    expect(res.body.error.issues).toEqual(
      expect.arrayContaining([
        { path: ['questions', 1, 'kind'], message: 'A survey has at most one eNPS question' },
        { path: ['questions', 2, 'options'], message: 'Add at least two options' },
      ]),
    );
    expect((await t.ctx.db.survey.findUniqueOrThrow({ where: { id: survey.id } })).title).toBe('Kept');
  });

  it('answers 404 for an unknown survey, and 401 without a token even to a signed-in HR admin', async () => {
    expect((await api.get('/api/v1/surveys/nope')).status).toBe(404);
    expect((await api.put('/api/v1/surveys/nope', { title: 'X', questions: [rating('Q')] })).status).toBe(404);
    const cookieOnly = await hr.agent.post('/api/v1/surveys').send({ title: 'Cookie', questions: [rating('Q')] });
    expect(cookieOnly.status).toBe(401);
    expect(await t.ctx.db.survey.count()).toBe(0);
  });

  it('is listed in the OpenAPI document', async () => {
    const doc = await request(t.app).get('/api/v1/openapi.json');
    expect(Object.keys(doc.body.paths['/api/v1/surveys'])).toEqual(expect.arrayContaining(['get', 'post']));
    expect(Object.keys(doc.body.paths['/api/v1/surveys/{id}'])).toEqual(expect.arrayContaining(['get', 'put']));
  });
});

describe('editing a survey that has rounds', () => {
  it('changes future rounds only: the round keeps its question snapshot', async () => {
    const survey = await buildSurvey(t.ctx.db, { title: 'Before', questions: [{ kind: 'rating', text: 'Old wording' }, { kind: 'comment', text: 'Old comment' }] });
    const round = await buildRound(t.ctx.db, survey.id, { invitedCount: 10 });
    const path = `/admin/surveys/${survey.id}`;
    const res = await hr.submit(path, { title: 'After', intro: '', 'q[0][kind]': 'rating', 'q[0][text]': 'New wording', 'q[0][required]': '1' }, path);
    expect(res.status).toBe(303);

    const snapshot = await t.ctx.db.roundQuestion.findMany({ where: { roundId: round.id }, orderBy: { position: 'asc' } });
    expect(snapshot.map((q) => q.text)).toEqual(['Old wording', 'Old comment']);
    expect((await t.ctx.db.round.findUniqueOrThrow({ where: { id: round.id } })).title).toBe('Before');
    const now = await t.ctx.db.surveyQuestion.findMany({ where: { surveyId: survey.id } });
    expect(now.map((q) => q.text)).toEqual(['New wording']);
  });
});
