/** /api/v1/results: the results pages' numbers for BI tools, under the same thresholds and roles. */
import request from 'supertest';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { buildApiToken } from '../factories/org';
import { buildDepartment, buildEmployee, buildOrg, buildTeam } from '../factories';
import { addResponses, buildRound, same, type BuiltRound } from '../factories/results';
import { roundResults } from '../../server/domain/results/round-results.service';
import { viewerOf } from '../../server/domain/results/viewer.service';

let t: TestApp;
let round: BuiltRound;
let openRound: BuiltRound;
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestApp();
  const db = t.ctx.db;
  const { admin } = await buildOrg(db);
  const manager = await buildEmployee(db, { role: 'manager' });
  const demoted = await buildEmployee(db, { role: 'hr_admin' });
  const gone = await buildEmployee(db, { role: 'hr_admin' });
  const sales = await buildDepartment(db, { name: 'Sales' });
  const alpha = await buildTeam(db, { name: 'Alpha', departmentId: sales.id, managerId: manager.id });
  const bravo = await buildTeam(db, { name: 'Bravo', departmentId: sales.id });
  Object.assign(ids, { sales: sales.id, alpha: alpha.id, bravo: bravo.id, admin: admin.id, demoted: demoted.id });
  round = await buildRound(db, { title: 'January pulse', questions: [{ kind: 'enps' }] });
  // Alpha: 6 answers (shown at k = 5); Bravo: 3 (hidden); Sales: 9.
  await addResponses(db, round, { departmentId: sales.id, teamId: alpha.id }, [...same(4, [10]), ...same(2, [3])]);
  await addResponses(db, round, { departmentId: sales.id, teamId: bravo.id }, same(3, [9]));
  openRound = await buildRound(db, { status: 'open' });
  tokens.hr = (await buildApiToken(t.ctx, admin.id)).token;
  tokens.demoted = (await buildApiToken(t.ctx, demoted.id)).token;
  tokens.gone = (await buildApiToken(t.ctx, gone.id)).token;
  await db.employee.update({ where: { id: gone.id }, data: { active: false } });
});
afterAll(() => t.close());

const get = (path: string, who: string) => request(t.app).get(path).set('Authorization', `Bearer ${tokens[who]}`);
const groupOf = (groups: { kind: string; teamId: string | null; departmentId: string | null }[], kind: string, id?: string) =>
  groups.find((g) => g.kind === kind && (kind === 'company' || (kind === 'team' ? g.teamId === id : g.departmentId === id)));

describe('GET /api/v1/results/rounds', () => {
  it('gives HR every released round with the company eNPS; never an open one', async () => {
    const res = await get('/api/v1/results/rounds', 'hr');
    expect(res.status).toBe(200);
    expect(res.body.data.map((r: { id: string }) => r.id)).toEqual([round.id]);
    expect(res.body.data[0]).toMatchObject({ title: 'January pulse', published: false, company: { kind: 'company', visible: true, responses: 9 } });
    // 7 promoters (10, 9), 2 detractors (3) of 9: +56.
    expect(res.body.data[0].company.enps).toMatchObject({ responses: 9, promoters: 7, detractors: 2, score: 56 });
    expect(res.body.data.map((r: { id: string }) => r.id)).not.toContain(openRound.id);
  });

  it('is HR’s, as the rest of the API: a token made by someone who is no longer an active HR admin is refused', async () => {
    await t.ctx.db.employee.update({ where: { id: ids.demoted }, data: { role: 'manager' } });
    for (const who of ['demoted', 'gone']) {
      const res = await get('/api/v1/results/rounds', who);
      expect(res.status).toBe(401);
      expect(res.body.data).toBeUndefined();
    }
    expect((await request(t.app).get('/api/v1/results/rounds')).status).toBe(401);
  });
});

describe('GET /api/v1/results/rounds/{id}/enps', () => {
  it('shows and hides exactly the groups the round page does, a hidden group with no number at all', async () => {
    const res = await get(`/api/v1/results/rounds/${round.id}/enps`, 'hr');
    expect(res.status).toBe(200);
    const groups = res.body.groups as { kind: string; name: string; visible: boolean; responses: number | null; enps: unknown }[];
    const page = await roundResults(t.ctx, round.id, await viewerOf(t.ctx, { id: ids.admin, role: 'hr_admin' }));
    const pageGroups = [...(page.company ? [page.company] : []), ...page.departments.flatMap((d) => [d, ...d.teams]), ...page.looseTeams];
    expect(groups.map((g) => [g.kind, g.name, g.visible, g.responses])).toEqual(pageGroups.map((g) => [g.kind, g.name, g.visible, g.responses]));
    expect(groupOf(groups as never, 'team', ids.bravo)).toMatchObject({ name: 'Bravo', visible: false, responses: null, invited: null, responseRate: null, enps: null });
    for (const g of groups.filter((x) => !x.visible)) expect([g.responses, g.enps]).toEqual([null, null]);
    expect(groupOf(groups as never, 'company')).toMatchObject({ visible: true, responses: 9, enps: { score: 56 } });
  });

  it('answers 403 for an open round (no results yet), 404 for an unknown round', async () => {
    expect((await get(`/api/v1/results/rounds/${openRound.id}/enps`, 'hr')).status).toBe(403);
    expect((await get('/api/v1/results/rounds/no-such-round/enps', 'hr')).status).toBe(404);
  });
});
