/** The OpenAPI document lists every status an endpoint was seen to answer, and declares every tag it uses. */
import request from 'supertest';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { buildApiToken, buildPeople } from '../factories/org';
import { buildRound } from '../factories/results';
import { buildSurvey } from '../factories/surveys';

let t: TestApp;
let auth: string;
beforeAll(async () => {
  t = await startTestApp();
  const people = await buildPeople(t.ctx);
  auth = `Bearer ${(await buildApiToken(t.ctx, people.admin.id)).token}`;
});
afterAll(() => t.close());

type Doc = { tags: { name: string }[]; paths: Record<string, Record<string, { tags: string[]; responses: Record<string, unknown> }>> };
const documented = (doc: Doc, method: string, path: string) => Object.keys(doc.paths[path]?.[method]?.responses ?? {}).map(Number).sort();

it('declares every tag its operations use', async () => {
  const doc = (await request(t.app).get('/api/v1/openapi.json')).body as Doc;
  const declared = new Set(doc.tags.map((tag) => tag.name));
  const used = new Set(Object.values(doc.paths).flatMap((ops) => Object.values(ops).flatMap((op) => op.tags)));
  expect([...used].filter((tag) => !declared.has(tag))).toEqual([]);
  expect(declared).toEqual(used);
  expect(declared).toContain('Results');
});

// Last: it uses up this client address's rate limit.
it('documents each status observed at the endpoints, 200 for an existing email and 429 when rate limited included', async () => {
  const doc = (await request(t.app).get('/api/v1/openapi.json')).body as Doc;
  const open = await buildRound(t.ctx.db, { status: 'open' });
  const closed = await buildRound(t.ctx.db);
  const observed: [string, string, number][] = [];
  const call = async (method: 'get' | 'post' | 'put', template: string, path: string, body?: object, withToken = true) => {
    let req = request(t.app)[method](path);
    if (withToken) req = req.set('Authorization', auth);
    const res = body ? await req.send(body) : await req;
    observed.push([method, template, res.status]);
    return res.status;
  };
  const employee = { email: 'dewi@acme.test', name: 'Dewi' };
  expect(await call('post', '/api/v1/employees', '/api/v1/employees', employee)).toBe(201);
  expect(await call('post', '/api/v1/employees', '/api/v1/employees', employee)).toBe(200);
  await call('post', '/api/v1/employees', '/api/v1/employees', { email: 'nope' });
  await call('post', '/api/v1/employees', '/api/v1/employees', employee, false);
  await call('get', '/api/v1/employees', '/api/v1/employees');
  await call('get', '/api/v1/employees', '/api/v1/employees?limit=0');
  await call('get', '/api/v1/employees/{id}', '/api/v1/employees/nobody');
  await call('get', '/api/v1/results/rounds', '/api/v1/results/rounds');
  await call('get', '/api/v1/results/rounds', '/api/v1/results/rounds?limit=1000');
  await call('get', '/api/v1/results/rounds/{id}/enps', `/api/v1/results/rounds/${closed.id}/enps`);
  await call('get', '/api/v1/results/rounds/{id}/enps', `/api/v1/results/rounds/${open.id}/enps`);
  await call('get', '/api/v1/results/rounds/{id}/enps', '/api/v1/results/rounds/none/enps');
  await call('get', '/api/v1/surveys', '/api/v1/surveys');
  await call('get', '/api/v1/surveys/{id}', '/api/v1/surveys/none');
  const survey = await buildSurvey(t.ctx.db);
  const stale = { version: survey.version + 5, title: 'T', intro: '', questions: [{ kind: 'comment', text: 'Anything else?' }] };
  expect(await call('put', '/api/v1/surveys/{id}', `/api/v1/surveys/${survey.id}`, stale)).toBe(409);
  // 600 requests a minute per client address: the next one is refused, whatever the endpoint.
  let status = 0;
  for (let i = 0; i < 600 && status !== 429; i++) status = (await request(t.app).get('/api/v1/teams')).status;
  expect(await call('post', '/api/v1/employees', '/api/v1/employees', employee)).toBe(429);

  expect(new Set(observed.map(([, , s]) => s))).toEqual(new Set([200, 201, 400, 401, 403, 404, 409, 429]));
  for (const [method, path, s] of observed) expect({ method, path, status: s, documented: documented(doc, method, path).includes(s) }).toMatchObject({ documented: true });
});
