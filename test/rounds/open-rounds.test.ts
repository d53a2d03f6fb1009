import { openDatabase } from '../../server/db/client';
import { hashToken } from '../../server/secrets';
import { nextRunAfter } from '../../server/domain/surveys/schedule-times';
import { openClaimedRounds, openDueRounds, openRoundNow } from '../../server/domain/rounds/open-round.service';
import { claimDueSchedules, CLAIM_LEASE_MS } from '../../server/domain/rounds/schedule-claims';
import { saveSchedule, setSchedulePaused } from '../../server/domain/surveys/schedules.service';
import { scheduleInputSchema } from '../../server/domain/surveys/schedule.schema';
import { timingOf } from '../../server/domain/surveys/schedule-times';
import type { AppContext } from '../../server/context';
import { createTestDatabaseUrl } from '../helpers/test-db';
import { fixedClock, testContext } from '../helpers/test-app';
import { buildDepartment, buildEmployee, buildOrg, buildTeam } from '../factories';
import { buildSchedule, buildSurvey } from '../factories/surveys';

const MONDAY = new Date('2026-03-02T09:00:00Z');
const clock = fixedClock(MONDAY);
let instances: AppContext[] = [];
let drop: () => Promise<void>;
let closers: (() => Promise<void>)[] = [];

beforeEach(async () => {
  const created = await createTestDatabaseUrl();
  drop = created.drop;
  instances = [];
  closers = [];
  for (let i = 0; i < 3; i++) {
    const database = await openDatabase(created.url, 3);
    closers.push(database.close);
    instances.push(testContext({ ...database, url: created.url, destroy: database.close }, { clock }));
  }
});
afterEach(async () => {
  for (const close of closers) await close();
  await drop();
});

const db = () => instances[0].db;
const tickAll = () => Promise.all(instances.map((ctx) => openDueRounds(ctx)));

async function weeklySchedule(overrides: Parameters<typeof buildSchedule>[2] = {}) {
  const survey = await buildSurvey(db());
  const schedule = await buildSchedule(db(), survey.id, overrides);
  const first = nextRunAfter(timingOf(schedule), new Date('2026-03-01T00:00:00Z'));
  return db().schedule.update({ where: { id: schedule.id }, data: { nextRunAt: first } });
}

describe('opening scheduled rounds', () => {
  it('fires exactly once per week while three instances tick at the same moments', async () => {
    await buildOrg(db());
    for (let i = 0; i < 4; i++) await buildEmployee(db());
    const schedule = await weeklySchedule();
    for (let week = 0; week < 4; week++) {
      const slot = MONDAY.getTime() + week * 7 * 86_400_000;
      for (const minute of [-1, 0, 1, 2, 3, 60 * 24]) {
        clock.set(new Date(slot + minute * 60_000 + 5_000));
        await tickAll();
      }
    }
    const rounds = await db().round.findMany({ where: { scheduleId: schedule.id }, orderBy: { openedAt: 'asc' } });
    expect(rounds.map((r) => r.slot)).toEqual([
      '2026-03-02T09:00:00.000Z',
      '2026-03-09T09:00:00.000Z',
      '2026-03-16T09:00:00.000Z',
      '2026-03-23T09:00:00.000Z',
    ]);
    expect(rounds.every((r) => !r.late && r.invitedCount === 5)).toBe(true);
    expect(await db().invitation.count()).toBe(20);
    expect(await db().outboxEmail.count({ where: { template: 'survey-invite' } })).toBe(20);
    expect((await db().schedule.findUniqueOrThrow({ where: { id: schedule.id } })).nextRunAt?.toISOString()).toBe('2026-03-30T09:00:00.000Z');
  });

  it('opens a slot missed by an hour once, marked late, and schedules the next one after now', async () => {
    await buildEmployee(db());
    const schedule = await weeklySchedule();
    clock.set(new Date(MONDAY.getTime() + 60 * 60_000));
    const [a, b, c] = await tickAll();
    expect(a.length + b.length + c.length).toBe(1);
    await tickAll();
    const rounds = await db().round.findMany({ where: { scheduleId: schedule.id } });
    expect(rounds).toHaveLength(1);
    expect(rounds[0].late).toBe(true);
    expect(rounds[0].slot).toBe(MONDAY.toISOString());
    expect((await db().schedule.findUniqueOrThrow({ where: { id: schedule.id } })).nextRunAt?.toISOString()).toBe('2026-03-09T09:00:00.000Z');
  });

  it('after three missed weeks opens one late round, not three', async () => {
    await buildEmployee(db());
    const schedule = await weeklySchedule();
    clock.set(new Date(MONDAY.getTime() + 20 * 86_400_000));
    await tickAll();
    await tickAll();
    expect(await db().round.count({ where: { scheduleId: schedule.id } })).toBe(1);
    expect((await db().schedule.findUniqueOrThrow({ where: { id: schedule.id } })).nextRunAt?.toISOString()).toBe('2026-03-23T09:00:00.000Z');
  });

  it('leaves paused schedules alone and opens a slot on time as not late', async () => {
    await buildEmployee(db());
    const paused = await weeklySchedule({ paused: true });
    const running = await weeklySchedule();
    clock.set(new Date(MONDAY.getTime() + 14 * 60_000));
    await tickAll();
    expect(await db().round.count({ where: { scheduleId: paused.id } })).toBe(0);
    expect((await db().round.findFirstOrThrow({ where: { scheduleId: running.id } })).late).toBe(false);
  });

  it('reaches every active employee once, never inactive ones, snapshotting team, department and language', async () => {
    const dept = await buildDepartment(db());
    const team = await buildTeam(db(), { departmentId: dept.id });
    const ida = await buildEmployee(db(), { teamId: team.id, locale: 'id' });
    const others = [await buildEmployee(db()), await buildEmployee(db())];
    const gone = await buildEmployee(db(), { active: false });
    const schedule = await weeklySchedule();
    clock.set(new Date(MONDAY.getTime() + 30_000));
    await tickAll();
    const round = await db().round.findFirstOrThrow({ where: { scheduleId: schedule.id }, include: { invitations: true, questions: true } });
    expect(round.invitedCount).toBe(3);
    expect(round.invitations.map((i) => i.employeeId).sort()).toEqual([ida.id, ...others.map((o) => o.id)].sort());
    expect(round.invitations.some((i) => i.employeeId === gone.id)).toBe(false);
    const mine = round.invitations.find((i) => i.employeeId === ida.id)!;
    expect(mine).toMatchObject({ teamId: team.id, departmentId: dept.id, locale: 'id', answered: false });
    // The questions are a snapshot of the survey's, field for field.
    const asked = (qs: { position: number; kind: string; text: string; textId: string | null; options: string; required: boolean; enpsScale: string }[]) =>
      [...qs].sort((a, b) => a.position - b.position).map(({ position, kind, text, textId, options, required, enpsScale }) => ({ position, kind, text, textId, options, required, enpsScale }));
    const surveyQuestions = await db().surveyQuestion.findMany({ where: { surveyId: schedule.surveyId } });
    expect(round.questions).toHaveLength(5);
    expect(asked(round.questions)).toEqual(asked(surveyQuestions));
    expect(round.questions.filter((q) => !q.required)).toHaveLength(2);
    // Only the hash rests in clear; the sealed copy opens to a 256-bit token with that hash.
    const token = instances[0].keyring.open(mine.tokenCipher!);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(mine.tokenHash).toBe(hashToken(token));
    const email = await db().outboxEmail.findUniqueOrThrow({ where: { dedupeKey: `invite:${mine.id}` } });
    expect(email).toMatchObject({ template: 'survey-invite', roundId: round.id, locale: 'id' });
    expect(email.data).not.toContain(token);
    expect(JSON.parse(instances[0].keyring.open(email.secretData!))).toEqual({ link: `http://pulse.test/s/${token}` });
  });

  it('sends to the chosen departments only', async () => {
    const sales = await buildDepartment(db(), { name: 'Sales' });
    const ops = await buildDepartment(db(), { name: 'Ops' });
    const inSales = await buildEmployee(db(), { teamId: (await buildTeam(db(), { departmentId: sales.id })).id });
    await buildEmployee(db(), { teamId: (await buildTeam(db(), { departmentId: ops.id })).id });
    await buildEmployee(db());
    const schedule = await weeklySchedule({ audience: 'departments', audienceIds: [sales.id] });
    await tickAll();
    const invitations = await db().invitation.findMany({ where: { round: { scheduleId: schedule.id } } });
    expect(invitations.map((i) => i.employeeId)).toEqual([inSales.id]);
  });

  it('opens a one-off round now for some teams, without a schedule', async () => {
    const team = await buildTeam(db());
    const member = await buildEmployee(db(), { teamId: team.id });
    await buildEmployee(db());
    const survey = await buildSurvey(db());
    const opened = await openRoundNow(instances[1], survey.id, { audience: { kind: 'teams', ids: [team.id] }, windowDays: 3, reminderCount: 1 });
    const round = await db().round.findUniqueOrThrow({ where: { id: opened.roundId }, include: { invitations: true } });
    expect(round.scheduleId).toBeNull();
    expect(round.slot).toMatch(/^now:[0-9a-f-]{36}$/);
    expect(round.closesAt.getTime() - round.openedAt.getTime()).toBe(3 * 86_400_000);
    expect(round.invitations.map((i) => i.employeeId)).toEqual([member.id]);
    const archived = await buildSurvey(db(), { archived: true });
    await expect(openRoundNow(instances[0], archived.id, { audience: { kind: 'company', ids: [] }, windowDays: 3, reminderCount: 1 })).rejects.toThrow(/cannot be sent/);
  });

  it('opens a round for 1,000 employees in a few seconds', async () => {
    const now = new Date();
    await db().employee.createMany({
      data: Array.from({ length: 1000 }, (_, i) => ({ email: `p${i}@bulk.test`, name: `P ${i}`, createdAt: now })),
    });
    const survey = await buildSurvey(db());
    const started = Date.now();
    const opened = await openRoundNow(instances[0], survey.id, { audience: { kind: 'company', ids: [] }, windowDays: 5, reminderCount: 2 });
    const ms = Date.now() - started;
    if (process.env.REPORT_TIMINGS) process.stdout.write(`open round for 1000 employees (${instances[0].provider}): ${ms} ms\n`);
    expect(opened.invitedCount).toBe(1000);
    expect(await db().outboxEmail.count({ where: { roundId: opened.roundId } })).toBe(1000);
    expect(ms).toBeLessThan(10_000);
  });
});

describe('claiming due schedules', () => {
  const schedule = (id: string) => db().schedule.findUniqueOrThrow({ where: { id } });

  it('lets two instances ticking at once open each due round exactly once', async () => {
    await buildEmployee(db());
    const schedules = [];
    for (let i = 0; i < 8; i++) schedules.push(await weeklySchedule());
    clock.set(new Date(MONDAY.getTime() + 30_000));
    const [a, b] = await Promise.all([openDueRounds(instances[0]), openDueRounds(instances[1])]);
    expect(a.length + b.length).toBe(8);
    expect(new Set([...a, ...b].map((r) => r.roundId)).size).toBe(8);
    await Promise.all([openDueRounds(instances[0]), openDueRounds(instances[1])]);
    for (const s of schedules) {
      expect(await db().round.count({ where: { scheduleId: s.id } })).toBe(1);
      expect(await schedule(s.id)).toMatchObject({ nextRunAt: new Date('2026-03-09T09:00:00.000Z'), claimToken: null, claimExpiresAt: null });
    }
    expect(await db().invitation.count()).toBe(8);
  });

  it('claims every due slot in one go, oldest first, and nothing before it is due', async () => {
    const later = await weeklySchedule({ timeOfDay: '09:10' });
    const first = await weeklySchedule();
    clock.set(new Date(MONDAY.getTime() - 1));
    expect((await claimDueSchedules(instances[0], clock.now())).schedules).toEqual([]);
    clock.set(new Date(MONDAY.getTime() + 11 * 60_000));
    const claim = await claimDueSchedules(instances[0], clock.now());
    expect(claim.schedules.map((s) => [s.id, s.nextRunAt.toISOString()])).toEqual([
      [first.id, '2026-03-02T09:00:00.000Z'],
      [later.id, '2026-03-02T09:10:00.000Z'],
    ]);
    expect(claim.schedules[0]).toMatchObject({ surveyId: first.surveyId, windowDays: 5, reminderCount: 2, audience: 'company', weekday: 1, dayOfMonth: null });
    expect(await schedule(first.id)).toMatchObject({ claimToken: claim.token, claimExpiresAt: new Date(clock.now().getTime() + CLAIM_LEASE_MS) });
    // Held: another instance finds nothing to claim.
    expect((await claimDueSchedules(instances[1], clock.now())).schedules).toEqual([]);
  });

  it('takes over the claim of an instance that died once its lease has run out, not before', async () => {
    await buildEmployee(db());
    const s = await weeklySchedule();
    const claimedAt = new Date(MONDAY.getTime() + 20_000);
    clock.set(claimedAt);
    const dead = await claimDueSchedules(instances[0], claimedAt); // …and the instance dies before opening the round
    expect(dead.schedules).toHaveLength(1);
    for (const at of [claimedAt.getTime(), claimedAt.getTime() + 60_000, claimedAt.getTime() + CLAIM_LEASE_MS]) {
      clock.set(new Date(at));
      expect(await tickAll()).toEqual([[], [], []]);
    }
    expect(await db().round.count()).toBe(0);
    clock.set(new Date(claimedAt.getTime() + CLAIM_LEASE_MS + 1_000));
    const opened = (await tickAll()).flat();
    expect(opened).toHaveLength(1);
    const round = await db().round.findFirstOrThrow({ where: { scheduleId: s.id } });
    expect(round).toMatchObject({ slot: '2026-03-02T09:00:00.000Z', late: false, invitedCount: 1 });
    expect(await schedule(s.id)).toMatchObject({ nextRunAt: new Date('2026-03-09T09:00:00.000Z'), claimToken: null, claimExpiresAt: null });
    // Had the first instance only stalled, its late attempt opens nothing.
    expect(await openClaimedRounds(instances[0], dead, claimedAt)).toEqual([]);
    expect(await db().round.count()).toBe(1);
    expect(await db().invitation.count()).toBe(1);
  });

  it('leaves a slot to the tick that took over a lapsed claim: the stalled first claimant opens nothing', async () => {
    await buildEmployee(db());
    const s = await weeklySchedule();
    const claimedAt = new Date(MONDAY.getTime() + 20_000);
    const stalled = await claimDueSchedules(instances[0], claimedAt);
    const takenAt = new Date(claimedAt.getTime() + CLAIM_LEASE_MS + 1_000);
    const taken = await claimDueSchedules(instances[1], takenAt);
    expect(taken.schedules.map((x) => x.id)).toEqual([s.id]);
    expect(await openClaimedRounds(instances[0], stalled, claimedAt)).toEqual([]);
    expect(await schedule(s.id)).toMatchObject({ claimToken: taken.token, nextRunAt: MONDAY });
    expect(await openClaimedRounds(instances[1], taken, takenAt)).toHaveLength(1);
    expect(await db().round.count({ where: { scheduleId: s.id } })).toBe(1);
  });

  it('uses up a slot planned again after its round opened, without opening it twice', async () => {
    await buildEmployee(db());
    const s = await weeklySchedule();
    clock.set(new Date(MONDAY.getTime() + 30_000));
    expect((await tickAll()).flat()).toHaveLength(1);
    // An instance whose clock runs behind plans the slot that already opened once more.
    await db().schedule.update({ where: { id: s.id }, data: { nextRunAt: MONDAY } });
    expect((await tickAll()).flat()).toEqual([]);
    expect(await db().round.count({ where: { scheduleId: s.id } })).toBe(1);
    expect(await schedule(s.id)).toMatchObject({ nextRunAt: new Date('2026-03-09T09:00:00.000Z'), claimToken: null });
  });

  it('never claims a paused schedule', async () => {
    const paused = await weeklySchedule({ paused: true });
    clock.set(new Date(MONDAY.getTime() + 60_000));
    expect((await claimDueSchedules(instances[0], clock.now())).schedules).toEqual([]);
    await tickAll();
    expect(await schedule(paused.id)).toMatchObject({ claimToken: null, nextRunAt: MONDAY });
    expect(await db().round.count()).toBe(0);
  });

  it('lets HR pause or edit a schedule while a tick holds its slot: the claim ends and the new plan wins', async () => {
    await buildEmployee(db());
    const editedSurvey = await buildSurvey(db());
    const edited = await buildSchedule(db(), editedSurvey.id, { nextRunAt: MONDAY });
    const pausedSurvey = await buildSurvey(db());
    const paused = await buildSchedule(db(), pausedSurvey.id, { nextRunAt: MONDAY });
    clock.set(new Date(MONDAY.getTime() + 30_000));
    const claim = await claimDueSchedules(instances[0], clock.now());
    expect(claim.schedules).toHaveLength(2);
    await setSchedulePaused(instances[1], pausedSurvey.id, true);
    // Now Tuesdays at 09:00: the next slot is planned from now and nobody holds it.
    await saveSchedule(instances[1], editedSurvey.id, scheduleInputSchema.parse({ frequency: 'weekly', weekday: 2, timeOfDay: '09:00', timeZone: 'UTC', startDate: '2026-03-01' }));
    expect(await openClaimedRounds(instances[0], claim, clock.now())).toEqual([]);
    expect(await db().round.count()).toBe(0);
    expect(await schedule(paused.id)).toMatchObject({ paused: true, claimToken: null, claimExpiresAt: null });
    expect(await schedule(edited.id)).toMatchObject({ nextRunAt: new Date('2026-03-03T09:00:00.000Z'), claimToken: null, claimExpiresAt: null });
    clock.set(new Date('2026-03-03T09:00:30Z'));
    expect(await openDueRounds(instances[2])).toHaveLength(1);
    expect((await db().round.findFirstOrThrow({ where: { scheduleId: edited.id } })).slot).toBe('2026-03-03T09:00:00.000Z');
  });

  it('opens nothing and claims nothing on a tick when nothing is due', async () => {
    const s = await weeklySchedule();
    clock.set(new Date(MONDAY.getTime() - 60_000));
    expect(await tickAll()).toEqual([[], [], []]);
    expect(await schedule(s.id)).toMatchObject({ claimToken: null, claimExpiresAt: null, nextRunAt: MONDAY });
  });
});
