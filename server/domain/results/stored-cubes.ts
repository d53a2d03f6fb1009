/**
 * The second level of the round-cube cache (after the in-process LRU), as stored-slices.ts is for eNPS slices: a
 * settled closed round's cube is kept as JSON in `Round.resultCube`, so a restarted or another instance reads it
 * in one row instead of adding up every answer of the round again (the team page's "what moved" panel reads two
 * round results, the round page one). Why it stays right is why a stored slice does (stored-slices.ts): nothing
 * changes a settled round's responses; a late release sets it back to null (rounds/release.service.ts).
 *
 * What it holds is what the round's released responses already say to anyone with the database — counts per
 * department/team cell — never a person and never a view: thresholds and the viewer apply on every request.
 * Compact form: groups and questions listed once and referred to by index.
 */
import { Prisma } from '../../../prisma/generated/sqlite/client';
import type { AppContext } from '../../context';
import { inWriteTurn } from '../rounds/write-turns';
import type { Cell } from './groups';
import type { RoundCube } from './round-cube';

const FORMAT = 1;
type Id = string | null;
interface StoredCube {
  v: number;
  /** [departmentId, teamId] of every cell. */
  g: [Id, Id][];
  /** question ids. */
  q: string[];
  /** responses [group, n]; invitations [group, invited]. */
  r: [number, number][];
  i: [number, number][];
  /** values [group, question, value, n]; choice lists [group, question, choices, n]; comments [group, question, n]. */
  x: [number, number, number, number][];
  c: [number, number, string, number][];
  m: [number, number, number][];
}

export function encodeCube(cube: RoundCube): string {
  const groups = new Map<string, number>();
  const g: [Id, Id][] = [];
  const gi = (c: { departmentId: Id; teamId: Id }) => {
    const key = `${c.departmentId ?? ''}\u0000${c.teamId ?? ''}`;
    let i = groups.get(key);
    if (i === undefined) {
      i = g.length;
      g.push([c.departmentId, c.teamId]);
      groups.set(key, i);
    }
    return i;
  };
  const questions = new Map<string, number>();
  const q: string[] = [];
  const qi = (id: string) => {
    let i = questions.get(id);
    if (i === undefined) {
      i = q.length;
      q.push(id);
      questions.set(id, i);
    }
    return i;
  };
  const stored: StoredCube = {
    v: FORMAT,
    g,
    q,
    r: cube.responses.map((c) => [gi(c), c.n]),
    i: cube.invitations.map((c) => [gi(c), c.invited]),
    x: cube.values.map((c) => [gi(c), qi(c.questionId), c.value, c.n]),
    c: cube.choices.map((c) => [gi(c), qi(c.questionId), c.choices, c.n]),
    m: cube.comments.map((c) => [gi(c), qi(c.questionId), c.n]),
  };
  return JSON.stringify(stored);
}

const isId = (x: unknown): x is Id => x === null || typeof x === 'string';
const isCount = (x: unknown): x is number => Number.isInteger(x) && (x as number) >= 0;
const rowsOf = (x: unknown, length: number): unknown[][] | null => (Array.isArray(x) && x.every((r) => Array.isArray(r) && r.length === length) ? (x as unknown[][]) : null);

/** The cube stored as `text`, or null when it is not one this version reads. */
export function decodeCube(text: string): RoundCube | null {
  let s: Partial<StoredCube> | null;
  try {
    s = JSON.parse(text) as Partial<StoredCube> | null;
  } catch {
    return null;
  }
  if (!s || s.v !== FORMAT || !Array.isArray(s.q) || !s.q.every((x) => typeof x === 'string')) return null;
  const g = rowsOf(s.g, 2);
  const [r, i, x, c, m] = [rowsOf(s.r, 2), rowsOf(s.i, 2), rowsOf(s.x, 4), rowsOf(s.c, 4), rowsOf(s.m, 3)];
  if (!g || !r || !i || !x || !c || !m || !g.every(([d, t]) => isId(d) && isId(t))) return null;
  const q = s.q;
  const groupOk = (n: unknown) => isCount(n) && (n as number) < g.length;
  const questionOk = (n: unknown) => isCount(n) && (n as number) < q.length;
  const cell = (n: number, count: number): Cell => ({ departmentId: g[n][0] as Id, teamId: g[n][1] as Id, n: count });
  if (!r.every(([a, n]) => groupOk(a) && isCount(n)) || !i.every(([a, n]) => groupOk(a) && isCount(n))) return null;
  if (!x.every(([a, b, v, n]) => groupOk(a) && questionOk(b) && Number.isInteger(v) && isCount(n))) return null;
  if (!c.every(([a, b, v, n]) => groupOk(a) && questionOk(b) && typeof v === 'string' && isCount(n))) return null;
  if (!m.every(([a, b, n]) => groupOk(a) && questionOk(b) && isCount(n))) return null;
  return {
    responses: r.map(([a, n]) => cell(a as number, n as number)),
    invitations: i.map(([a, n]) => ({ departmentId: g[a as number][0] as Id, teamId: g[a as number][1] as Id, invited: n as number })),
    values: x.map(([a, b, v, n]) => ({ ...cell(a as number, n as number), questionId: q[b as number], value: v as number })),
    choices: c.map(([a, b, v, n]) => ({ ...cell(a as number, n as number), questionId: q[b as number], choices: v as string })),
    comments: m.map(([a, b, n]) => ({ ...cell(a as number, n as number), questionId: q[b as number] })),
  };
}

/**
 * The stored cube of a settled round, or null when none is stored or it cannot be read (the caller computes it).
 * One it cannot read (another format) is cleared, so the caller's computed cube replaces it.
 */
export async function readStoredCube(ctx: AppContext, roundId: string): Promise<RoundCube | null> {
  const row = await ctx.db.round.findUnique({ where: { id: roundId }, select: { resultCube: true } });
  if (!row?.resultCube) return null;
  const cube = decodeCube(row.resultCube);
  if (!cube) {
    ctx.logger.warn({ event: 'result_cube_unreadable', roundId }, 'stored round cube ignored');
    await inWriteTurn(ctx, () => ctx.db.round.updateMany({ where: { id: roundId, resultCube: row.resultCube }, data: { resultCube: null } })).catch(() => undefined);
  }
  return cube;
}

/**
 * Stores the cube of a settled closed round where none is stored yet. Another instance storing the same cube at
 * the same moment is harmless (the same numbers; only a null is replaced). A failure is logged, never thrown:
 * the page that computed the cube still shows it.
 */
export async function storeCube(ctx: AppContext, roundId: string, cube: RoundCube): Promise<void> {
  try {
    await inWriteTurn(ctx, () =>
      ctx.db.$executeRaw(Prisma.sql`
        UPDATE "Round" SET "resultCube" = ${encodeCube(cube)}
        WHERE "id" = ${roundId} AND "status" = 'closed' AND "releasedAt" IS NOT NULL AND "resultCube" IS NULL`),
    );
  } catch (err) {
    ctx.logger.warn({ event: 'result_cube_not_stored', err, roundId }, 'round cube not stored');
  }
}
