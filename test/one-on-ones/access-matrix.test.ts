/**
 * Who may use each 1:1 route, as one table (OWASP's authorization matrix), for: signed out, the pair's manager,
 * the report, another employee (the report's teammate), a manager of another team, a manager who is a member of
 * their own team (and of the report's), an HR admin, a deactivated user, and an API token. It proves that a 1:1's
 * content reaches its two people only, that private notes reach their author only, that HR never reads content,
 * and that ids of other pairs' meetings, talking points and action items open nothing.
 */
import { Browser, fixedClock, startTestApp, type TestApp } from '../helpers/test-app';
import { sessionBrowser, signedInBrowser, TEST_PASSWORD } from '../helpers/sign-in';
import { buildApiToken } from '../factories/org';
import { buildOrg } from '../factories';
import { buildPair, buildPerson, buildSeries, meetingsOf } from '../factories/one-on-ones';
import { addAgendaItem } from '../../server/domain/one-on-ones/agenda.service';
import { addActionItem } from '../../server/domain/one-on-ones/action-items.service';
import { savePrivateNote, saveSharedNotes } from '../../server/domain/one-on-ones/notes.service';
import { deactivateEmployee } from '../../server/domain/org/employees.service';

type Who = 'anonymous' | 'manager' | 'report' | 'teammate' | 'otherManager' | 'memberManager' | 'hr' | 'deactivated' | 'apiToken';
const NON_MEMBERS = ['teammate', 'otherManager', 'memberManager', 'hr'] as const;
const SIGNED_OUT = ['anonymous', 'deactivated', 'apiToken'] as const;

interface Route {
  method: 'get' | 'post';
  path: string;
  body?: Record<string, string>;
  /** What the pair's manager and report get (on a fresh pair when `fresh`: the route changes the series for good). */
  manager: number;
  report: number;
  fresh?: boolean;
  /** What an HR admin gets, when it is not the non-members' 404 (pages of their own). */
  hr?: number;
  /** What the other signed-in non-members get, when not 404. */
  others?: number;
}

const SERIES_FIELDS = { cadence: 'weekly', weekday: '3', timeOfDay: '11:00', timeZone: 'Europe/Berlin', durationMinutes: '45', startDate: '2026-03-10', reminderHours: '24' };

const ROUTES: Route[] = [
  { method: 'get', path: '/one-on-ones', manager: 200, report: 200, hr: 200, others: 200 },
  { method: 'get', path: '/one-on-ones/new?report={report}', manager: 200, report: 403, hr: 403, others: 403 },
  { method: 'post', path: '/one-on-ones', body: { reportId: '{report}', ...SERIES_FIELDS }, manager: 409, report: 403, hr: 403, others: 403 },
  { method: 'get', path: '/one-on-ones/series/{series}', manager: 200, report: 200 },
  { method: 'get', path: '/one-on-ones/series/{series}?q=MARK', manager: 200, report: 200 },
  { method: 'post', path: '/one-on-ones/series/{series}', body: SERIES_FIELDS, manager: 303, report: 403, fresh: true },
  { method: 'post', path: '/one-on-ones/series/{series}/pause', manager: 303, report: 403, fresh: true },
  { method: 'post', path: '/one-on-ones/series/{series}/resume', manager: 303, report: 403, fresh: true },
  { method: 'post', path: '/one-on-ones/series/{series}/end', manager: 303, report: 403, fresh: true },
  { method: 'get', path: '/one-on-ones/meetings/{meeting}', manager: 200, report: 200 },
  { method: 'post', path: '/one-on-ones/meetings/{meeting}/agenda', body: { text: 'A new point' }, manager: 303, report: 303 },
  { method: 'post', path: '/one-on-ones/meetings/{meeting}/agenda/{item}/check', manager: 303, report: 303 },
  { method: 'post', path: '/one-on-ones/meetings/{meeting}/agenda/{item}/uncheck', manager: 303, report: 303 },
  // The point is the report's: only its author removes it.
  { method: 'post', path: '/one-on-ones/meetings/{meeting}/agenda/{item}/remove', manager: 404, report: 303, fresh: true },
  { method: 'post', path: '/one-on-ones/meetings/{meeting}/suggestions', body: { key: 'pulse:none:none' }, manager: 404, report: 404 },
  { method: 'post', path: '/one-on-ones/meetings/{meeting}/notes', body: { text: 'Edited notes', version: '1' }, manager: 303, report: 303, fresh: true },
  { method: 'post', path: '/one-on-ones/meetings/{meeting}/private-note', body: { text: 'Another private thought' }, manager: 303, report: 303, fresh: true },
  { method: 'post', path: '/one-on-ones/meetings/{meeting}/actions', body: { text: 'Follow up', ownerId: '{report}', dueDate: '' }, manager: 303, report: 303 },
  { method: 'post', path: '/one-on-ones/meetings/{meeting}/actions/{action}/done', manager: 303, report: 303 },
  { method: 'post', path: '/one-on-ones/meetings/{meeting}/actions/{action}/reopen', manager: 303, report: 303 },
  { method: 'post', path: '/one-on-ones/meetings/{meeting}/hold', manager: 303, report: 303, fresh: true },
  { method: 'post', path: '/one-on-ones/meetings/{meeting}/skip', manager: 303, report: 303, fresh: true },
  { method: 'post', path: '/one-on-ones/meetings/{meeting}/move', body: { date: '2026-03-19', time: '10:00' }, manager: 303, report: 303, fresh: true },
  // Another pair's objects, reached through this pair's meeting or directly.
  { method: 'get', path: '/one-on-ones/meetings/{foreignMeeting}', manager: 404, report: 404 },
  { method: 'get', path: '/one-on-ones/series/{foreignSeries}', manager: 404, report: 404 },
  { method: 'post', path: '/one-on-ones/meetings/{meeting}/agenda/{foreignItem}/check', manager: 404, report: 404 },
  { method: 'post', path: '/one-on-ones/meetings/{meeting}/actions/{foreignAction}/done', manager: 404, report: 404 },
  { method: 'post', path: '/one-on-ones/meetings/{foreignMeeting}/private-note', body: { text: 'x' }, manager: 404, report: 404 },
  { method: 'post', path: '/one-on-ones/meetings/{foreignMeeting}/notes', body: { text: 'x', version: '1' }, manager: 404, report: 404 },
  { method: 'post', path: '/one-on-ones/meetings/{foreignMeeting}/skip', manager: 404, report: 404 },
  { method: 'get', path: '/admin/one-on-ones', manager: 403, report: 403, hr: 200, others: 403 },
];

/** Text that is the pair's content; none of it may reach anyone outside the pair. */
const CONTENT = ['MARK-agenda', 'MARK-shared', 'MARK-action'];
const MANAGER_PRIVATE = 'MARK-private-of-manager';
const REPORT_PRIVATE = 'MARK-private-of-report';

const clock = fixedClock('2026-03-10T12:00:00Z');
let t: TestApp;
let token = '';
const browsers = {} as Record<Who, Browser>;
const ids: Record<string, string> = {};

/** A pair with a series and content of every kind: its ids, and its two people signed in. */
async function contentPair() {
  const { manager, report, team } = await buildPair(t.ctx);
  const s = await buildSeries(t.ctx, manager.id, report.id);
  const [m] = await meetingsOf(t.ctx, s.id);
  const item = await addAgendaItem(t.ctx, report.id, m.id, 'MARK-agenda talk about promotion');
  await saveSharedNotes(t.ctx, manager.id, m.id, 'MARK-shared we agreed on goals', 0);
  const action = await addActionItem(t.ctx, manager.id, m.id, { text: 'MARK-action book a course', ownerId: report.id, dueDate: '2026-03-30' });
  await savePrivateNote(t.ctx, manager.id, m.id, MANAGER_PRIVATE);
  await savePrivateNote(t.ctx, report.id, m.id, REPORT_PRIVATE);
  return { manager, report, team, ids: { series: s.id, meeting: m.id, item: item.id, action: action.id, report: report.id } };
}

beforeAll(async () => {
  t = await startTestApp({ clock });
  const { admin } = await buildOrg(t.ctx.db, { adminPassword: TEST_PASSWORD });
  const pair = await contentPair();
  Object.assign(ids, pair.ids);
  // Another pair's objects: its two people are none of the roles below.
  const foreign = await contentPair();
  Object.assign(ids, { foreignSeries: foreign.ids.series, foreignMeeting: foreign.ids.meeting, foreignItem: foreign.ids.item, foreignAction: foreign.ids.action });
  const teammate = await buildPerson(t.ctx, { teamId: pair.team.id, managerId: pair.manager.id });
  // A manager of another team (with a 1:1 of their own), and a manager who leads a team of their own but sits in the report's team.
  const otherManager = (await contentPair()).manager;
  const memberManager = await buildPerson(t.ctx, { role: 'manager', teamId: pair.team.id, managerId: pair.manager.id });
  const memberTeam = await t.ctx.db.team.create({ data: { name: 'Led by a member', departmentId: pair.team.departmentId, managerId: memberManager.id } });
  await buildPerson(t.ctx, { teamId: memberTeam.id, managerId: memberManager.id });
  const deactivated = (await contentPair()).report;
  token = (await buildApiToken(t.ctx, admin.id)).token;
  browsers.anonymous = new Browser(t.app);
  browsers.apiToken = new Browser(t.app);
  browsers.manager = await signedInBrowser(t.app, pair.manager.email);
  browsers.report = await signedInBrowser(t.app, pair.report.email);
  browsers.teammate = await signedInBrowser(t.app, teammate.email);
  browsers.otherManager = await signedInBrowser(t.app, otherManager.email);
  browsers.memberManager = await signedInBrowser(t.app, memberManager.email);
  browsers.hr = await signedInBrowser(t.app, admin.email);
  browsers.deactivated = await signedInBrowser(t.app, deactivated.email);
  await deactivateEmployee(t.ctx, deactivated.id, admin.id);
});
afterAll(() => t.close());

const fill = (s: string, values: Record<string, string>) => s.replace(/\{(\w+)\}/g, (_m, k: string) => values[k]);

async function send(b: Browser, r: Route, values: Record<string, string>, opts: { bearer?: boolean } = {}) {
  const path = fill(r.path, values);
  if (r.method === 'get') {
    const req = b.agent.get(path).set('Accept', opts.bearer ? 'application/json' : 'text/html');
    return opts.bearer ? req.set('Authorization', `Bearer ${token}`) : req;
  }
  // A signed-in browser's token comes from a page of its own; a signed-out one's from the sign-in page.
  const csrf = await b.csrf('/one-on-ones').catch(() => b.csrf('/login'));
  const body = Object.fromEntries(Object.entries(r.body ?? {}).map(([k, v]) => [k, fill(v, values)]));
  const req = b.agent.post(path).type('form').send({ ...body, _csrf: csrf });
  return opts.bearer ? req.set('Authorization', `Bearer ${token}`) : req;
}

function expectNoContent(text: string) {
  for (const c of [...CONTENT, MANAGER_PRIVATE, REPORT_PRIVATE]) expect(text).not.toContain(c);
}

const label = (r: Route) => `${r.method.toUpperCase()} ${r.path}`;

describe.each(SIGNED_OUT)('%s', (who) => {
  it.each(ROUTES.map((r) => [label(r), r] as const))('is refused: %s', async (_n, r) => {
    const res = await send(browsers[who], r, ids, { bearer: who === 'apiToken' });
    if (r.method === 'get' && who !== 'apiToken') {
      expect(res.status).toBe(303);
      expect(res.headers.location).toMatch(/^\/login\?next=/);
    } else expect(res.status).toBe(401);
    expectNoContent(res.text);
  });
});

describe.each(NON_MEMBERS)('%s (not one of the pair)', (who) => {
  it.each(ROUTES.map((r) => [label(r), r] as const))('%s', async (_n, r) => {
    const res = await send(browsers[who], r, ids);
    const expected = (who === 'hr' ? r.hr : r.others) ?? 404;
    expect(res.status).toBe(expected);
    expectNoContent(res.text);
  });
});

describe.each(['manager', 'report'] as const)('the pair’s %s', (who) => {
  it.each(ROUTES.map((r) => [label(r), r] as const))('%s', async (_n, r) => {
    let b = browsers[who];
    let values = ids;
    if (r.fresh) {
      const fresh = await contentPair();
      values = { ...ids, ...fresh.ids };
      b = await sessionBrowser(t.ctx, t.app, (who === 'manager' ? fresh.manager : fresh.report).id);
    }
    const res = await send(b, r, values);
    expect(res.status).toBe(r[who]);
    // The other person's private note never reaches them, whatever the page.
    expect(res.text).not.toContain(who === 'manager' ? REPORT_PRIVATE : MANAGER_PRIVATE);
    if (res.status === 200 && r.path === '/one-on-ones/meetings/{meeting}') {
      for (const c of CONTENT) expect(res.text).toContain(c);
      expect(res.text).toContain(who === 'manager' ? MANAGER_PRIVATE : REPORT_PRIVATE);
    }
  });
});

describe('what stays out of reach whatever the route', () => {
  it('private notes rest sealed: the database holds no plain text of them', async () => {
    const rows = await t.ctx.db.oneOnOnePrivateNote.findMany();
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.cipher).not.toMatch(/MARK|private/);
    // A sealed note copied onto another author's row opens for nobody.
    const { privateNoteOf } = await import('../../server/domain/one-on-ones/notes.service');
    const mine = rows.find((r) => r.meetingId === ids.meeting)!;
    const series = await t.ctx.db.oneOnOneSeries.findUniqueOrThrow({ where: { id: ids.series } });
    const otherAuthor = mine.authorId === series.managerId ? series.reportId : series.managerId;
    await t.ctx.db.oneOnOnePrivateNote.update({ where: { meetingId_authorId: { meetingId: ids.meeting, authorId: otherAuthor } }, data: { cipher: mine.cipher } });
    await expect(privateNoteOf(t.ctx, otherAuthor, ids.meeting)).rejects.toThrow();
  });

  it('the search finds shared content but never a private note, not even the searcher’s own', async () => {
    const res = await browsers.manager.agent.get(`/one-on-ones/series/${ids.series}?q=${encodeURIComponent('private-of-manager')}`);
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/0 meetings mention/);
    const hit = await browsers.report.agent.get(`/one-on-ones/series/${ids.series}?q=MARK-shared`);
    expect(hit.text).toMatch(/1 meeting mentions/);
  });

  it('the API token reads cadence health, never content', async () => {
    const res = await browsers.anonymous.agent.get('/api/v1/one-on-ones/health').set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(res.body.company.pairs).toBeGreaterThanOrEqual(3);
    expectNoContent(res.text);
    const session = await browsers.hr.agent.get('/api/v1/one-on-ones/health').set('Accept', 'application/json');
    expect(session.status).toBe(401);
  });

  it('no outbox row or mailbox message carries content or a private note', async () => {
    const rows = await t.ctx.db.outboxEmail.findMany();
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expectNoContent(`${r.data} ${r.secretData ?? ''}`);
    const hrMailbox = await browsers.hr.agent.get('/admin/mailbox');
    expectNoContent(hrMailbox.text);
  });
});
