/**
 * A viewer inside a group knows their own answer and can subtract it. A manager who is a member of the team they
 * manage, looking at a team of exactly k, would see k − 1 other people's answers. Every group that holds the
 * viewer (their team, department and the company, as their invitation was filed) now needs k others.
 */
import request from 'supertest';
import { startTestApp, fixedClock, type TestApp } from '../helpers/test-app';
import { signedInBrowser, TEST_PASSWORD } from '../helpers/sign-in';
import { buildDepartment, buildEmployee, buildOrg, buildTeam } from '../factories';
import { buildSurvey } from '../factories/surveys';
import { openRoundNow } from '../../server/domain/rounds/open-round.service';
import { closeAndRelease } from '../rounds/round-helpers';
import { visibleGroups } from '../../server/domain/results/suppression';

const clock = fixedClock('2026-03-02T09:00:00Z');
let t: TestApp;
beforeEach(async () => {
  clock.set('2026-03-02T09:00:00Z');
  t = await startTestApp({ clock });
});
afterEach(() => t.close());

/** A department with the manager's own team (the manager a member of it) of `size` people and a second team of 8. */
async function org(size: number) {
  const { admin } = await buildOrg(t.ctx.db);
  await t.ctx.db.orgSettings.update({ where: { id: 1 }, data: { minGroupSize: 5, minCommentGroupSize: 5 } });
  const dept = await buildDepartment(t.ctx.db, { name: 'Sales' });
  const manager = await buildEmployee(t.ctx.db, { role: 'manager', email: 'maya@example.com', password: TEST_PASSWORD });
  const own = await buildTeam(t.ctx.db, { name: 'Field', departmentId: dept.id, managerId: manager.id });
  const other = await buildTeam(t.ctx.db, { name: 'Inside', departmentId: dept.id });
  await t.ctx.db.employee.update({ where: { id: manager.id }, data: { teamId: own.id } });
  for (let i = 1; i < size; i++) await buildEmployee(t.ctx.db, { teamId: own.id });
  for (let i = 0; i < 8; i++) await buildEmployee(t.ctx.db, { teamId: other.id });
  return { admin, manager, own, other, dept };
}

/**
 * A round for both teams (not the HR admin): everyone answers eNPS 9, except one person in the manager's team who
 * answers 2, so that team's score is +60 with 5 people and +67 with 6 (the other team's is +100).
 */
async function everyoneAnswers(ownTeamId: string, otherTeamId: string) {
  const survey = await buildSurvey(t.ctx.db, { questions: [{ kind: 'enps', text: 'Recommend us?' }] });
  const { roundId } = await openRoundNow(t.ctx, survey.id, { audience: { kind: 'teams', ids: [ownTeamId, otherTeamId] }, windowDays: 5, reminderCount: 0 });
  const invitations = await t.ctx.db.invitation.findMany({ where: { roundId }, select: { tokenCipher: true, teamId: true }, orderBy: { id: 'asc' } });
  const detractor = invitations.findIndex((i) => i.teamId === ownTeamId);
  for (const [n, inv] of invitations.entries()) {
    const res = await request(t.app).post(`/s/${t.ctx.keyring.open(inv.tokenCipher as string)}`).type('form').send({ q1: n === detractor ? '2' : '9' });
    expect(res.status).toBe(200);
  }
  await closeAndRelease(t.ctx, roundId);
  return roundId;
}

describe('a manager who is a member of their own team', () => {
  it('does not see their team of exactly k (they would subtract their own answer); HR does', async () => {
    const { admin, own, other } = await org(5);
    const roundId = await everyoneAnswers(own.id, other.id);
    const manager = await signedInBrowser(t.app, 'maya@example.com');
    const hr = await signedInBrowser(t.app, admin.email);

    const managerRound = await manager.agent.get(`/results/rounds/${roundId}`);
    expect(managerRound.status).toBe(200);
    expect(managerRound.text).toContain('Field');
    expect(managerRound.text).not.toContain('+60');
    const managerTeam = await manager.agent.get(`/results/teams/${own.id}`);
    expect(managerTeam.status).toBe(200);
    expect(managerTeam.text).not.toContain('+60');

    const hrRound = await hr.agent.get(`/results/rounds/${roundId}`);
    expect(hrRound.text).toContain('+60');
    const hrTeam = await hr.agent.get(`/results/teams/${own.id}`);
    expect(hrTeam.text).toContain('+60');
  });

  it('sees their team once it holds k others (k + 1 with them)', async () => {
    const { own, other } = await org(6);
    const roundId = await everyoneAnswers(own.id, other.id);
    const manager = await signedInBrowser(t.app, 'maya@example.com');
    expect((await manager.agent.get(`/results/teams/${own.id}`)).text).toContain('+67');
    expect((await manager.agent.get(`/results/rounds/${roundId}`)).text).toContain('+67');
  });
});

describe('the rule itself', () => {
  const tree = [
    { id: 'c', parentId: null, n: 13 },
    { id: 'd', parentId: 'c', n: 13 },
    { id: 'mine', parentId: 'd', n: 5 },
    { id: 'other', parentId: 'd', n: 8 },
  ];
  it('needs k + 1 in a group that holds the viewer, and in the remainder that holds them', () => {
    expect([...visibleGroups(tree, 5)].sort()).toEqual(['c', 'd', 'mine', 'other']);
    // Inside "mine": it needs 6. Hiding it leaves d's remainder of 5 with the viewer in it: the smallest shown
    // descendant (other, 8) is hidden too, so d's region is 13.
    expect([...visibleGroups(tree, 5, new Set(['c', 'd', 'mine']))].sort()).toEqual(['c', 'd']);
    // Inside "other": other has 8 ≥ 6, mine is not theirs (5 ≥ 5): everything shows.
    expect([...visibleGroups(tree, 5, new Set(['c', 'd', 'other']))].sort()).toEqual(['c', 'd', 'mine', 'other']);
  });
});
