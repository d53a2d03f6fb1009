/**
 * Writes one round inside the caller's transaction: the round, a snapshot of the survey's questions, one
 * invitation per active person in the audience (a 256-bit token stored as a hash, plus a sealed copy for
 * reminders) and one queued invitation email each. Rows go in as multi-row INSERTs in chunks, so 10,000 people
 * take a few dozen statements rather than tens of thousands.
 */
import crypto from 'node:crypto';
import { Prisma } from '../../../prisma/generated/sqlite/client';
import type { AppContext } from '../../context';
import type { DbTx } from '../../db/client';
import { toLocale } from '../../i18n/i18n';
import { hashToken, randomToken } from '../../secrets';
import { enqueueEmails } from '../email/outbox.service';
import { inviteesOf, type Audience, type Invitee } from './audience';
import { personalSendTime, zoneOfPerson } from './local-delivery';
import { inviteWords } from './invite-words';

export const CHUNK = 500;
const DAY_MS = 86_400_000;

export interface RoundPlan {
  surveyId: string;
  scheduleId: string | null;
  slot: string;
  late: boolean;
  windowDays: number;
  reminderCount: number;
  audience: Audience;
  /** "Send now": the key the form carried (unique), so a second click opens no second round. */
  sendKey?: string | null;
  /**
   * Local-time sending (local-delivery.ts): the local date and time each invitation waits for in its invitee's
   * zone, and the company's zone for people whose own is unknown. Absent: everyone is sent to at once.
   */
  localSendAt?: string | null;
  companyZone?: string;
}

export interface OpenedRound {
  roundId: string;
  invitedCount: number;
  late: boolean;
}

/** The link a person answers at. */
export function answerLink(ctx: Pick<AppContext, 'config'>, token: string): string {
  return `${ctx.config.BASE_URL}/s/${token}`;
}

function chunks<T>(rows: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += CHUNK) out.push(rows.slice(i, i + CHUNK));
  return out;
}

/** When each invitee of `plan` is sent their invitation: at `now`, or at their local send time. */
function sendTimes(plan: RoundPlan, now: Date): (person: Invitee) => Date {
  const { localSendAt } = plan;
  if (!localSendAt) return () => now;
  return (person) => personalSendTime(localSendAt, zoneOfPerson(person.timeZone, plan.companyZone), now);
}

/** Creates the round planned by `plan`; returns null when the survey is gone, archived or has no questions. */
export async function writeRound(ctx: AppContext, tx: DbTx, plan: RoundPlan, now: Date): Promise<OpenedRound | null> {
  const survey = await tx.survey.findUnique({ where: { id: plan.surveyId }, include: { questions: { orderBy: { position: 'asc' } } } });
  if (!survey || survey.archived || survey.questions.length === 0) return null;
  const people = await inviteesOf(tx, plan.audience);
  const sendTime = sendTimes(plan, now);
  // With local-time sending the window runs from the last invitee's send time, so everyone has all of it.
  const lastSend = people.reduce((latest, p) => Math.max(latest, sendTime(p).getTime()), now.getTime());
  const closesAt = new Date(lastSend + plan.windowDays * DAY_MS);
  const round = await tx.round.create({
    data: {
      surveyId: survey.id,
      scheduleId: plan.scheduleId,
      slot: plan.slot,
      sendKey: plan.sendKey ?? null,
      title: survey.title,
      intro: survey.intro,
      titleId: survey.titleId,
      introId: survey.introId,
      late: plan.late,
      localSendAt: plan.localSendAt ?? null,
      openedAt: now,
      closesAt,
      reminderCount: plan.reminderCount,
      invitedCount: people.length,
    },
    select: { id: true },
  });
  // The question snapshot and the invitations are plain parameterised multi-row INSERTs: for the small rounds
  // a tick opens by the hundred, Prisma's createMany cost about four times as much per call (every column not
  // named here has a database default).
  const questions = survey.questions.map(
    (q) => Prisma.sql`(${crypto.randomUUID()}, ${round.id}, ${q.position}, ${q.kind}, ${q.text}, ${q.textId}, ${q.options}, ${q.optionsId}, ${q.required}, ${q.enpsScale})`,
  );
  await tx.$executeRaw`INSERT INTO "RoundQuestion" ("id", "roundId", "position", "kind", "text", "textId", "options", "optionsId", "required", "enpsScale")
    VALUES ${Prisma.join(questions)}`;
  for (const group of chunks(people)) {
    const invitations = group.map((p) => ({ person: p, id: crypto.randomUUID(), token: randomToken(32) }));
    const rows = invitations.map(
      ({ person, id, token }) =>
        Prisma.sql`(${id}, ${round.id}, ${person.id}, ${person.teamId}, ${person.departmentId}, ${toLocale(person.locale)}, ${hashToken(token)}, ${ctx.keyring.seal(token)})`,
    );
    await tx.$executeRaw`INSERT INTO "Invitation" ("id", "roundId", "employeeId", "teamId", "departmentId", "locale", "tokenHash", "tokenCipher")
      VALUES ${Prisma.join(rows)}`;
    await enqueueEmails(
      ctx,
      tx,
      invitations.map(({ person, id, token }) => ({
        dedupeKey: `invite:${id}`,
        template: 'survey-invite',
        to: person.email,
        toName: person.name,
        locale: toLocale(person.locale),
        data: { ...inviteWords(toLocale(person.locale), survey), name: person.name, closesAt: closesAt.toISOString(), timeZone: person.timeZone },
        secret: { link: answerLink(ctx, token) },
        roundId: round.id,
        notBefore: sendTime(person),
      })),
    );
  }
  return { roundId: round.id, invitedCount: people.length, late: plan.late };
}
