import { Browser, startTestApp, type TestApp } from '../helpers/test-app';
import { signedInBrowser, TEST_PASSWORD } from '../helpers/sign-in';
import { buildEmployee, buildOrg } from '../factories';
import { buildRound, buildSurvey } from '../factories/survey-editor';
import { createApiToken } from '../../server/domain/api-tokens/api-tokens.service';

/** Every route this area adds. `:s` is a survey, `:r` one of its rounds. */
const ROUTES: { method: 'get' | 'post' | 'put'; path: string; json?: boolean }[] = [
  { method: 'get', path: '/admin/surveys' },
  { method: 'get', path: '/admin/surveys/new' },
  { method: 'post', path: '/admin/surveys' },
  { method: 'get', path: '/admin/surveys/:s' },
  { method: 'post', path: '/admin/surveys/:s' },
  { method: 'get', path: '/admin/surveys/:s/schedule' },
  { method: 'post', path: '/admin/surveys/:s/schedule' },
  { method: 'post', path: '/admin/surveys/:s/schedule/pause' },
  { method: 'post', path: '/admin/surveys/:s/schedule/resume' },
  { method: 'get', path: '/admin/surveys/:s/schedule/preview?frequency=weekly&weekday=1&timeOfDay=09:00&timeZone=UTC&startDate=2026-03-01' },
  { method: 'get', path: '/admin/surveys/:s/send-now' },
  { method: 'post', path: '/admin/surveys/:s/send-now' },
  { method: 'get', path: '/admin/rounds/:r' },
  { method: 'get', path: '/admin/rounds/:r/close' },
  { method: 'post', path: '/admin/rounds/:r/close' },
  { method: 'get', path: '/admin/rounds/:r/extend' },
  { method: 'post', path: '/admin/rounds/:r/extend' },
  { method: 'get', path: '/api/v1/surveys', json: true },
  { method: 'post', path: '/api/v1/surveys', json: true },
  { method: 'get', path: '/api/v1/surveys/:s', json: true },
  { method: 'put', path: '/api/v1/surveys/:s', json: true },
];

const body = { title: 'Hijacked', intro: '', questions: [{ kind: 'comment', text: 'x' }], 'q[0][kind]': 'comment', 'q[0][text]': 'x' };

let t: TestApp;
afterAll(() => t?.close());

describe('who may use the survey pages and API', () => {
  let surveyId: string;
  let roundId: string;
  const browsers: Record<string, Browser> = {};
  /** API tokens by role of their creator (an employee or manager holding a token is refused like anyone else). */
  const tokens: Record<string, string | undefined> = {};

  beforeAll(async () => {
    t = await startTestApp();
    const { admin } = await buildOrg(t.ctx.db);
    const employee = await buildEmployee(t.ctx.db, { role: 'employee', email: 'emp@acme.test', password: TEST_PASSWORD });
    const manager = await buildEmployee(t.ctx.db, { role: 'manager', email: 'man@acme.test', password: TEST_PASSWORD });
    tokens.employee = (await createApiToken(t.ctx, { name: 'emp' }, employee.id)).token;
    tokens.manager = (await createApiToken(t.ctx, { name: 'man' }, manager.id)).token;
    tokens.hr_admin = (await createApiToken(t.ctx, { name: 'hr' }, admin.id)).token;
    const survey = await buildSurvey(t.ctx.db, { title: 'Original' });
    surveyId = survey.id;
    roundId = (await buildRound(t.ctx.db, survey.id)).id;
    browsers.anonymous = new Browser(t.app);
    browsers.employee = await signedInBrowser(t.app, 'emp@acme.test');
    browsers.manager = await signedInBrowser(t.app, 'man@acme.test');
    browsers.hr_admin = await signedInBrowser(t.app, admin.email);
  });

  const send = async (who: string, route: (typeof ROUTES)[number]) => {
    const b = browsers[who];
    const path = route.path.replace(':s', surveyId).replace(':r', roundId);
    if (route.json) {
      // The API ignores sessions: it wants a token, and only an HR admin's token works.
      const req = b.agent[route.method](path).set('Accept', 'application/json');
      if (tokens[who]) req.set('Authorization', `Bearer ${tokens[who]}`);
      return route.method === 'get' ? req : req.send(body);
    }
    if (route.method === 'get') return b.agent.get(path);
    // A real CSRF token, so the refusal comes from the role check and not from the CSRF check.
    const token = await b.csrf(who === 'anonymous' ? '/login' : '/account/password');
    return b.agent.post(path).type('form').send({ ...body, _csrf: token });
  };

  for (const who of ['anonymous', 'employee', 'manager']) {
    it.each(ROUTES.map((r) => [r.method.toUpperCase(), r.path, r] as const))(`refuses ${who}: %s %s`, async (_m, _p, route) => {
      const res = await send(who, route);
      if (who === 'anonymous') {
        if (route.method === 'get' && !route.json) expect(res.headers.location).toMatch(/^\/login\?next=/);
        else expect(res.status).toBe(401);
      } else {
        expect(res.status).toBe(route.json ? 401 : 403);
      }
    });
  }

  it('changed nothing while refusing', async () => {
    expect(await t.ctx.db.survey.count()).toBe(1);
    expect((await t.ctx.db.survey.findUniqueOrThrow({ where: { id: surveyId } })).title).toBe('Original');
    expect(await t.ctx.db.schedule.count()).toBe(0);
    expect(await t.ctx.db.round.count()).toBe(1);
  });

  it.each(ROUTES.filter((r) => r.method === 'get').map((r) => [r.path, r] as const))('lets an HR admin in: GET %s', async (_p, route) => {
    const res = await send('hr_admin', route);
    expect(res.status).toBe(200);
  });
});
