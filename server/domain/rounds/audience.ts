/**
 * Who a round is sent to: everyone active, or the active people of some departments or teams.
 * The people's team and department are read at send time and snapshotted on their invitations.
 */
import { z } from 'zod';
import type { DbTx } from '../../db/client';

export const AUDIENCE_KINDS = ['company', 'departments', 'teams'] as const;
export type AudienceKind = (typeof AUDIENCE_KINDS)[number];

export interface Audience {
  kind: AudienceKind;
  /** Department or team ids (ignored for the whole company). */
  ids: string[];
}

const idsSchema = z.array(z.string().min(1)).catch([]);

/** The audience a schedule's `audience` and `audienceIds` columns describe (unreadable ids count as none). */
export function audienceOf(kind: string, idsJson: string): Audience {
  let parsed: unknown;
  try {
    parsed = JSON.parse(idsJson);
  } catch {
    parsed = [];
  }
  return { kind: (AUDIENCE_KINDS as readonly string[]).includes(kind) ? (kind as AudienceKind) : 'company', ids: idsSchema.parse(parsed) };
}

export interface Invitee {
  id: string;
  email: string;
  name: string;
  locale: string;
  timeZone: string;
  teamId: string | null;
  departmentId: string | null;
}

function whereOf(audience: Audience) {
  return audience.kind === 'teams'
    ? { active: true, teamId: { in: audience.ids } }
    : audience.kind === 'departments'
      ? { active: true, team: { departmentId: { in: audience.ids } } }
      : { active: true };
}

/** How many people a round to `audience` would invite now ("send now" asks with this number). */
export async function audienceSize(db: DbTx, audience: Audience): Promise<number> {
  return db.employee.count({ where: whereOf(audience) });
}

/** The active people in `audience`, with their team and department as they are now. */
export async function inviteesOf(db: DbTx, audience: Audience): Promise<Invitee[]> {
  const where = whereOf(audience);
  const rows = await db.employee.findMany({
    where,
    select: { id: true, email: true, name: true, locale: true, timeZone: true, teamId: true, team: { select: { departmentId: true } } },
    orderBy: { id: 'asc' },
  });
  return rows.map(({ team, ...p }) => ({ ...p, departmentId: team?.departmentId ?? null }));
}
