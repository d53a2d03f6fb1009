/**
 * Roll-ups of base measures, exact at every level: the database sums the stored integers (GROUP BY over indexed
 * columns), and every KPI is then computed from those sums — never from other KPIs' results, never averaged.
 *
 *  - company: KpiTeamTotal grouped by department snapshot; department: KpiTeamTotal of that department by team;
 *  - team: KpiValue of that team snapshot by owner (each person, and the team's own team-level values);
 *  - person: KpiValue of that person.
 *
 * Cells come per (child, measure, period start); `foldWindow` adds them up over a period by each measure's rule:
 * flows sum, opening stocks take the first period with a value, closing stocks the last. No value: missing.
 */
import { Prisma } from '../../../prisma/generated/sqlite/client';
import type { DbTx } from '../../db/client';
import type { Aggregation } from './catalogue';
import { valueInPeriod, type Grain, type Period } from './periods';

export type Scope = { kind: 'company' } | { kind: 'department'; id: string } | { kind: 'team'; id: string } | { kind: 'person'; id: string };

export interface Cell {
  /** The breakdown row it belongs to: a department id (company), team id (department), person:<id> or team:<id> (team), the person (person). */
  child: string;
  measureKey: string;
  periodStart: string;
  grain: Grain;
  monthIndex: number;
  total: bigint | null;
  count: number;
}

type Num = bigint | number | string | null;
interface RawCell {
  child: string | null;
  measureKey: string;
  periodStart: string;
  grain: string;
  monthIndex: Num;
  total: Num;
  n: Num;
}

const big = (v: Num): bigint | null => (v === null ? null : typeof v === 'bigint' ? v : BigInt(typeof v === 'number' ? Math.round(v) : String(v).split('.')[0]));

/** The cells of `scope` in month indexes [firstMonth, lastMonth] for values of `grains`. */
export async function loadCells(db: DbTx, scope: Scope, firstMonth: number, lastMonth: number, grains: readonly Grain[]): Promise<Cell[]> {
  const range = Prisma.sql`"monthIndex" BETWEEN ${firstMonth} AND ${lastMonth} AND "grain" IN (${Prisma.join(grains)})`;
  let rows: RawCell[];
  if (scope.kind === 'company' || scope.kind === 'department') {
    const child = scope.kind === 'company' ? Prisma.sql`"departmentId"` : Prisma.sql`"teamId"`;
    const where = scope.kind === 'company' ? range : Prisma.sql`"departmentId" = ${scope.id} AND ${range}`;
    rows = await db.$queryRaw<RawCell[]>(Prisma.sql`
      SELECT ${child} AS "child", "measureKey" AS "measureKey", "periodStart" AS "periodStart", MIN("grain") AS "grain", MIN("monthIndex") AS "monthIndex",
        SUM("total") AS "total", SUM("count") AS "n"
      FROM "KpiTeamTotal" WHERE ${where}
      GROUP BY ${child}, "measureKey", "periodStart"`);
  } else {
    const where = scope.kind === 'team' ? Prisma.sql`"teamId" = ${scope.id}` : Prisma.sql`"ownerKind" = 'person' AND "ownerId" = ${scope.id}`;
    rows = await db.$queryRaw<RawCell[]>(Prisma.sql`
      SELECT "ownerKind" || ':' || "ownerId" AS "child", "measureKey" AS "measureKey", "periodStart" AS "periodStart", MIN("grain") AS "grain", MIN("monthIndex") AS "monthIndex",
        SUM("value") AS "total", COUNT("value") AS "n"
      FROM "KpiValue" WHERE ${where} AND ${range}
      GROUP BY "ownerKind", "ownerId", "measureKey", "periodStart"`);
  }
  return rows.map((r) => ({ child: r.child ?? '', measureKey: r.measureKey, periodStart: r.periodStart, grain: r.grain as Grain, monthIndex: Number(r.monthIndex), total: big(r.total), count: Number(r.n) }));
}

/** The cells summed over children: one per (measure, period start). */
export function totalCells(cells: readonly Cell[]): Cell[] {
  const by = new Map<string, Cell>();
  for (const c of cells) {
    const k = `${c.measureKey}|${c.periodStart}`;
    const t = by.get(k);
    if (!t) by.set(k, { ...c, child: '' });
    else {
      t.count += c.count;
      t.total = c.total === null ? t.total : (t.total ?? 0n) + c.total;
    }
  }
  return [...by.values()];
}

/** Each measure's stored integer over period `p` (null when it has no value there). */
export function foldWindow(cells: readonly Cell[], p: Period, aggregationOf: (measureKey: string) => Aggregation | undefined): Map<string, bigint | null> {
  const inWindow = cells.filter((c) => c.count > 0 && c.total !== null && valueInPeriod(p, c.grain, c.periodStart, c.monthIndex)).sort((a, b) => a.periodStart.localeCompare(b.periodStart));
  const out = new Map<string, bigint | null>();
  for (const c of inWindow) {
    const agg = aggregationOf(c.measureKey) ?? 'sum';
    const had = out.get(c.measureKey);
    if (agg === 'sum') out.set(c.measureKey, (had ?? 0n) + (c.total as bigint));
    else if (agg === 'closing' || had === undefined) out.set(c.measureKey, c.total);
  }
  return out;
}
