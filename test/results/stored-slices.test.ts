/**
 * A released round's eNPS slice is stored with the round once and read back instead of recomputed,
 * by every process (a fresh process = emptied in-process caches); open rounds and closed rounds whose answers
 * are not released yet are never stored; trends are the same numbers whether slices come from the answers or from the stored column.
 */
import { startTestApp, fixedClock, type TestApp } from '../helpers/test-app';
import { buildDepartment, buildOrg, buildTeam } from '../factories';
import { addResponses, buildRound, same, type BuiltRound } from '../factories/results';
import { enpsSlices, type EnpsSlice } from '../../server/domain/results/enps-slice';
import { decodeSlice, encodeSlice, storeSlices } from '../../server/domain/results/stored-slices';
import { forgetCachedRounds, CLOSED_SETTLE_MS } from '../../server/domain/results/round-cache';
import { listResultRounds } from '../../server/domain/results/result-rounds.service';
import { enpsTrend, type TrendTarget } from '../../server/domain/results/trend.service';
import { closeDueRounds } from '../../server/domain/rounds/close-rounds.service';

const clock = fixedClock('2026-03-01T00:00:00Z');
let t: TestApp;

beforeEach(async () => {
  clock.set('2026-03-01T00:00:00Z');
  t = await startTestApp({ clock });
});
afterEach(() => t.close());

const K = 5;

/** Two departments, four teams; three settled rounds with eNPS (one on the 0–10 scale), one without. */
async function history() {
  await buildOrg(t.ctx.db);
  const sales = await buildDepartment(t.ctx.db, { name: 'Sales' });
  const ops = await buildDepartment(t.ctx.db, { name: 'Operations' });
  const alpha = await buildTeam(t.ctx.db, { name: 'Alpha', departmentId: sales.id });
  const bravo = await buildTeam(t.ctx.db, { name: 'Bravo', departmentId: sales.id });
  const charlie = await buildTeam(t.ctx.db, { name: 'Charlie', departmentId: sales.id });
  const xray = await buildTeam(t.ctx.db, { name: 'Xray', departmentId: ops.id });
  const rounds: BuiltRound[] = [];
  const mixes: [number, number, number, number][] = [
    [10, 6, 3, 7],
    [6, 2, 6, 5],
    [9, 5, 4, 8],
  ];
  for (const [i, [a, b, c, x]] of mixes.entries()) {
    const round = await buildRound(t.ctx.db, {
      openedAt: new Date(Date.UTC(2026, 0, 5 + 7 * i)),
      questions: [{ kind: 'enps', enpsScale: i === 2 ? '0-10' : '1-10' }, { kind: 'rating' }],
    });
    rounds.push(round);
    await addResponses(t.ctx.db, round, { departmentId: sales.id, teamId: alpha.id }, [...same(a - 2, [10 - i, 4]), [3, 2], [null, 5]]);
    await addResponses(t.ctx.db, round, { departmentId: sales.id, teamId: bravo.id }, same(b, [7 + (i % 2), 3]));
    await addResponses(t.ctx.db, round, { departmentId: sales.id, teamId: charlie.id }, same(c, [i === 2 ? 0 : 2, 1]));
    await addResponses(t.ctx.db, round, { departmentId: ops.id, teamId: xray.id }, [...same(x - 1, [9, 5]), [1, 1]]);
    await addResponses(t.ctx.db, round, { departmentId: ops.id, teamId: null }, same(2, [8, 4]));
  }
  const noEnps = await buildRound(t.ctx.db, { openedAt: new Date('2026-02-02T00:00:00Z'), questions: [{ kind: 'rating' }] });
  await addResponses(t.ctx.db, noEnps, { departmentId: sales.id, teamId: alpha.id }, same(6, [4]));
  const targets: TrendTarget[] = [
    { kind: 'company' },
    { kind: 'department', departmentId: sales.id },
    { kind: 'department', departmentId: ops.id },
    ...[alpha, bravo, charlie, xray].map((team): TrendTarget => ({ kind: 'team', teamId: team.id })),
  ];
  return { rounds, noEnps, targets, alpha };
}

async function trends(targets: TrendTarget[]) {
  const rounds = await listResultRounds(t.ctx);
  const out = [];
  for (const target of targets) out.push(await enpsTrend(t.ctx, rounds, target, K, new Map()));
  return out;
}

const stored = async () =>
  new Map((await t.ctx.db.round.findMany({ where: { enpsSlice: { not: null } }, select: { id: true, enpsSlice: true } })).map((r) => [r.id, r.enpsSlice as string]));

const sliceRound = (r: BuiltRound, status: 'open' | 'closed', releasedAt: Date | null) => ({ id: r.id, enpsQuestionId: r.questionIds[0], status, releasedAt });

describe('stored eNPS slices', () => {
  it('stores a settled round’s slice once, and a fresh process reads it instead of the answers', async () => {
    const { rounds, noEnps, targets } = await history();
    const before = await trends(targets);
    const first = await stored();
    expect([...first.keys()].sort()).toEqual(rounds.map((r) => r.id).sort());
    expect(first.has(noEnps.id)).toBe(false);

    // The answers behind the slices are gone: only stored slices can still give the same numbers.
    await t.ctx.db.answer.deleteMany({});
    await t.ctx.db.response.deleteMany({});
    forgetCachedRounds(t.ctx);
    expect(await trends(targets)).toEqual(before);
    // Nothing was recomputed or rewritten.
    expect(await stored()).toEqual(first);
  });

  it('gives the same trend numbers with and without stored slices', async () => {
    const { targets } = await history();
    const computed = await trends(targets);
    expect((await stored()).size).toBe(3);
    forgetCachedRounds(t.ctx);
    const fromStore = await trends(targets);
    expect(fromStore).toEqual(computed);
    // And again from the answers alone, with nothing stored and nothing cached.
    await t.ctx.db.round.updateMany({ data: { enpsSlice: null } });
    forgetCachedRounds(t.ctx);
    expect(await trends(targets.slice(0, 1))).toEqual(computed.slice(0, 1));
    // Visible numbers exist (the comparison is not between empty trends), and some are suppressed.
    const points = computed.flat();
    expect(points.some((p) => p.enps?.score != null)).toBe(true);
    expect(points.some((p) => p.enps === null)).toBe(true);
  });

  it('never stores an open round, nor a closed round whose answers are not released yet', async () => {
    await buildOrg(t.ctx.db);
    const dept = await buildDepartment(t.ctx.db, { name: 'Sales' });
    const team = await buildTeam(t.ctx.db, { name: 'Alpha', departmentId: dept.id });
    const open = await buildRound(t.ctx.db, { status: 'open', openedAt: new Date('2026-02-27T00:00:00Z') });
    const justClosed = await buildRound(t.ctx.db, { openedAt: new Date('2026-02-23T00:00:00Z') });
    const closedAt = new Date(clock.now().getTime() - 10_000);
    await t.ctx.db.round.update({ where: { id: justClosed.id }, data: { closedAt, releasedAt: null } });
    for (const r of [open, justClosed]) await addResponses(t.ctx.db, r, { departmentId: dept.id, teamId: team.id }, same(6, [9]));

    const slices = await enpsSlices(t.ctx, [sliceRound(open, 'open', null), sliceRound(justClosed, 'closed', null)]);
    expect(slices.get(open.id)?.cells[0].responses).toBe(6);
    await closeDueRounds(t.ctx);
    expect((await stored()).size).toBe(0);

    // A late answer still counts until the round settles and is released; then its slice is stored with it.
    await addResponses(t.ctx.db, justClosed, { departmentId: dept.id, teamId: team.id }, same(1, [9]));
    clock.advance(CLOSED_SETTLE_MS);
    await enpsSlices(t.ctx, [sliceRound(open, 'open', null)]);
    await closeDueRounds(t.ctx);
    const after = await stored();
    expect([...after.keys()]).toEqual([justClosed.id]);
    expect(decodeSlice(after.get(justClosed.id) as string)?.cells[0].responses).toBe(7);
  });

  it('has the close-rounds job store a closed round’s slice at the first tick after it settled', async () => {
    await buildOrg(t.ctx.db);
    const dept = await buildDepartment(t.ctx.db, { name: 'Sales' });
    const round = await buildRound(t.ctx.db, { status: 'open', openedAt: new Date('2026-02-24T00:00:00Z') });
    await t.ctx.db.round.update({ where: { id: round.id }, data: { closesAt: new Date('2026-02-28T23:59:00Z') } });
    await addResponses(t.ctx.db, round, { departmentId: dept.id, teamId: null }, same(5, [10]));

    expect(await closeDueRounds(t.ctx)).toEqual([round.id]);
    expect((await stored()).size).toBe(0);
    clock.advance(CLOSED_SETTLE_MS + 1000);
    expect(await closeDueRounds(t.ctx)).toEqual([]);
    const slice = decodeSlice((await stored()).get(round.id) as string);
    expect(slice).toEqual({ questionId: round.questionIds[0], cells: [{ departmentId: dept.id, teamId: null, responses: 5, answers: 5, values: [{ value: 10, count: 5 }] }] });
  });

  it('writes only where nothing is stored yet: a second writer changes nothing', async () => {
    const { rounds } = await history();
    const [round] = rounds;
    const real = (await enpsSlices(t.ctx, [sliceRound(round, 'closed', new Date('2026-01-10T00:00:00Z'))])).get(round.id) as EnpsSlice;
    const once = (await stored()).get(round.id);
    expect(once).toBe(encodeSlice(real));
    await storeSlices(t.ctx, [{ roundId: round.id, slice: { questionId: round.questionIds[0], cells: [] } }]);
    expect((await stored()).get(round.id)).toBe(once);
  });

  it('ignores a stored slice it cannot read and computes the numbers instead', async () => {
    const { rounds, targets } = await history();
    const computed = await trends(targets);
    await t.ctx.db.round.update({ where: { id: rounds[1].id }, data: { enpsSlice: '{"v":99}' } });
    forgetCachedRounds(t.ctx);
    expect(await trends(targets)).toEqual(computed);
  });
});
