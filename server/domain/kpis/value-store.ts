/**
 * The SQL of KPI values, portable between SQLite and PostgreSQL: reading the values a write would touch, the
 * multi-row upserts of values and their history, and the team totals (KpiTeamTotal) moved by the exact difference
 * each write makes. Callers hold the KPI write lock (kpiWrite) inside one transaction. `rebuildTeamTotals`
 * recomputes every total from the values (a test checks the two always agree).
 *
 * Every loop gives the event loop back between statements once a few milliseconds have passed: on SQLite each
 * statement runs synchronously and resolves at once, so a chain of awaited statements would otherwise hold the
 * event loop for the whole transaction.
 */
import crypto from 'node:crypto';
import { Prisma } from '../../../prisma/generated/sqlite/client';
import type { DbTx } from '../../db/client';
import { timeSlicer } from './time-slice';

export interface ValueKey {
  measureKey: string;
  ownerKind: 'person' | 'team';
  ownerId: string;
  periodStart: string;
}

export interface StoredValue extends ValueKey {
  id: string;
  value: bigint | null;
  teamId: string;
  departmentId: string;
}

export const keyOf = (k: ValueKey) => `${k.measureKey}|${k.ownerKind}|${k.ownerId}|${k.periodStart}`;

const CHUNK = 250;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The stored values of `keys` (those that exist), by keyOf. */
export async function loadValues(db: DbTx, keys: readonly ValueKey[]): Promise<Map<string, StoredValue>> {
  const found = new Map<string, StoredValue>();
  const wanted = new Set(keys.map(keyOf));
  const slice = timeSlicer();
  for (const kind of ['person', 'team'] as const) {
    const mine = keys.filter((k) => k.ownerKind === kind);
    if (!mine.length) continue;
    const starts = [...new Set(mine.map((k) => k.periodStart))];
    const measures = [...new Set(mine.map((k) => k.measureKey))];
    for (const owners of chunks([...new Set(mine.map((k) => k.ownerId))], CHUNK)) {
      await slice();
      const rows = await db.kpiValue.findMany({
        where: { ownerKind: kind, ownerId: { in: owners }, periodStart: starts.length <= CHUNK ? { in: starts } : undefined, measureKey: { in: measures } },
        select: { id: true, measureKey: true, ownerKind: true, ownerId: true, periodStart: true, value: true, teamId: true, departmentId: true },
      });
      for (const r of rows) {
        const v = r as StoredValue;
        if (wanted.has(keyOf(v))) found.set(keyOf(v), v);
      }
    }
  }
  return found;
}

export interface ValueRow extends ValueKey {
  id: string;
  teamId: string;
  departmentId: string;
  grain: string;
  monthIndex: number;
  value: bigint | null;
}

/** Inserts new values and changes existing ones (matched by key; an existing row keeps its id and snapshot). */
export async function upsertValues(tx: DbTx, rows: readonly ValueRow[], now: Date): Promise<void> {
  const slice = timeSlicer();
  for (const chunk of chunks(rows, CHUNK)) {
    await slice();
    const tuples = chunk.map(
      (r) => Prisma.sql`(${r.id}, ${r.measureKey}, ${r.ownerKind}, ${r.ownerId}, ${r.teamId}, ${r.departmentId}, ${r.grain}, ${r.periodStart}, ${r.monthIndex}, ${r.value}, ${now}, ${now})`,
    );
    await tx.$executeRaw(Prisma.sql`
      INSERT INTO "KpiValue" ("id", "measureKey", "ownerKind", "ownerId", "teamId", "departmentId", "grain", "periodStart", "monthIndex", "value", "createdAt", "updatedAt")
      VALUES ${Prisma.join(tuples)}
      ON CONFLICT ("measureKey", "ownerKind", "ownerId", "periodStart") DO UPDATE SET "value" = excluded."value", "updatedAt" = excluded."updatedAt"`);
  }
}

export interface ChangeRow {
  valueId: string;
  oldValue: bigint | null;
  newValue: bigint | null;
  source: string;
  changedById: string | null;
  apiTokenId: string | null;
  importId: string | null;
  reason: string | null;
}

/** Appends history rows, written by the write with sequence number `seq`. */
export async function insertChanges(tx: DbTx, rows: readonly ChangeRow[], now: Date, seq: number): Promise<void> {
  const slice = timeSlicer();
  for (const chunk of chunks(rows, CHUNK)) {
    await slice();
    const tuples = chunk.map(
      (r) => Prisma.sql`(${crypto.randomUUID()}, ${r.valueId}, ${r.oldValue}, ${r.newValue}, ${r.source}, ${r.changedById}, ${r.apiTokenId}, ${r.importId}, ${r.reason}, ${now}, ${seq})`,
    );
    await tx.$executeRaw(Prisma.sql`
      INSERT INTO "KpiValueChange" ("id", "valueId", "oldValue", "newValue", "source", "changedById", "apiTokenId", "importId", "reason", "changedAt", "seq")
      VALUES ${Prisma.join(tuples)}`);
  }
}

export interface TotalDelta {
  teamId: string;
  departmentId: string;
  measureKey: string;
  periodStart: string;
  grain: string;
  monthIndex: number;
  /** Change of the sum (new − old, a missing value counting 0). */
  total: bigint;
  /** Change of the number of values that are not null. */
  count: number;
}

/**
 * Adds `deltas` (one per team snapshot, measure and period at most) to KpiTeamTotal. Exact, because the caller holds
 * the KPI write lock and computed each delta from the old value read under it; a row whose count of values falls to
 * 0 has no total. A new row never starts below zero: no value of its key existed before.
 */
export async function addTeamTotals(tx: DbTx, deltas: readonly TotalDelta[]): Promise<void> {
  const slice = timeSlicer();
  for (const chunk of chunks(deltas, CHUNK)) {
    await slice();
    const tuples = chunk.map((d) => Prisma.sql`(${d.teamId}, ${d.departmentId}, ${d.measureKey}, ${d.periodStart}, ${d.grain}, ${d.monthIndex}, ${d.total}, ${d.count})`);
    await tx.$executeRaw(Prisma.sql`
      INSERT INTO "KpiTeamTotal" ("teamId", "departmentId", "measureKey", "periodStart", "grain", "monthIndex", "total", "count")
      VALUES ${Prisma.join(tuples)}
      ON CONFLICT ("teamId", "departmentId", "measureKey", "periodStart") DO UPDATE SET
        "total" = CASE WHEN "KpiTeamTotal"."count" + excluded."count" = 0 THEN NULL ELSE COALESCE("KpiTeamTotal"."total", 0) + excluded."total" END,
        "count" = "KpiTeamTotal"."count" + excluded."count"`);
  }
}

/** Rebuilds every team total from the values (maintenance, benchmarks, tests). */
export async function rebuildTeamTotals(db: DbTx): Promise<void> {
  await db.$executeRaw`DELETE FROM "KpiTeamTotal"`;
  await db.$executeRaw`
    INSERT INTO "KpiTeamTotal" ("teamId", "departmentId", "measureKey", "periodStart", "grain", "monthIndex", "total", "count")
    SELECT v."teamId", v."departmentId", v."measureKey", v."periodStart", MIN(v."grain"), MIN(v."monthIndex"), SUM(v."value"), COUNT(v."value")
    FROM "KpiValue" v WHERE 1 = 1
    GROUP BY v."teamId", v."departmentId", v."measureKey", v."periodStart"`;
}
