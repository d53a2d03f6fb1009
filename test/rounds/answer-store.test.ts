/**
 * The raw answer store under concurrency: on SQLite the spends of one event-loop turn share a commit (group
 * commit, each spend in its own savepoint); on PostgreSQL each is one statement. Either way every caller learns
 * its own outcome, a link is spent once, and one failing spend loses nobody else's answer.
 */
import request from 'supertest';
import { startTestApp, fixedClock, type TestApp } from '../helpers/test-app';
import { buildEmployee, buildTeam } from '../factories';
import { answerStoreFor, type AnswerStore, type SpendRequest } from '../../server/db/raw/answer-store';
import { openTestRound } from './round-helpers';

const clock = fixedClock('2026-03-02T09:00:00Z');
let t: TestApp;
beforeEach(async () => {
  t = await startTestApp({ clock });
});
afterEach(() => t.close());

const complete = { q1: '9', q2: '4', q3: '1', q4: ['0', '2'], q5: 'More focus time' };

function store(): AnswerStore {
  return answerStoreFor(t.ctx.config.DATABASE_URL, t.ctx.provider, 4) as AnswerStore;
}

async function roundFor(people: number) {
  const team = await buildTeam(t.ctx.db);
  for (let i = 0; i < people; i++) await buildEmployee(t.ctx.db, { teamId: team.id });
  const { roundId, links } = await openTestRound(t.ctx);
  const questions = await t.ctx.db.roundQuestion.findMany({ where: { roundId }, orderBy: { position: 'asc' } });
  const invitations = await t.ctx.db.invitation.findMany({ where: { roundId }, orderBy: { id: 'asc' } });
  return { roundId, links: [...links.values()], questions, invitations, team };
}

function spendOf(roundId: string, invitation: { id: string; teamId: string | null; departmentId: string | null }, questionId: string, n: number): SpendRequest {
  return {
    invitationId: invitation.id,
    roundId,
    teamId: invitation.teamId,
    departmentId: invitation.departmentId,
    day: '2026-03-02',
    answers: [{ questionId, value: n, choices: null, comment: null }], // the value tells the spends apart
  };
}

describe('answers arriving together', () => {
  it('stores every one of 40 simultaneous answers once and counts them on the round', async () => {
    const { roundId, links } = await roundFor(40);
    const results = await Promise.all(links.map((link) => request(t.app).post(link).type('form').send(complete)));
    expect(results.map((r) => r.status)).toEqual(links.map(() => 200));
    expect(await t.ctx.db.response.count({ where: { roundId } })).toBe(40);
    expect(await t.ctx.db.answer.count({ where: { response: { roundId } } })).toBe(40 * 5);
    expect((await t.ctx.db.round.findUniqueOrThrow({ where: { id: roundId } })).respondedCount).toBe(40);
    expect(await t.ctx.db.invitation.count({ where: { roundId, answered: false } })).toBe(0);
  });

  it('spends a link posted five times at once exactly once', async () => {
    const { roundId, links } = await roundFor(1);
    const results = await Promise.all(Array.from({ length: 5 }, () => request(t.app).post(links[0]).type('form').send(complete)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409]);
    expect(await t.ctx.db.response.count({ where: { roundId } })).toBe(1);
    expect((await t.ctx.db.round.findUniqueOrThrow({ where: { id: roundId } })).respondedCount).toBe(1);
  });

  it('rolls back only the spend that fails: the others in the same commit are kept', async () => {
    const { roundId, questions, invitations } = await roundFor(3);
    const [a, b, c] = invitations;
    const q = questions[0].id;
    const outcomes = await Promise.allSettled([
      store().spend(spendOf(roundId, a, q, 1)),
      store().spend(spendOf(roundId, b, 'no-such-question', 2)), // the foreign key refuses it
      store().spend(spendOf(roundId, c, q, 3)),
      store().spend(spendOf(roundId, a, q, 4)), // a's link again, in the same turn
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    const values = outcomes.map((o) => (o.status === 'fulfilled' ? o.value : 'error'));
    expect(values[2]).toBe(true);
    // a's two spends: exactly one wins (which one is the database's choice on PostgreSQL's pool).
    expect([values[0], values[3]].sort()).toEqual([false, true]);
    const aValue = values[0] === true ? 1 : 4;
    const answered = await t.ctx.db.invitation.findMany({ where: { roundId }, select: { id: true, answered: true }, orderBy: { id: 'asc' } });
    expect(answered).toEqual([
      { id: a.id, answered: true },
      { id: b.id, answered: false },
      { id: c.id, answered: true },
    ]);
    const stored = await t.ctx.db.answer.findMany({ where: { response: { roundId } }, select: { value: true, responseId: true } });
    expect(stored.map((x) => x.value).sort()).toEqual([aValue, 3].sort());
    expect(new Set(stored.map((x) => x.responseId)).size).toBe(2);
    expect(await t.ctx.db.response.count({ where: { roundId } })).toBe(2);
    expect((await t.ctx.db.round.findUniqueOrThrow({ where: { id: roundId } })).respondedCount).toBe(2);
    // b's link still works afterwards.
    await expect(store().spend(spendOf(roundId, b, q, 5))).resolves.toBe(true);
  });
});

describe('response ids', () => {
  it('carry no time and no order: unrelated to when, or in which order, answers arrived', async () => {
    const { roundId, links } = await roundFor(12);
    const arrived: string[] = [];
    for (const link of links) {
      await request(t.app).post(link).type('form').send(complete); // one by one: each its own commit
      const ids = (await t.ctx.db.response.findMany({ where: { roundId }, select: { id: true } })).map((r) => r.id);
      arrived.push(ids.find((id) => !arrived.includes(id)) as string);
    }
    expect(new Set(arrived).size).toBe(12);
    // Answers committed apart share nothing: no common prefix (a clock or a counter would give one)…
    expect(new Set(arrived.map((id) => id.slice(0, 8))).size).toBeGreaterThan(1);
    // …and sorting the ids does not give back the order they arrived in (by chance: 1 in 12!).
    expect([...arrived].sort()).not.toEqual(arrived);
  });
});
