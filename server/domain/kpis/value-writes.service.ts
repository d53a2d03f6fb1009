/**
 * The one way KPI values are written — the entry grid, a CSV import and the API all come here: `planWrites`
 * says what each row would do (new, changed from → to, unchanged) without writing; `applyWrites` writes every
 * new or changed value, its history row and the team totals it touches, in ONE transaction (all or nothing).
 * Writing the same rows again changes nothing and records nothing (idempotent).
 *
 * The plan is made before the transaction (reads only); inside it, after the KPI write lock, it is reused when the
 * write sequence shows nobody wrote in between, and made again otherwise, so old values in the history are exact.
 */
import crypto from 'node:crypto';
import type { AppContext } from '../../context';
import type { DbTx } from '../../db/client';
import type { MeasureDef } from './kpi-definitions.service';
import { currentWriteSeq, kpiWrite } from './kpi-settings.service';
import type { Period } from './periods';
import { addTeamTotals, insertChanges, keyOf, loadValues, upsertValues, type StoredValue, type TotalDelta } from './value-store';
import { timeSlicer } from './time-slice';

export type ValueSource = 'form' | 'csv' | 'api';
export type WriteAction = 'create' | 'update' | 'unchanged';

/** Who writes, and how: recorded with every change. */
export interface Actor {
  source: ValueSource;
  changedById: string | null;
  apiTokenId: string | null;
  importId?: string | null;
}

/** One value to write, resolved (value-rows.ts): owner, measure, period and the stored integer. */
export interface ValueWrite {
  ref: (string | number)[];
  measure: Pick<MeasureDef, 'key' | 'grain' | 'decimals' | 'unit'>;
  ownerKind: 'person' | 'team';
  ownerId: string;
  /** The owner's team and department now: the snapshot a new value keeps. */
  teamId: string;
  departmentId: string;
  period: Period;
  /** amount × 10^decimals; null clears the value. */
  value: bigint | null;
  reason: string | null;
}

export interface PlannedWrite {
  write: ValueWrite;
  action: WriteAction;
  valueId: string;
  old: bigint | null;
  existing?: StoredValue;
}

export interface WritePlan {
  rows: PlannedWrite[];
  counts: Record<WriteAction, number>;
  /** The write sequence number when the plan was read. */
  seq: number;
}

const keyOfWrite = (w: ValueWrite) => keyOf({ measureKey: w.measure.key, ownerKind: w.ownerKind, ownerId: w.ownerId, periodStart: w.period.start });

/** What writing `writes` would do now (each key at most once), reading only. */
export async function planWrites(db: DbTx, writes: readonly ValueWrite[]): Promise<WritePlan> {
  const seq = await currentWriteSeq(db);
  const existing = await loadValues(db, writes.map((w) => ({ measureKey: w.measure.key, ownerKind: w.ownerKind, ownerId: w.ownerId, periodStart: w.period.start })));
  const counts: Record<WriteAction, number> = { create: 0, update: 0, unchanged: 0 };
  const slice = timeSlicer();
  const rows: PlannedWrite[] = [];
  for (const write of writes) {
    if (rows.length % 1000 === 0) await slice();
    const found = existing.get(keyOfWrite(write));
    // A cleared value is missing: writing "no value" where none is stored changes nothing.
    const old = found?.value ?? null;
    const action: WriteAction = !found ? (write.value === null ? 'unchanged' : 'create') : old === write.value ? 'unchanged' : 'update';
    counts[action]++;
    rows.push({ write, action, valueId: found?.id ?? crypto.randomUUID(), old, existing: found });
  }
  return { rows, counts, seq };
}

/** What `changed` does to the team totals, one delta per (team snapshot, department, measure, period). */
function totalDeltas(changed: readonly PlannedWrite[]): TotalDelta[] {
  const by = new Map<string, TotalDelta>();
  for (const r of changed) {
    const teamId = r.existing?.teamId ?? r.write.teamId;
    const departmentId = r.existing?.departmentId ?? r.write.departmentId;
    const key = `${teamId}|${departmentId}|${r.write.measure.key}|${r.write.period.start}`;
    let d = by.get(key);
    if (!d) {
      d = { teamId, departmentId, measureKey: r.write.measure.key, periodStart: r.write.period.start, grain: r.write.measure.grain, monthIndex: r.write.period.firstMonth, total: 0n, count: 0 };
      by.set(key, d);
    }
    d.total += (r.write.value ?? 0n) - (r.old ?? 0n);
    d.count += (r.write.value === null ? 0 : 1) - (r.old === null ? 0 : 1);
  }
  return [...by.values()];
}

export interface WriteResult {
  counts: Record<WriteAction, number>;
  rows: { ref: (string | number)[]; action: WriteAction; valueId: string }[];
}

/** Writes `writes` all or nothing, with `actor` in the history. `plan` is a plan made a moment before, if any. */
export async function applyWrites(ctx: AppContext, writes: readonly ValueWrite[], actor: Actor, plan?: WritePlan): Promise<WriteResult> {
  const first = plan ?? (await planWrites(ctx.db, writes));
  const summary = (p: WritePlan): WriteResult => ({ counts: p.counts, rows: p.rows.map((r) => ({ ref: r.write.ref, action: r.action, valueId: r.valueId })) });
  if (first.counts.create + first.counts.update === 0) return summary(first);
  const now = ctx.clock.now();
  return kpiWrite(
    ctx,
    async (tx, seq) => {
      const current = seq === first.seq + 1 ? first : await planWrites(tx, writes);
      const changed = current.rows.filter((r) => r.action !== 'unchanged');
      await upsertValues(
        tx,
        changed.map(({ write: w, valueId }) => ({
          id: valueId,
          measureKey: w.measure.key,
          ownerKind: w.ownerKind,
          ownerId: w.ownerId,
          teamId: w.teamId,
          departmentId: w.departmentId,
          grain: w.measure.grain,
          periodStart: w.period.start,
          monthIndex: w.period.firstMonth,
          value: w.value,
        })),
        now,
      );
      await insertChanges(
        tx,
        changed.map((r) => ({
          valueId: r.valueId,
          oldValue: r.old,
          newValue: r.write.value,
          source: actor.source,
          changedById: actor.changedById,
          apiTokenId: actor.apiTokenId,
          importId: actor.importId ?? null,
          reason: r.write.reason,
        })),
        now,
        seq,
      );
      await addTeamTotals(tx, totalDeltas(changed));
      return summary(current);
    },
  );
}
