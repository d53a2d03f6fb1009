/** Audit events of directory writes (applyUpsert): one per person for a form or a small batch, a summary for an import. */
import type { AppContext } from '../../context';
import type { DbTx } from '../../db/client';
import { audit, changedFields } from '../audit/audit.service';
import type { UpsertPlan } from './employee-upsert.service';

/** Batches up to this many rows get an event per person; larger ones (CSV imports, bulk API) one summary. */
export const PER_PERSON_EVENTS_UP_TO = 20;
const COMPARED = ['email', 'name', 'role', 'teamId', 'startDate', 'locale', 'timeZone', 'active'] as const;

export type EmployeeSnapshot = Partial<Record<(typeof COMPARED)[number], unknown>> & { id: string };

/** What the people a small batch updates were before it (nothing for a large batch). */
export async function snapshotBeforeUpsert(tx: DbTx, plan: UpsertPlan): Promise<Map<string, EmployeeSnapshot>> {
  if (plan.rows.length > PER_PERSON_EVENTS_UP_TO) return new Map();
  const ids = plan.rows.flatMap((p) => (p.action === 'update' && p.existingId ? [p.existingId] : []));
  if (!ids.length) return new Map();
  const rows = await tx.employee.findMany({ where: { id: { in: ids } }, select: { id: true, email: true, name: true, role: true, teamId: true, startDate: true, locale: true, timeZone: true, active: true } });
  return new Map(rows.map((r) => [r.id, r]));
}

export async function auditUpsert(
  ctx: AppContext,
  tx: DbTx,
  plan: UpsertPlan,
  before: Map<string, EmployeeSnapshot>,
  written: (email: string) => { id: string; data: Record<string, unknown> },
): Promise<void> {
  if (plan.rows.length > PER_PERSON_EVENTS_UP_TO) {
    await audit(ctx, tx, { action: 'employee.import', targetKind: 'employee', detail: { created: plan.counts.create, updated: plan.counts.update, unchanged: plan.counts.unchanged } });
    return;
  }
  for (const p of plan.rows) {
    if (p.action === 'unchanged') continue;
    const { id, data } = written(p.values.email);
    if (p.action === 'create') {
      await audit(ctx, tx, { action: 'employee.create', targetKind: 'employee', targetId: id, detail: { name: p.values.name, role: p.values.role } });
      continue;
    }
    const prior = before.get(id) ?? { id };
    const fields = changedFields(prior, data, COMPARED);
    await audit(ctx, tx, { action: 'employee.update', targetKind: 'employee', targetId: id, detail: { name: p.values.name, fields } });
    if (prior.role !== undefined && prior.role !== data.role) {
      await audit(ctx, tx, { action: 'employee.role_change', targetKind: 'employee', targetId: id, detail: { name: p.values.name, from: String(prior.role), to: String(data.role) } });
    }
  }
}
