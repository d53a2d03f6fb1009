/**
 * The second level of the eNPS slice cache (after the in-process LRU): a settled closed round's slice is kept
 * as JSON in `Round.enpsSlice`, so no process computes it twice. One column rather than a table of cells: a
 * slice is always read whole (the remainder rule needs every cell of the round), written once, and one
 * conditional UPDATE ("only where still null") makes concurrent writers of the same slice harmless.
 *
 * Why a stored slice stays right: it is written only for settled rounds (closed over CLOSED_SETTLE_MS ago, so
 * no answer is still in flight), and nothing changes a closed round's responses afterwards: no code deletes
 * or updates Response or Answer rows, a round never reopens, responses keep their own department/team ids
 * (no foreign key, so org changes leave them alone), a round's question snapshot is never edited, answers
 * carry no person (erasing a person cannot touch them) and deleting a round takes its slice with it. Anything
 * added later that deletes answers of a closed round must set `enpsSlice` back to null.
 * Only counts per cell are stored; suppression is applied when presenting, as for computed slices.
 */
import { Prisma } from '../../../prisma/generated/sqlite/client';
import type { AppContext } from '../../context';
import { inWriteTurn } from '../rounds/write-turns';
import type { EnpsSlice, SliceCell, SliceRound } from './enps-slice';

const FORMAT = 1;
/** [departmentId, teamId, responses, [value, count, value, count, …]] */
type StoredCell = [string | null, string | null, number, number[]];
interface StoredSlice {
  v: number;
  q: string;
  c: StoredCell[];
}

export function encodeSlice(slice: EnpsSlice): string {
  const c: StoredCell[] = slice.cells.map((cell) => [cell.departmentId, cell.teamId, cell.responses, cell.values.flatMap((v) => [v.value, v.count])]);
  return JSON.stringify({ v: FORMAT, q: slice.questionId, c } satisfies StoredSlice);
}

const isId = (x: unknown): x is string | null => x === null || typeof x === 'string';
const isCount = (x: unknown): x is number => Number.isInteger(x) && (x as number) >= 0;

/** The slice stored as `text`, or null when it is not one this version reads. */
export function decodeSlice(text: string): EnpsSlice | null {
  let stored: unknown;
  try {
    stored = JSON.parse(text);
  } catch {
    return null;
  }
  const s = stored as Partial<StoredSlice> | null;
  if (!s || s.v !== FORMAT || typeof s.q !== 'string' || !Array.isArray(s.c)) return null;
  const cells: SliceCell[] = [];
  for (const c of s.c as unknown[]) {
    if (!Array.isArray(c) || c.length !== 4 || !isId(c[0]) || !isId(c[1]) || !isCount(c[2]) || !Array.isArray(c[3]) || c[3].length % 2 !== 0) return null;
    const flat = c[3] as unknown[];
    if (!flat.every((x) => Number.isInteger(x))) return null;
    const values = [];
    let answers = 0;
    for (let i = 0; i < flat.length; i += 2) {
      values.push({ value: flat[i] as number, count: flat[i + 1] as number });
      answers += flat[i + 1] as number;
    }
    cells.push({ departmentId: c[0], teamId: c[1], responses: c[2], answers, values });
  }
  return { questionId: s.q, cells };
}

/**
 * The stored slices of `rounds` (callers pass settled rounds), in one query; a round whose stored slice is
 * missing, unreadable or of another eNPS question is left out (the caller computes it).
 */
export async function readStoredSlices(ctx: AppContext, rounds: readonly SliceRound[]): Promise<Map<string, EnpsSlice>> {
  const out = new Map<string, EnpsSlice>();
  if (rounds.length === 0) return out;
  const rows = await ctx.db.round.findMany({ where: { id: { in: rounds.map((r) => r.id) }, enpsSlice: { not: null } }, select: { id: true, enpsSlice: true } });
  const byId = new Map(rounds.map((r) => [r.id, r]));
  for (const row of rows) {
    const slice = decodeSlice(row.enpsSlice as string);
    if (slice && slice.questionId === byId.get(row.id)?.enpsQuestionId) out.set(row.id, slice);
    else ctx.logger.warn({ event: 'enps_slice_unreadable', roundId: row.id }, 'stored eNPS slice ignored');
  }
  return out;
}

const WRITE_CHUNK = 50;

/**
 * Stores the slices of settled closed rounds where none is stored yet, one UPDATE per chunk. Another instance
 * storing the same slice at the same moment is harmless: both are the same numbers, and only a null is
 * replaced. A failure is logged, never thrown: the page that computed the slices still shows them.
 */
export async function storeSlices(ctx: AppContext, entries: readonly { roundId: string; slice: EnpsSlice }[]): Promise<void> {
  for (let i = 0; i < entries.length; i += WRITE_CHUNK) {
    const chunk = entries.slice(i, i + WRITE_CHUNK);
    const cases = chunk.map((e) => Prisma.sql`WHEN ${e.roundId} THEN ${encodeSlice(e.slice)}`);
    try {
      await inWriteTurn(ctx, () =>
        ctx.db.$executeRaw(Prisma.sql`
          UPDATE "Round" SET "enpsSlice" = CASE "id" ${Prisma.join(cases, ' ')} END
          WHERE "id" IN (${Prisma.join(chunk.map((e) => e.roundId))}) AND "status" = 'closed' AND "enpsSlice" IS NULL`),
      );
    } catch (err) {
      ctx.logger.warn({ event: 'enps_slice_not_stored', err, rounds: chunk.length }, 'eNPS slices not stored');
    }
  }
}
