import { openDatabase } from '../../server/db/client';
import { hashToken } from '../../server/secrets';
import { nextRunAfter } from '../../server/domain/surveys/schedule-times';
import { openDueRounds, openRoundNow } from '../../server/domain/rounds/open-round.service';
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
    expect(round.questions).toHaveLength(5);
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
