/**
 * Releasing a round's answers: a failure in the middle of a release transaction (here the database refuses an
 * answer row, as a crash or a full disk would stop it) changes nothing in it. Every answer stays either released
 * or sealed, no response is half-written, results stay hidden, and the next tick releases every answer once.
 */
import request from 'supertest';
import { startTestApp, fixedClock, type TestApp } from '../helpers/test-app';
import { testProvider } from '../helpers/test-db';
import { buildEmployee, buildTeam } from '../factories';
import { openTestRound } from '../rounds/round-helpers';
import { closeDueRounds } from '../../server/domain/rounds/close-rounds.service';
import { CLOSED_SETTLE_MS } from '../../server/domain/results/round-cache';
import { releaseRound } from '../../server/domain/rounds/release.service';

const clock = fixedClock('2026-03-02T09:00:00Z');
let t: TestApp;
beforeEach(async () => {
  clock.set('2026-03-02T09:00:00Z');
  t = await startTestApp({ clock });
});
afterEach(() => t.close());

const PEOPLE = 25;

/** Makes the database refuse every Answer row once `limit` are stored (a fault in the middle of a release). */
async function injectFault(limit: number): Promise<() => Promise<void>> {
  if (t.ctx.provider === 'sqlite') {
    await t.ctx.db.$executeRawUnsafe(`CREATE TRIGGER fault_answer BEFORE INSERT ON "Answer" WHEN (SELECT count(*) FROM "Answer") >= ${limit} BEGIN SELECT RAISE(ABORT, 'injected fault'); END`);
    return async () => void (await t.ctx.db.$executeRawUnsafe('DROP TRIGGER fault_answer'));
  }
  await t.ctx.db.$executeRawUnsafe(`CREATE FUNCTION fault_answer() RETURNS trigger AS $$ BEGIN IF (SELECT count(*) FROM "Answer") >= ${limit} THEN RAISE EXCEPTION 'injected fault'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`);
  await t.ctx.db.$executeRawUnsafe(`CREATE TRIGGER fault_answer BEFORE INSERT ON "Answer" FOR EACH ROW EXECUTE FUNCTION fault_answer()`);
  return async () => {
    await t.ctx.db.$executeRawUnsafe('DROP TRIGGER fault_answer ON "Answer"');
    await t.ctx.db.$executeRawUnsafe('DROP FUNCTION fault_answer()');
  };
}

it(`on ${testProvider()}: a release that fails midway changes nothing, and the next tick releases every answer once`, async () => {
  const team = await buildTeam(t.ctx.db);
  for (let i = 0; i < PEOPLE; i++) await buildEmployee(t.ctx.db, { teamId: team.id });
  const { roundId, links } = await openTestRound(t.ctx, { questions: [{ kind: 'enps' }, { kind: 'rating' }] });
  for (const link of links.values()) expect((await request(t.app).post(link).type('form').send({ q1: '8', q2: '3' })).status).toBe(200);

  const heal = await injectFault(30);
  clock.set('2026-03-07T09:00:01Z');
  await closeDueRounds(t.ctx);
  clock.advance(CLOSED_SETTLE_MS + 1_000);
  await closeDueRounds(t.ctx); // the release fails on the 31st answer row, inside its transaction
  const round = await t.ctx.db.round.findUniqueOrThrow({ where: { id: roundId } });
  expect(round.status).toBe('closed');
  expect(round.releasedAt).toBeNull();
  expect(await t.ctx.db.response.count()).toBe(0);
  expect(await t.ctx.db.answer.count()).toBe(0);
  expect(await t.ctx.db.sealedResponse.count({ where: { roundId } })).toBe(PEOPLE);
  // The traces are not reduced before the answers are out: who answered is still known, so nothing is lost.
  expect(await t.ctx.db.invitation.count({ where: { roundId, answered: true } })).toBe(PEOPLE);

  await heal();
  clock.advance(60_000);
  await closeDueRounds(t.ctx);
  expect(await t.ctx.db.response.count({ where: { roundId } })).toBe(PEOPLE);
  expect(await t.ctx.db.answer.count()).toBe(PEOPLE * 2);
  expect(await t.ctx.db.sealedResponse.count()).toBe(0);
  expect(await t.ctx.db.invitation.count({ where: { roundId, answered: true } })).toBe(0);
  // A further tick changes nothing: released once.
  await closeDueRounds(t.ctx);
  expect(await t.ctx.db.response.count({ where: { roundId } })).toBe(PEOPLE);
});

it(`on ${testProvider()}: a release that fails between batches leaves each answer released or sealed, never both, never lost`, async () => {
  const team = await buildTeam(t.ctx.db);
  for (let i = 0; i < PEOPLE; i++) await buildEmployee(t.ctx.db, { teamId: team.id });
  const { roundId, links } = await openTestRound(t.ctx, { questions: [{ kind: 'enps' }, { kind: 'rating' }] });
  for (const link of links.values()) expect((await request(t.app).post(link).type('form').send({ q1: '8', q2: '3' })).status).toBe(200);
  clock.set('2026-03-07T09:00:01Z');
  await closeDueRounds(t.ctx);

  // Batches of 10 responses (20 answer rows): the second batch fails at the 25th answer row; the first stays written.
  const heal = await injectFault(25);
  await expect(releaseRound(t.ctx, roundId, 10)).rejects.toThrow();
  expect(await t.ctx.db.response.count({ where: { roundId } })).toBe(10);
  expect(await t.ctx.db.sealedResponse.count({ where: { roundId } })).toBe(PEOPLE - 10);
  expect((await t.ctx.db.round.findUniqueOrThrow({ where: { id: roundId } })).releasedAt).toBeNull();
  await heal();

  clock.advance(CLOSED_SETTLE_MS + 1_000);
  await closeDueRounds(t.ctx);
  expect(await t.ctx.db.response.count({ where: { roundId } })).toBe(PEOPLE);
  expect(await t.ctx.db.answer.count()).toBe(PEOPLE * 2);
  expect(await t.ctx.db.sealedResponse.count()).toBe(0);
  expect((await t.ctx.db.round.findUniqueOrThrow({ where: { id: roundId } })).releasedAt).not.toBeNull();
});
