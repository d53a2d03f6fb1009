/**
 * The audit log of admin actions (issue 15): who did what to which record, when. Written with `audit(ctx, tx, …)`
 * inside the action's own transaction, so an action and its event commit or fail together.
 * What it never holds: answer content, comments, private 1:1 notes or any typed free text other than the name
 * of the record acted on. `detail` takes names, counts and the names of changed fields only.
 */
import type { AppContext } from '../../context';
import type { DbTx } from '../../db/client';
import { currentActor } from './actor';

/** Every action the log knows, in the order HR sees them in the filter. */
export const AUDIT_ACTIONS = [
  'employee.create',
  'employee.update',
  'employee.role_change',
  'employee.deactivate',
  'employee.reactivate',
  'employee.import',
  'department.create',
  'department.update',
  'team.create',
  'team.update',
  'survey.create',
  'survey.update',
  'schedule.save',
  'schedule.pause',
  'schedule.resume',
  'schedule.send_now',
  'round.close',
  'round.publish',
  'round.unpublish',
  'api_token.create',
  'api_token.revoke',
  'results.settings',
  'kpi.definition',
  'kpi.settings',
  'kpi.target_save',
  'kpi.target_delete',
  'kpi.import_apply',
  'mailbox.view',
  'one_on_one.admin',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Small facts about the action: names, counts, changed field names. No free text beyond a record's name. */
export type AuditDetail = Record<string, string | number | boolean | null | readonly string[]>;

export interface AuditInput {
  action: AuditAction;
  targetKind?: string;
  targetId?: string;
  detail?: AuditDetail;
}

const MAX_DETAIL_TEXT = 200;

function clip(detail: AuditDetail): AuditDetail {
  const out: AuditDetail = {};
  for (const [k, v] of Object.entries(detail)) {
    out[k] = typeof v === 'string' ? v.slice(0, MAX_DETAIL_TEXT) : Array.isArray(v) ? (v as string[]).slice(0, 50).map((s) => s.slice(0, MAX_DETAIL_TEXT)) : v;
  }
  return out;
}

/** Records `event` in the transaction `tx` of the action, as the one acting now (see actor.ts). */
export async function audit(ctx: AppContext, tx: DbTx, event: AuditInput): Promise<void> {
  const actor = currentActor();
  await tx.auditEvent.create({
    data: {
      at: ctx.clock.now(),
      actorId: actor.id,
      actorName: actor.name.slice(0, MAX_DETAIL_TEXT),
      action: event.action,
      targetKind: event.targetKind ?? '',
      targetId: event.targetId ?? '',
      detail: JSON.stringify(clip(event.detail ?? {})),
      via: actor.via,
    },
  });
}

/** The names of the fields whose values differ between `before` and `after` (for `detail.fields`). */
export function changedFields(before: Record<string, unknown>, after: Record<string, unknown>, fields: readonly string[]): string[] {
  return fields.filter((f) => after[f] !== undefined && String(before[f] ?? '') !== String(after[f] ?? ''));
}
