/**
 * The raw answer store under concurrency: on SQLite the spends of one event-loop turn share a commit (group
 * commit, each spend in its own savepoint); on PostgreSQL each is one statement. Either way every caller learns
 * its own outcome, a link is spent once, and one failing spend loses nobody else's answer. The answers are
 * stored sealed and become responses when the round's answers are released (closeAndRelease).
 */
import request from 'supertest';
import { startTestApp, fixedClock, type TestApp } from '../helpers/test-app';
import { buildEmployee, buildTeam } from '../factories';
import { answerStoreFor, type AnswerStore, type SpendRequest } from '../../server/db/raw/answer-store';
import { closeAndRelease, openTestRound } from './round-helpers';
import { sealResponse } from '../../server/domain/rounds/answer.service';
import { sealedLength } from '../../server/domain/rounds/sealed-answers';

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

function spendOf(roundId: string, invitation: { id: string; roundId: string; teamId: string | null; departmentId: string | null }, questionId: string, n: number): SpendRequest {
  const round = { id: roundId, sealedLength: sealedLength([{ kind: 'enps', options: '[]' }]) };
  // The value tells the spends apart.
  return { invitationId: invitation.id, roundId, sealed: sealResponse(t.ctx, round, invitation, [{ questionId, value: n, choices: null, comment: null }]) };
}

describe('answers arriving together', () => {
  it('stores every one of 40 simultaneous answers once and counts them on the round', async () => {
    const { roundId, links } = await roundFor(40);
    const results = await Promise.all(links.map((link) => request(t.app).post(link).type('form').send(complete)));
    expect(results.map((r) => r.status)).toEqual(links.map(() => 200));
    expect(await t.ctx.db.sealedResponse.count({ where: { roundId } })).toBe(40);
    expect(await t.ctx.db.invitation.count({ where: { roundId, answered: false } })).toBe(0);
    expect(await closeAndRelease(t.ctx, roundId)).toBe(40);
    expect(await t.ctx.db.response.count({ where: { roundId } })).toBe(40);
    expect(await t.ctx.db.answer.count({ where: { response: { roundId } } })).toBe(40 * 5);
    expect((await t.ctx.db.round.findUniqueOrThrow({ where: { id: roundId } })).respondedCount).toBe(40);
  });

  it('spends a link posted five times at once exactly once', async () => {
    const { roundId, links } = await roundFor(1);
    const results = await Promise.all(Array.from({ length: 5 }, () => request(t.app).post(links[0]).type('form').send(complete)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409]);
    expect(await closeAndRelease(t.ctx, roundId)).toBe(1);
    expect(await t.ctx.db.response.count({ where: { roundId } })).toBe(1);
    expect((await t.ctx.db.round.findUniqueOrThrow({ where: { id: roundId } })).respondedCount).toBe(1);
  });

  it('rolls back only the spend that fails: the others in the same commit are kept', async () => {
    const { roundId, questions, invitations } = await roundFor(3);
    const [a, b, c] = invitations;
    const q = questions[0].id;
    const outcomes = await Promise.allSettled([
      store().spend(spendOf(roundId, a, q, 1)),
      store().spend({ ...spendOf(roundId, b, q, 2), sealed: null as unknown as Buffer }), // NOT NULL refuses it
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
    expect(await t.ctx.db.sealedResponse.count({ where: { roundId } })).toBe(2);
    expect((await t.ctx.db.round.findUniqueOrThrow({ where: { id: roundId } })).respondedCount).toBe(2);
    // b's link still works afterwards.
    await expect(store().spend(spendOf(roundId, b, q, 5))).resolves.toBe(true);
    expect(await closeAndRelease(t.ctx, roundId)).toBe(3);
    const stored = await t.ctx.db.answer.findMany({ where: { response: { roundId } }, select: { value: true, responseId: true } });
    expect(stored.map((x) => x.value).sort()).toEqual([aValue, 3, 5].sort());
    expect(new Set(stored.map((x) => x.responseId)).size).toBe(3);
  });

  it('refuses a spend once the round has closed, so no answer lands after its release', async () => {
    const { roundId, questions, invitations } = await roundFor(2);
    const q = questions[0].id;
    await expect(store().spend(spendOf(roundId, invitations[0], q, 7))).resolves.toBe(true);
    await t.ctx.db.round.update({ where: { id: roundId }, data: { status: 'closed' } });
    await expect(store().spend(spendOf(roundId, invitations[1], q, 8))).resolves.toBe(false);
    expect(await t.ctx.db.invitation.count({ where: { roundId, answered: true } })).toBe(1);
    expect(await t.ctx.db.sealedResponse.count({ where: { roundId } })).toBe(1);
  });
});
