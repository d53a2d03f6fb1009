/**
 * The world the authorization matrix (and the headers test) runs in: one company with three teams, the eleven
 * kinds of caller of issue 15, and real objects of every area owned by one team or another, with marker texts
 * (MARK-…) that must reach only the people allowed to see them.
 *
 *   Sales: North (managed by boss; alice, dora, erin), South (managed by other; bob)
 *   Ops:   Depot (managed by mira, who is a member of Depot herself; dina)
 *
 * Callers carry their cookies and a valid CSRF token (fetched from a page, as a browser would), so a refusal
 * comes from the access rules and never from a missing token.
 */
import request from 'supertest';
import type { Test } from 'supertest';
import type { TestApp } from '../../helpers/test-app';
import { TEST_PASSWORD } from '../../helpers/sign-in';
import { SESSION_COOKIE } from '../../../server/http/middleware/session';
import { startSession } from '../../../server/domain/auth/sessions.service';
import { hashToken, randomToken } from '../../../server/secrets';
import { buildDepartment, buildEmployee, buildOrg, buildTeam } from '../../factories';
import { buildApiToken } from '../../factories/org';
import { enableKpis, setTarget, writeValues } from '../../factories/kpis';
import { addResponses, buildRound, same } from '../../factories/results';
import { buildSchedule, buildSurvey } from '../../factories/surveys';
import { buildSeries, meetingsOf } from '../../factories/one-on-ones';
import { revokeApiToken } from '../../../server/domain/api-tokens/api-tokens.service';
import { deactivateEmployee } from '../../../server/domain/org/employees.service';
import { applyUpsert } from '../../../server/domain/org/employee-upsert.service';
import { saveCustomKpi } from '../../../server/domain/kpis/kpi-definitions.service';
import { createImport, runImport } from '../../../server/domain/kpis/imports.service';
import { kpiViewerOf } from '../../../server/domain/kpis/viewer.service';
import { addAgendaItem } from '../../../server/domain/one-on-ones/agenda.service';
import { addActionItem } from '../../../server/domain/one-on-ones/action-items.service';
import { savePrivateNote, saveSharedNotes } from '../../../server/domain/one-on-ones/notes.service';
import { issueLoginLink } from '../../../server/domain/auth/login-links.service';
import { optOutLink } from '../../../server/domain/digest/digest-opt-out.service';
import { answerLink as answerUrl } from '../../../server/domain/rounds/round-writer';

export const CALLERS = [
  'anonymous',
  'employee',
  'otherEmployee',
  'manager',
  'otherManager',
  'memberManager',
  'hr',
  'deactivated',
  'token',
  'revokedToken',
  'demotedToken',
] as const;
export type Caller = (typeof CALLERS)[number];

/** Callers without a working session: pages send them to sign-in (GET) or answer 401. */
export const SIGNED_OUT: ReadonlySet<Caller> = new Set<Caller>(['anonymous', 'deactivated', 'token', 'revokedToken', 'demotedToken']);
export const TOKEN_CALLERS: ReadonlySet<Caller> = new Set<Caller>(['token', 'revokedToken', 'demotedToken']);

export interface CallerState {
  cookie: string;
  csrf: string;
  bearer?: string;
  /** The person behind the caller (none for anonymous and the tokens). */
  employeeId?: string;
}

/** Marker texts: each must reach only the people the rules give it to. */
export const MARK = {
  northComment: 'MARK-north-comment',
  southComment: 'MARK-south-comment',
  agenda: 'MARK-agenda-boss-alice',
  shared: 'MARK-shared-boss-alice',
  action: 'MARK-action-boss-alice',
  bossPrivate: 'MARK-private-of-boss',
  alicePrivate: 'MARK-private-of-alice',
  foreignAgenda: 'MARK-agenda-other-bob',
  otherPrivate: 'MARK-private-of-other',
  bobPrivate: 'MARK-private-of-bob',
} as const;

/** KPI values unlike any other number on a page: each must reach only the people who may see that value. */
export const KPI_MARK = { alice: 731913, bob: 648207, southTeam: 417263, mira: 529371 } as const;

export interface World {
  ids: Record<string, string>;
  callers: Record<Caller, CallerState>;
  /** Makes a new session for `who` (for routes that end or replace the session they are sent with). */
  freshSession(who: Caller): Promise<CallerState>;
  /** A new sign-in link (path) for the link user. */
  loginLink(): Promise<string>;
  /** A new open answer link (path) for a new person. */
  answerLink(): Promise<string>;
  /** A new open round (nobody invited), for the rows that close or extend one. */
  openRound(): Promise<string>;
  /** A new talking point of alice's on the main meeting. */
  agendaPoint(): Promise<string>;
  /** The shared notes' current version of a meeting (by its name in ids). */
  notesVersion(meeting: string): Promise<string>;
  /** The next scheduled meeting of a series (by its name in ids). */
  currentMeeting(series: string): Promise<string>;
  /** A KPI import HR checked and has not applied yet. */
  checkedImport(): Promise<string>;
  /** A new target of bob's. */
  bobTarget(): Promise<string>;
}

const cookieOf = (res: { headers: Record<string, unknown> }, name: string): string | undefined => {
  const all = (res.headers['set-cookie'] as string[] | undefined) ?? [];
  return all.map((c) => c.split(';')[0]).find((c) => c.startsWith(`${name}=`));
};

/** A signed-out browser's anonymous cookie and the CSRF token of the sign-in page. */
async function signedOutState(t: TestApp): Promise<CallerState> {
  const res = await request(t.app).get('/login');
  const cookie = cookieOf(res, 'pulse_anon');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(res.text)?.[1];
  if (!cookie || !csrf) throw new Error('no anonymous cookie or CSRF token on /login');
  return { cookie, csrf };
}

/** A session for `employeeId`, and the CSRF token a page of the signed-in app hands it. */
async function sessionState(t: TestApp, employeeId: string): Promise<CallerState> {
  const cookie = `${SESSION_COOKIE}=${await startSession(t.ctx, employeeId)}`;
  const res = await request(t.app).get('/account/password').set('Cookie', cookie);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(res.text)?.[1];
  if (res.status !== 200 || !csrf) throw new Error(`no CSRF token for a session (status ${res.status})`);
  return { cookie, csrf, employeeId };
}

export async function buildWorld(t: TestApp): Promise<World> {
  const { ctx } = t;
  const db = ctx.db;
  const ids: Record<string, string> = {};
  const { admin } = await buildOrg(db, { adminPassword: TEST_PASSWORD });
  const admin2 = await buildEmployee(db, { role: 'hr_admin', email: 'former.admin@acme.test' });
  const sales = await buildDepartment(db, { name: 'Sales' });
  const ops = await buildDepartment(db, { name: 'Ops' });
  const boss = await buildEmployee(db, { role: 'manager', email: 'boss@acme.test', name: 'Boss North' });
  const other = await buildEmployee(db, { role: 'manager', email: 'other@acme.test', name: 'Other South' });
  const mira = await buildEmployee(db, { role: 'manager', email: 'mira@acme.test', name: 'Mira Depot' });
  const north = await buildTeam(db, { name: 'North', departmentId: sales.id, managerId: boss.id });
  const south = await buildTeam(db, { name: 'South', departmentId: sales.id, managerId: other.id });
  const depot = await buildTeam(db, { name: 'Depot', departmentId: ops.id, managerId: mira.id });
  const spareTeam = await buildTeam(db, { name: 'Spare', departmentId: sales.id });
  await db.employee.update({ where: { id: mira.id }, data: { teamId: depot.id } });
  await db.employee.update({ where: { id: boss.id }, data: { teamId: north.id } });
  await db.employee.update({ where: { id: other.id }, data: { teamId: south.id } });
  const alice = await buildEmployee(db, { email: 'alice@acme.test', name: 'Alice North', teamId: north.id, managerId: boss.id });
  const bob = await buildEmployee(db, { email: 'bob@acme.test', name: 'Bob South', teamId: south.id, managerId: other.id });
  const dina = await buildEmployee(db, { email: 'dina@acme.test', teamId: depot.id, managerId: mira.id });
  const dora = await buildEmployee(db, { email: 'dora@acme.test', teamId: north.id, managerId: boss.id });
  const erin = await buildEmployee(db, { email: 'erin@acme.test', teamId: north.id, managerId: boss.id });
  const victim = await buildEmployee(db, { email: 'victim@acme.test', name: 'Victim', teamId: south.id, managerId: other.id });
  await buildEmployee(db, { email: 'link.user@acme.test' });
  await buildEmployee(db, { email: 'password.user@acme.test', password: TEST_PASSWORD });
  Object.assign(ids, {
    admin: admin.id, sales: sales.id, ops: ops.id, north: north.id, south: south.id, depot: depot.id, spareTeam: spareTeam.id,
    boss: boss.id, other: other.id, mira: mira.id, alice: alice.id, bob: bob.id, dina: dina.id, erin: erin.id, victim: victim.id,
  });

  // KPIs (as test/kpis/access-matrix.test.ts builds them).
  await enableKpis(ctx, ['revenue', 'close_rate', 'customer_acquisition_cost']);
  ids.customKpi = (await saveCustomKpi(ctx, { key: 'wins_twice', name: 'Wins twice', nameId: '', description: '', descriptionId: '', formula: 'deals_won * 2', unit: 'count', direction: 'higher', kind: 'process' })).id;
  const written = await writeValues(ctx, [
    { email: 'alice@acme.test', measure: 'won_value', period: '2026-01', value: KPI_MARK.alice },
    { email: 'bob@acme.test', measure: 'won_value', period: '2026-01', value: KPI_MARK.bob },
    { team: 'South', measure: 'sales_cost', period: '2026-01', value: KPI_MARK.southTeam },
    { email: 'mira@acme.test', measure: 'won_value', period: '2026-01', value: KPI_MARK.mira },
  ]);
  [ids.aliceValue, ids.bobValue, ids.southTeamValue, ids.miraValue] = written.rows.map((r) => r.valueId);
  const revenue = await db.kpi.findUniqueOrThrow({ where: { key: 'revenue' } });
  const viewer = await kpiViewerOf(ctx, { id: admin.id, role: 'hr_admin' });
  let k = 0;
  const checkedImport = async () => {
    const { id } = await createImport(ctx, viewer, `email,measure,period,value\nbob@acme.test,won_value,2025-0${(k++ % 9) + 1},${k}\n`);
    await runImport(ctx, id);
    return id;
  };
  const bobTarget = async () =>
    (await setTarget(ctx, { kpiId: revenue.id, ownerKind: 'person', ownerId: bob.id, periodKind: 'month', periodStart: `${1950 + k++}-01-01`, value: '100', by: admin.id })).id;
  ids.bobTarget = await bobTarget();
  ids.hrImport = await checkedImport();

  // Surveys and rounds: a closed, unpublished round with North's and South's comments (12 each, above every
  // threshold), an open round with answer links, a schedule.
  const survey = await buildSurvey(db, { title: 'Matrix pulse' });
  ids.survey = survey.id;
  await buildSchedule(db, survey.id);
  const round = await buildRound(db, { title: 'Closed matrix round', surveyId: survey.id, questions: [{ kind: 'enps' }, { kind: 'comment' }] });
  ids.round = round.id;
  await addResponses(db, round, { teamId: north.id, departmentId: sales.id }, same(12, [9, MARK.northComment]));
  await addResponses(db, round, { teamId: south.id, departmentId: sales.id }, same(12, [3, MARK.southComment]));
  const openRound = await buildRound(db, { title: 'Open matrix round', status: 'open', openedAt: new Date('2026-03-09T09:00:00Z'), questions: [{ kind: 'enps' }] });
  ids.openRound = openRound.id;
  const answerLink = async () => {
    const person = await buildEmployee(db, { teamId: spareTeam.id });
    const token = randomToken();
    await db.invitation.create({ data: { roundId: openRound.id, employeeId: person.id, teamId: spareTeam.id, departmentId: sales.id, tokenHash: hashToken(token) } });
    return `/s/${token}`;
  };
  ids.answerLink = await answerLink();
  // An open round whose invitations (alice's, bob's, boss's, erin's) keep their sealed token, as the round writer
  // makes them: "Answer now" on the home page redirects to the person's own link (the full URLs are kept here).
  const homeRound = await buildRound(db, { title: 'Home matrix round', status: 'open', openedAt: new Date('2026-03-09T09:00:00Z'), questions: [{ kind: 'enps' }] });
  ids.homeRound = homeRound.id;
  for (const [name, person, team] of [['alice', alice, north], ['bob', bob, south], ['boss', boss, north], ['erin', erin, north]] as const) {
    const token = randomToken();
    await db.invitation.create({ data: { roundId: homeRound.id, employeeId: person.id, teamId: team.id, departmentId: sales.id, tokenHash: hashToken(token), tokenCipher: ctx.keyring.seal(token) } });
    ids[`${name}HomeLink`] = answerUrl(ctx, token);
  }
  const openRoundFresh = async () => (await buildRound(db, { title: 'Round to close or extend', status: 'open', openedAt: new Date('2026-03-09T09:00:00Z'), questions: [{ kind: 'enps' }] })).id;
  // The weekly digest's opt-out link: boss's own (signed with the app key), and boss's signature under other's id.
  ids.digestOff = new URL(optOutLink(ctx, boss.id)).pathname;
  ids.digestForged = `/digest/off/${other.id}/${ids.digestOff.split('/').pop() ?? ''}`;

  // 1:1s: boss with alice (the main pair), boss with erin (a spare series to end), other with bob (foreign).
  const series = await buildSeries(ctx, boss.id, alice.id);
  ids.series = series.id;
  ids.meeting = (await meetingsOf(ctx, series.id))[0].id;
  ids.item = (await addAgendaItem(ctx, alice.id, ids.meeting, MARK.agenda)).id;
  await saveSharedNotes(ctx, boss.id, ids.meeting, MARK.shared, 0);
  ids.action = (await addActionItem(ctx, boss.id, ids.meeting, { text: MARK.action, ownerId: alice.id, dueDate: '2026-03-30' })).id;
  await savePrivateNote(ctx, boss.id, ids.meeting, MARK.bossPrivate);
  await savePrivateNote(ctx, alice.id, ids.meeting, MARK.alicePrivate);
  ids.spareSeries = (await buildSeries(ctx, boss.id, erin.id)).id;
  const foreign = await buildSeries(ctx, other.id, bob.id);
  ids.foreignSeries = foreign.id;
  ids.foreignMeeting = (await meetingsOf(ctx, foreign.id))[0].id;
  ids.foreignItem = (await addAgendaItem(ctx, bob.id, ids.foreignMeeting, MARK.foreignAgenda)).id;
  ids.foreignAction = (await addActionItem(ctx, other.id, ids.foreignMeeting, { text: 'foreign action', ownerId: bob.id, dueDate: '' })).id;
  await savePrivateNote(ctx, other.id, ids.foreignMeeting, MARK.otherPrivate);
  await savePrivateNote(ctx, bob.id, ids.foreignMeeting, MARK.bobPrivate);

  // The mailbox: a message with a calendar part.
  ids.mail = (await db.mailboxMessage.create({ data: { messageId: '<matrix@pulse.test>', toAddress: alice.email, subject: 'Matrix', html: '<p>Matrix</p>', text: 'Matrix', calendar: 'BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n' } })).id;

  // API tokens: a live one, a revoked one, and one whose HR admin was demoted afterwards.
  const live = await buildApiToken(ctx, admin.id, 'matrix');
  const revoked = await buildApiToken(ctx, admin.id, 'revoked');
  await revokeApiToken(ctx, revoked.row.id, admin.id);
  const demoted = await buildApiToken(ctx, admin2.id, 'demoted');
  ids.spareToken = (await buildApiToken(ctx, admin.id, 'spare')).row.id;

  const callers = {} as Record<Caller, CallerState>;
  callers.anonymous = await signedOutState(t);
  callers.employee = await sessionState(t, alice.id);
  callers.otherEmployee = await sessionState(t, bob.id);
  callers.manager = await sessionState(t, boss.id);
  callers.otherManager = await sessionState(t, other.id);
  callers.memberManager = await sessionState(t, mira.id);
  callers.hr = await sessionState(t, admin.id);
  const dead = await sessionState(t, dora.id);
  await deactivateEmployee(ctx, dora.id, admin.id);
  const anonymous = await signedOutState(t);
  // A deactivated person's browser still sends its session cookie (now dead), with a valid anonymous CSRF pair.
  callers.deactivated = { cookie: `${dead.cookie}; ${anonymous.cookie}`, csrf: anonymous.csrf, employeeId: dora.id };
  await admin2Demoted(t, admin2.id);
  callers.token = { ...(await signedOutState(t)), bearer: live.token };
  callers.revokedToken = { ...(await signedOutState(t)), bearer: revoked.token };
  callers.demotedToken = { ...(await signedOutState(t)), bearer: demoted.token };

  return {
    ids,
    callers,
    freshSession: async (who) => {
      const employeeId = callers[who].employeeId;
      if (!employeeId || SIGNED_OUT.has(who)) return callers[who];
      return sessionState(t, employeeId);
    },
    loginLink: async () => {
      const person = await db.employee.findUniqueOrThrow({ where: { email: 'link.user@acme.test' } });
      return new URL(await issueLoginLink(ctx, person.id)).pathname;
    },
    answerLink,
    openRound: openRoundFresh,
    agendaPoint: async () => (await addAgendaItem(ctx, alice.id, ids.meeting, 'A point to remove')).id,
    notesVersion: async (meeting) => String((await db.oneOnOneMeeting.findUniqueOrThrow({ where: { id: ids[meeting] } })).notesVersion),
    currentMeeting: async (series) =>
      (await db.oneOnOneMeeting.findFirstOrThrow({ where: { seriesId: ids[series], status: 'scheduled' }, orderBy: { slot: 'asc' } })).id,
    checkedImport,
    bobTarget,
  };
}

/** The second HR admin demoted to employee through the upsert every channel uses (their tokens die with it). */
async function admin2Demoted(t: TestApp, id: string): Promise<void> {
  const row = await t.ctx.db.employee.findUniqueOrThrow({ where: { id } });
  await applyUpsert(t.ctx, [{ ref: [], id, data: { email: row.email, name: row.name, role: 'employee' } }]);
}

/** The request `who` sends: their cookies, their bearer token, JSON for the API and HTML for pages. */
export function callerRequest(t: TestApp, state: CallerState, method: 'get' | 'post' | 'put' | 'patch' | 'head', path: string): Test {
  let req = request(t.app)[method](path).set('Cookie', state.cookie);
  if (state.bearer) req = req.set('Authorization', `Bearer ${state.bearer}`);
  return req.set('Accept', path.startsWith('/api/') ? 'application/json' : 'text/html');
}
