/**
 * Issue 10, hole 14: pages and downloads with personal data must not be kept by a browser or proxy cache
 * (shown again by Back after sign-out, or to the next user of a shared computer). Every route is visited as the
 * person who may see it, and each answer must say `Cache-Control: no-store`.
 */
import request from 'supertest';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { signedInBrowser } from '../helpers/sign-in';
import { buildPeople, buildApiToken } from '../factories/org';
import { buildSurvey } from '../factories/surveys';
import { addResponses, buildRound, same } from '../factories/results';
import { issueLoginLink } from '../../server/domain/auth/login-links.service';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

it('every page, export and API answer with personal data says Cache-Control: no-store', async () => {
  const { admin, manager, team } = await buildPeople(t.ctx);
  const survey = await buildSurvey(t.ctx.db);
  const round = await buildRound(t.ctx.db, { surveyId: survey.id, questions: [{ kind: 'enps' }] });
  await addResponses(t.ctx.db, round, { teamId: team.id, departmentId: team.departmentId }, same(6, [9]));
  const hr = await signedInBrowser(t.app, admin.email);
  const boss = await signedInBrowser(t.app, manager.email);
  const { token } = await buildApiToken(t.ctx, admin.id);
  const link = new URL(await issueLoginLink(t.ctx, manager.id)).pathname;

  const asHr = [
    '/', '/account/password', '/admin/employees', `/admin/employees/${manager.id}`, '/admin/employees/new', '/admin/employees/import',
    '/admin/employees/export.csv', '/admin/departments', '/admin/teams', `/admin/teams/${team.id}`, '/admin/api-tokens', '/admin/mailbox',
    '/admin/surveys', `/admin/surveys/${survey.id}`, `/admin/surveys/${survey.id}/schedule`, `/admin/rounds/${round.id}`,
    '/results', `/results/rounds/${round.id}`, `/results/rounds/${round.id}/export.csv`, `/results/teams/${team.id}`, '/admin/results/settings',
  ];
  const missing: string[] = [];
  const check = (who: string, path: string, res: request.Response) => {
    if (res.status >= 400) missing.push(`${who} ${path}: status ${res.status}`);
    else if (res.headers['cache-control'] !== 'no-store') missing.push(`${who} ${path}: ${res.headers['cache-control'] ?? 'no Cache-Control'}`);
  };
  for (const path of asHr) check('HR', path, await hr.agent.get(path));
  for (const path of ['/', `/results/teams/${team.id}`, '/results']) check('manager', path, await boss.agent.get(path));
  for (const path of ['/login', link, '/setup']) {
    const res = await request(t.app).get(path);
    check('anonymous', path, res.status === 303 ? Object.assign(res, { status: 200 }) : res);
  }
  for (const path of ['/api/v1/employees', `/api/v1/surveys/${survey.id}`]) check('API', path, await request(t.app).get(path).set('Authorization', `Bearer ${token}`));
  expect(missing).toEqual([]);
  // Static assets are the exception: they hold nothing personal and may be cached.
  expect((await request(t.app).get('/assets/pulse.css')).headers['cache-control']).toContain('max-age');
});
