/**
 * A released round's result cube is stored with the round once and read back instead of added up again, by every
 * process (a fresh process = emptied in-process caches); open rounds and closed rounds whose answers are not
 * released yet are never stored; the close-rounds job stores the cubes of settled rounds before anyone asks; a
 * stored cube this version cannot read is ignored and the numbers come from the answers.
 */
import { startTestApp, fixedClock, type TestApp } from '../helpers/test-app';
import { buildDepartment, buildOrg, buildTeam } from '../factories';
import { addResponses, buildRound, same } from '../factories/results';
import { roundResults } from '../../server/domain/results/round-results.service';
import { loadRoundCube } from '../../server/domain/results/round-cube';
import { decodeCube, encodeCube } from '../../server/domain/results/stored-cubes';
import { forgetCachedRounds } from '../../server/domain/results/round-cache';
import { closeDueRounds } from '../../server/domain/rounds/close-rounds.service';
import type { Viewer } from '../../server/domain/results/access';

const clock = fixedClock('2026-03-01T00:00:00Z');
let t: TestApp;
const hr = (id: string): Viewer => ({ id, role: 'hr_admin', teamIds: new Set() });

beforeEach(async () => {
  clock.set('2026-03-01T00:00:00Z');
  t = await startTestApp({ clock });
});
afterEach(() => t.close());

/** A settled round with every kind of question, answered in three teams and by people without a team. */
async function settledRound() {
  const { admin } = await buildOrg(t.ctx.db);
  const sales = await buildDepartment(t.ctx.db, { name: 'Sales' });
  const ops = await buildDepartment(t.ctx.db, { name: 'Operations' });
  const alpha = await buildTeam(t.ctx.db, { name: 'Alpha', departmentId: sales.id });
  const bravo = await buildTeam(t.ctx.db, { name: 'Bravo', departmentId: sales.id });
  const xray = await buildTeam(t.ctx.db, { name: 'Xray', departmentId: ops.id });
  const round = await buildRound(t.ctx.db, {
    openedAt: new Date('2026-02-02T00:00:00Z'),
    questions: [{ kind: 'enps' }, { kind: 'rating' }, { kind: 'single', options: ['Yes', 'No'] }, { kind: 'multi', options: ['A', 'B', 'C'] }, { kind: 'comment' }],
  });
  await addResponses(t.ctx.db, round, { departmentId: sales.id, teamId: alpha.id }, [...same(5, [10, 4, ['Yes'], ['A', 'B'], 'Great team']), [3, 2, ['No'], ['C'], null], [null, 5, null, null, 'More training']]);
  await addResponses(t.ctx.db, round, { departmentId: sales.id, teamId: bravo.id }, same(6, [7, 3, ['No'], ['B'], null]));
  await addResponses(t.ctx.db, round, { departmentId: ops.id, teamId: xray.id }, [...same(4, [9, 5, ['Yes'], ['A'], 'Fine']), [1, 1, ['No'], ['C'], '']]);
  await addResponses(t.ctx.db, round, { departmentId: ops.id, teamId: null }, same(2, [8, 4, ['Yes'], ['A', 'C'], null]));
  return { admin, round };
}

const storedCube = async (roundId: string) => (await t.ctx.db.round.findUniqueOrThrow({ where: { id: roundId }, select: { resultCube: true } })).resultCube;

describe('stored round cubes', () => {
  it('stores a settled round’s cube once, and a fresh process reads it instead of the answers', async () => {
    const { admin, round } = await settledRound();
    expect(await storedCube(round.id)).toBeNull();
    const before = await roundResults(t.ctx, round.id, hr(admin.id));
    const first = await storedCube(round.id);
    expect(first).not.toBeNull();
    // Visible numbers exist (the comparison is not between empty pages).
    expect(before.departments.flatMap((d) => d.teams).some((g) => g.visible)).toBe(true);

    // The answers behind the cube are gone: only the stored cube can still give the same page.
    await t.ctx.db.answer.deleteMany({});
    await t.ctx.db.response.deleteMany({});
    forgetCachedRounds(t.ctx);
    expect(await roundResults(t.ctx, round.id, hr(admin.id))).toEqual(before);
    expect(await storedCube(round.id)).toBe(first);
  });

  it('reads back exactly the cube it stored, and holds no answer text', async () => {
    const { round } = await settledRound();
    const cube = await loadRoundCube(t.ctx, round.id);
    expect(cube.values.length).toBeGreaterThan(0);
    expect(cube.choices.length).toBeGreaterThan(0);
    expect(cube.comments.length).toBeGreaterThan(0);
    expect(cube.responses.some((c) => c.teamId === null)).toBe(true);
    const text = encodeCube(cube);
    expect(decodeCube(text)).toEqual(cube);
    expect(text).not.toMatch(/Great team|More training|Fine/);
    // Anything else is not a cube: a page then adds the answers up again.
    for (const bad of ['', 'null', '{"v":2}', text.replace('"v":1', '"v":9'), JSON.stringify({ ...JSON.parse(text), r: [[99, 1]] }), JSON.stringify({ ...JSON.parse(text), x: [[0, 0, 1.5, 1]] })]) {
      expect(decodeCube(bad)).toBeNull();
    }
  });

  it('ignores a stored cube it cannot read, shows the numbers from the answers and stores a readable one', async () => {
    const { admin, round } = await settledRound();
    const before = await roundResults(t.ctx, round.id, hr(admin.id));
    await t.ctx.db.round.update({ where: { id: round.id }, data: { resultCube: '{"v":1,"g":"broken"}' }, select: { id: true } });
    forgetCachedRounds(t.ctx);
    expect(await roundResults(t.ctx, round.id, hr(admin.id))).toEqual(before);
    // …and replaces it with one it can read.
    expect(decodeCube((await storedCube(round.id)) as string)).toEqual(await loadRoundCube(t.ctx, round.id));
  });

  it('never stores an open round, nor a closed round whose answers are not released yet; the job stores settled ones', async () => {
    const { admin, round: settled } = await settledRound();
    const open = await buildRound(t.ctx.db, { status: 'open', openedAt: new Date('2026-02-27T00:00:00Z') });
    const unreleased = await buildRound(t.ctx.db, { openedAt: new Date('2026-02-23T00:00:00Z') });
    await t.ctx.db.round.update({ where: { id: unreleased.id }, data: { closesAt: new Date('2026-02-28T23:59:00Z'), closedAt: new Date('2026-02-28T23:59:50Z'), releasedAt: null }, select: { id: true } });
    await t.ctx.db.round.update({ where: { id: open.id }, data: { closesAt: new Date('2026-03-08T00:00:00Z') }, select: { id: true } });
    await expect(roundResults(t.ctx, unreleased.id, hr(admin.id))).rejects.toThrow();
    await closeDueRounds(t.ctx);
    expect(await storedCube(settled.id)).not.toBeNull();
    expect(await storedCube(open.id)).toBeNull();
    // Closed 10 s ago: not settled, so not released and not stored; it is, once it has settled.
    expect(await t.ctx.db.round.findUniqueOrThrow({ where: { id: unreleased.id }, select: { releasedAt: true, resultCube: true } })).toEqual({ releasedAt: null, resultCube: null });
    clock.set('2026-03-01T00:10:00Z');
    await closeDueRounds(t.ctx);
    await closeDueRounds(t.ctx);
    const later = await t.ctx.db.round.findUniqueOrThrow({ where: { id: unreleased.id }, select: { releasedAt: true, resultCube: true } });
    expect(later.releasedAt).not.toBeNull();
    expect(later.resultCube).not.toBeNull();
    expect(await storedCube(open.id)).toBeNull();
  });
});
