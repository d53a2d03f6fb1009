/**
 * Seeds the 1:1 benchmark's organisation through the raw driver: `managers` managers leading a team each, with
 * `perManager` reports, one weekly series per pair, and `weeks` weeks of history per pair (held or skipped
 * meetings with two discussed talking points, shared notes, an action item every other week, a sealed private
 * note every fourth), plus the upcoming meeting with two open points and its reminder. Every series meets on a
 * local weekday 3 to 6 days after `now`, so at `now` nothing is due.
 */
import crypto from 'node:crypto';
import type { AppContext } from '../../server/context';
import { sealPrivateNote } from '../../server/domain/one-on-ones/notes.service';
import { localDateOf, localDayOf, isoWeekday, shiftLocalDays } from '../../server/domain/recurrence/local-time';
import { nextOccurrenceAfter, occurrencesBetween, type RecurrenceRule } from '../../server/domain/recurrence/recurrence';
import type { RawSql, Row, Value } from './raw-sql';

const uuid = () => crypto.randomUUID();
const ZONES = ['Asia/Jakarta', 'Europe/Berlin', 'America/New_York', 'Asia/Makassar', 'Europe/London'];
const TIMES = ['09:00', '10:30', '14:00', '16:00'];
const POINTS = ['Pipeline review for the quarter', 'Pricing questions from the Acme deal', 'Training budget', 'Workload and focus time', 'Feedback on the last demo', 'Career path and next steps', 'Handover from the onboarding team', 'Customer escalation follow-up'];
const NOTES = 'Went through the pipeline; two deals slipped to next month. Agreed to focus on renewals first and to ask marketing for a case study. Energy is good, workload manageable.';
const ACTIONS = ['Send the updated forecast', 'Book the negotiation course', 'Share the call recording', 'Draft the account plan'];

export interface SeededOneOnOnes {
  managerIds: string[];
  series: { id: string; managerId: string; reportId: string }[];
  /** The upcoming meeting of each series (same order as `series`), with its reminder time. */
  upcoming: { id: string; seriesId: string; remindAt: Date }[];
  rows: number;
}

export async function seedOneOnOnes(raw: RawSql, ctx: Pick<AppContext, 'keyring'>, now: Date, o: { managers: number; perManager: number; weeks: number }): Promise<SeededOneOnOnes> {
  const pg = raw.provider === 'postgresql';
  // PostgreSQL's timestamp(3) columns hold UTC: times go in as ISO strings (no zone of the process involved).
  const dt = (d: Date): Value => (pg ? d.toISOString() : d);
  await raw.insertMany('OrgSettings', [{ id: 1, companyName: 'Bench Co', updatedAt: dt(now) }]);
  const departments = Array.from({ length: Math.max(1, Math.floor(o.managers / 10)) }, (_, i) => ({ id: uuid(), name: `Department ${i + 1}`, createdAt: dt(now) }));
  await raw.insertMany('Department', departments);
  const people: Row[] = [];
  const teams: Row[] = [];
  const managerIds: string[] = [];
  const pairs: { managerId: string; reportId: string; zone: string }[] = [];
  for (let m = 0; m < o.managers; m++) {
    const managerId = uuid();
    const teamId = uuid();
    const zone = ZONES[m % ZONES.length];
    managerIds.push(managerId);
    teams.push({ id: teamId, name: `Team ${m + 1}`, departmentId: departments[m % departments.length].id, managerId: null, createdAt: dt(now) });
    people.push({ id: managerId, email: `manager${m + 1}@bench.test`, name: `Manager ${m + 1}`, role: 'manager', teamId, managerId: null, locale: 'en', timeZone: zone, active: true, createdAt: dt(now), updatedAt: dt(now) });
    for (let r = 0; r < o.perManager; r++) {
      const reportId = uuid();
      people.push({ id: reportId, email: `report${m + 1}-${r + 1}@bench.test`, name: `Report ${m + 1}.${r + 1}`, role: 'employee', teamId, managerId, locale: r % 2 ? 'id' : 'en', timeZone: zone, active: true, createdAt: dt(now), updatedAt: dt(now) });
      pairs.push({ managerId, reportId, zone });
    }
  }
  await raw.insertMany('Team', teams);
  // Managers first (reports point at them).
  await raw.insertMany('Employee', people.filter((p) => p.role === 'manager'));
  await raw.insertMany('Employee', people.filter((p) => p.role !== 'manager'));
  await raw.query(`UPDATE "Team" SET "managerId" = (SELECT "id" FROM "Employee" WHERE "Employee"."teamId" = "Team"."id" AND "Employee"."role" = 'manager')`);

  // Occurrences per rule (zone, weekday, time), computed once with the shared recurrence module.
  const from = new Date(now.getTime() - o.weeks * 7 * 86_400_000);
  const ruleCache = new Map<string, { rule: RecurrenceRule; past: Date[]; next: Date }>();
  const ruleFor = (zone: string, k: number) => {
    const today = localDayOf(now, zone);
    const weekday = isoWeekday(today + 3 + (k % 4)); // 3..6 local days ahead
    const timeOfDay = TIMES[Math.floor(k / 4) % TIMES.length];
    const key = `${zone}|${weekday}|${timeOfDay}`;
    let hit = ruleCache.get(key);
    if (!hit) {
      const rule: RecurrenceRule = { frequency: 'weekly', weekday, timeOfDay, timeZone: zone, startDate: localDateOf(from, zone) };
      hit = { rule, past: occurrencesBetween(rule, from, now), next: nextOccurrenceAfter(rule, now)! };
      ruleCache.set(key, hit);
    }
    return hit;
  };

  const series: Row[] = [];
  const meetings: Row[] = [];
  const agenda: Row[] = [];
  const actions: Row[] = [];
  const privateNotes: Row[] = [];
  const out: SeededOneOnOnes = { managerIds, series: [], upcoming: [], rows: 0 };
  const flush = async () => {
    await raw.insertMany('OneOnOneSeries', series.splice(0));
    await raw.insertMany('OneOnOneMeeting', meetings.splice(0));
    await raw.insertMany('OneOnOneAgendaItem', agenda.splice(0));
    await raw.insertMany('OneOnOneActionItem', actions.splice(0));
    await raw.insertMany('OneOnOnePrivateNote', privateNotes.splice(0));
  };
  for (let i = 0; i < pairs.length; i++) {
    const { managerId, reportId, zone } = pairs[i];
    const { rule, past, next } = ruleFor(zone, i);
    const seriesId = uuid();
    series.push({
      id: seriesId, managerId, reportId, cadence: 'weekly', weekday: rule.weekday!, weekOfMonth: null, timeOfDay: rule.timeOfDay, timeZone: zone, durationMinutes: 60,
      location: 'https://meet.example.com/bench', startDate: rule.startDate, reminderHours: 24, status: 'active', endedReason: null, endedAt: null, sequence: 0,
      horizon: dt(next), createdAt: dt(from), updatedAt: dt(from),
    });
    out.series.push({ id: seriesId, managerId, reportId });
    const all = [...past, next];
    all.forEach((at, w) => {
      const id = uuid();
      const upcoming = w === all.length - 1;
      const skipped = !upcoming && (i + w) % 13 === 0;
      const remindAt = upcoming ? shiftLocalDays(at, -1, zone) : null;
      meetings.push({
        id, seriesId, slot: at.toISOString(), startsAt: dt(at), endsAt: dt(new Date(at.getTime() + 3_600_000)), status: upcoming ? 'scheduled' : skipped ? 'skipped' : 'held',
        recordedById: upcoming ? null : managerId, moved: false, remindAt: remindAt ? dt(remindAt) : null, remindClaim: null, remindClaimUntil: null, remindedAt: null,
        sharedNotes: upcoming || skipped ? '' : NOTES, notesVersion: upcoming ? 0 : 1, createdAt: dt(at), updatedAt: dt(at),
      });
      if (upcoming) out.upcoming.push({ id, seriesId, remindAt: remindAt! });
      for (let k = 0; k < 2; k++) {
        agenda.push({ id: uuid(), seriesId, meetingId: id, authorId: k ? reportId : managerId, text: POINTS[(i + w + k) % POINTS.length], source: 'person', checked: !upcoming, carried: 0, position: k, createdAt: dt(at) });
      }
      if (!upcoming && !skipped && w % 2 === 0) {
        const open = w > all.length - 7;
        actions.push({ id: uuid(), seriesId, meetingId: id, ownerId: reportId, text: ACTIONS[(i + w) % ACTIONS.length], dueDate: localDateOf(new Date(at.getTime() + 7 * 86_400_000), zone), doneAt: open ? null : dt(new Date(at.getTime() + 6 * 86_400_000)), doneMeetingId: null, createdAt: dt(at) });
      }
      if (!upcoming && w % 4 === 0) privateNotes.push({ meetingId: id, authorId: managerId, cipher: sealPrivateNote(ctx, id, managerId, 'Thinking about a raise for next quarter.'), updatedAt: dt(at) });
    });
    out.rows += all.length * 3 + 1;
    if (meetings.length > 20_000) await flush();
  }
  await flush();
  return out;
}
