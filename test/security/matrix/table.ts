/**
 * The authorization matrix of issue 15 as ONE table: each row is a request (a route of the app, with real ids of
 * the world in world.ts) and the status each caller gets. Unlisted signed-in callers get `refused` (403 unless
 * said); signed-out callers (anonymous, a deactivated person, the API tokens on pages) are sent to sign-in on
 * GET and get 401 otherwise; on /api/v1 every caller but a live token gets 401. Rows that change or spend
 * something either target objects kept for it or make them `fresh` for each request. A redirect to an answer
 * link (/s/<token>) must be the one a row's `location` names for that caller: nobody is sent to another's link.
 */
import { CALLERS, KPI_MARK, MARK, SIGNED_OUT, type Caller, type World } from './world';

export type Method = 'get' | 'post' | 'put' | 'patch';
type Body = Record<string, unknown>;
type Statuses = Partial<Record<Caller, number>>;

export interface Row {
  method: Method;
  /** The router's path this row exercises (`/admin/teams/:id`). */
  route: string;
  /** The request path, `{name}` filled from the world's ids (or from `fresh`). */
  path: string;
  body?: Body | ((v: Record<string, string>, who: Caller) => Body);
  ok: Statuses;
  /** What signed-in callers not in `ok` get (default 403). */
  refused?: number;
  fresh?: (w: World, who: Caller) => Promise<Record<string, string>>;
  /** Sent with a new session of the caller (the route ends or replaces it). */
  freshSession?: boolean;
  /** Marker texts the response must carry for these callers (so the absence elsewhere means something). */
  shows?: Partial<Record<Caller, string[]>>;
  /** The redirect each of these callers must get (`{name}` filled); a redirect to an answer link must be listed here. */
  location?: Partial<Record<Caller, string>>;
  /** Texts (beyond the markers) the response must not carry for these callers. */
  hides?: Partial<Record<Caller, string[]>>;
}

const signedIn = CALLERS.filter((c) => !SIGNED_OUT.has(c));
const every = (status: number): Statuses => Object.fromEntries(CALLERS.map((c) => [c, status]));
const allSignedIn = (status: number): Statuses => Object.fromEntries(signedIn.map((c) => [c, status]));
const signedOutOnly = (status: number): Statuses => Object.fromEntries([...SIGNED_OUT].map((c) => [c, status]));
const HR: Statuses = { hr: 200 };
const HR303: Statuses = { hr: 303 };
const TOKEN: Statuses = { token: 200 };
/** The boss–alice pair (manager and report). */
const PAIR = (manager: number, employee = manager): Statuses => ({ manager, employee });
/** The other–bob pair (another team's manager and employee). */
const FOREIGN_PAIR = (s: number): Statuses => ({ otherManager: s, otherEmployee: s });

let n = 0;
const next = () => ++n;

/** Who may ever read each marker text; checked on every response of the matrix. */
export const AUDIENCE: Record<string, readonly Caller[]> = {
  [MARK.northComment]: ['hr', 'manager'],
  [MARK.southComment]: ['hr', 'otherManager'],
  [MARK.agenda]: ['manager', 'employee'],
  [MARK.shared]: ['manager', 'employee'],
  [MARK.action]: ['manager', 'employee'],
  [MARK.bossPrivate]: ['manager'],
  [MARK.alicePrivate]: ['employee'],
  [MARK.foreignAgenda]: ['otherManager', 'otherEmployee'],
  [MARK.otherPrivate]: ['otherManager'],
  [MARK.bobPrivate]: ['otherEmployee'],
};

/** Who may ever see each KPI value (on its person, team, department and company pages, exports and entry forms). */
export const KPI_AUDIENCE: [number, readonly Caller[]][] = [
  [KPI_MARK.alice, ['employee', 'manager', 'hr']],
  [KPI_MARK.bob, ['otherEmployee', 'otherManager', 'hr']],
  [KPI_MARK.southTeam, ['otherManager', 'hr']],
  [KPI_MARK.mira, ['memberManager', 'hr']],
];

const PREVIEW_QUERY = 'frequency=weekly&weekday=1&timeOfDay=09:00&timeZone=Europe/Berlin&windowDays=5&reminderCount=1&startDate=2026-03-16&audience=company';
const SERIES_FIELDS = { cadence: 'weekly', weekday: '3', timeOfDay: '11:00', timeZone: 'Europe/Berlin', durationMinutes: '45', startDate: '2026-03-10', reminderHours: '24' };

const SIGN_IN_AND_PUBLIC: Row[] = [
  { method: 'get', route: '/healthz', path: '/healthz', ok: every(200) },
  { method: 'get', route: '/setup', path: '/setup', ok: every(303) },
  { method: 'post', route: '/setup', path: '/setup', body: { companyName: 'Evil', name: 'Evil', email: 'evil@evil.test', password: 'a long enough password', timeZone: 'UTC', locale: 'en' }, ok: every(303) },
  { method: 'get', route: '/login', path: '/login', ok: { ...signedOutOnly(200), ...allSignedIn(303) } },
  { method: 'post', route: '/login/link', path: '/login/link', body: (_v, who) => ({ email: `nobody-${who.toLowerCase()}@acme.test` }), ok: every(303) },
  { method: 'get', route: '/login/link/:token', path: '{link}', fresh: async (w) => ({ link: await w.loginLink() }), ok: every(200) },
  { method: 'get', route: '/login/link/:token', path: '/login/link/not-a-link-at-all-0000000000000000', ok: every(410) },
  // Signing in ends the session the browser came with: these are sent with a session of their own.
  { method: 'post', route: '/login/link/:token', path: '{link}', fresh: async (w) => ({ link: await w.loginLink() }), freshSession: true, ok: every(303) },
  { method: 'post', route: '/login/password', path: '/login/password', body: { email: 'password.user@acme.test', password: 'correct horse battery staple' }, freshSession: true, ok: every(303) },
  { method: 'post', route: '/logout', path: '/logout', freshSession: true, ok: every(303) },
  { method: 'get', route: '/account/password', path: '/account/password', ok: allSignedIn(200) },
  // A form the schema refuses (the confirmation differs): served for every signed-in caller, nobody's password changes.
  { method: 'post', route: '/account/password', path: '/account/password', body: { current: 'wrong', password: 'a long enough password', confirm: 'another one' }, ok: allSignedIn(400) },
  { method: 'get', route: '/', path: '/', ok: allSignedIn(200) },
  { method: 'get', route: '/s/:token', path: '{answerLink}', ok: every(200) },
  { method: 'get', route: '/s/:token', path: '/s/not-a-token', ok: every(404) },
  { method: 'post', route: '/s/:token', path: '{link}', fresh: async (w) => ({ link: await w.answerLink() }), ok: every(200) },
  // A reminder's List-Unsubscribe link: the token is the key (no sign-in, no CSRF token); a bogus one is a bogus answer link.
  { method: 'get', route: '/s/:token/reminders-off', path: '{answerLink}/reminders-off', ok: every(200) },
  { method: 'get', route: '/s/:token/reminders-off', path: '/s/not-a-token/reminders-off', ok: every(404) },
  { method: 'post', route: '/s/:token/reminders-off', path: '{link}/reminders-off', fresh: async (w) => ({ link: await w.answerLink() }), ok: every(200) },
  { method: 'post', route: '/s/:token/reminders-off', path: '/s/not-a-token/reminders-off', ok: every(404) },
  // "Answer now" on the home page: each person is sent to their own waiting invitation of the round, else home.
  {
    method: 'post', route: '/home/answer/:roundId', path: '/home/answer/{homeRound}',
    ok: { employee: 303, otherEmployee: 303, manager: 303, otherManager: 303, memberManager: 303, hr: 303 },
    location: { employee: '{aliceHomeLink}', otherEmployee: '{bobHomeLink}', manager: '{bossHomeLink}', otherManager: '/?survey=gone', memberManager: '/?survey=gone', hr: '/?survey=gone' },
  },
  { method: 'post', route: '/home/answer/:roundId', path: '/home/answer/{openRound}', ok: allSignedIn(303), location: Object.fromEntries(signedIn.map((c) => [c, '/?survey=gone'])) },
  { method: 'post', route: '/home/answer/:roundId', path: '/home/answer/not-a-round', ok: allSignedIn(400) },
  // The weekly digest's opt-out link, signed with the app key: works signed in or not; a signature of another
  // manager's link (or none at all) turns nothing off for anybody.
  { method: 'get', route: '/digest/off/:managerId/:sig', path: '{digestOff}', ok: every(200) },
  { method: 'get', route: '/digest/off/:managerId/:sig', path: '{digestForged}', ok: every(404) },
  { method: 'post', route: '/digest/off/:managerId/:sig', path: '{digestForged}', ok: every(404) },
  { method: 'post', route: '/digest/off/:managerId/:sig', path: '{digestOff}', ok: every(200) },
  { method: 'get', route: '/favicon.ico', path: '/favicon.ico', ok: every(200) },
];

const DIRECTORY: Row[] = [
  { method: 'get', route: '/admin/mailbox', path: '/admin/mailbox', ok: HR },
  { method: 'get', route: '/admin/mailbox/:id', path: '/admin/mailbox/{mail}', ok: HR },
  { method: 'get', route: '/admin/mailbox/:id/html', path: '/admin/mailbox/{mail}/html', ok: HR },
  { method: 'get', route: '/admin/mailbox/:id/invite.ics', path: '/admin/mailbox/{mail}/invite.ics', ok: HR },
  { method: 'get', route: '/admin/departments', path: '/admin/departments', ok: HR },
  { method: 'post', route: '/admin/departments', path: '/admin/departments', body: () => ({ name: `Dept ${next()}` }), ok: HR303 },
  { method: 'get', route: '/admin/departments/:id', path: '/admin/departments/{sales}', ok: HR },
  { method: 'post', route: '/admin/departments/:id', path: '/admin/departments/{ops}', body: { name: 'Ops' }, ok: HR303 },
  { method: 'get', route: '/admin/teams', path: '/admin/teams', ok: HR },
  { method: 'post', route: '/admin/teams', path: '/admin/teams', body: () => ({ name: `Team ${next()}`, department: 'Sales' }), ok: HR303 },
  { method: 'get', route: '/admin/teams/:id', path: '/admin/teams/{north}', ok: HR },
  { method: 'post', route: '/admin/teams/:id', path: '/admin/teams/{spareTeam}', body: { name: 'Spare', department: 'Sales' }, ok: HR303 },
  { method: 'get', route: '/admin/employees/import', path: '/admin/employees/import', ok: HR },
  { method: 'post', route: '/admin/employees/import', path: '/admin/employees/import', body: () => ({ csv: `email,name\nimported-${next()}@acme.test,Imported\n` }), ok: HR },
  { method: 'post', route: '/admin/employees/import/apply', path: '/admin/employees/import/apply', body: () => ({ csv: `email,name\nimported-${next()}@acme.test,Imported\n` }), ok: HR },
  { method: 'get', route: '/admin/employees/export.csv', path: '/admin/employees/export.csv', ok: HR },
  { method: 'get', route: '/admin/employees', path: '/admin/employees', ok: HR },
  { method: 'get', route: '/admin/employees/new', path: '/admin/employees/new', ok: HR },
  { method: 'post', route: '/admin/employees', path: '/admin/employees', body: () => ({ email: `new-${next()}@acme.test`, name: 'New Person', role: 'employee', locale: 'en', timeZone: 'UTC' }), ok: HR303 },
  { method: 'get', route: '/admin/employees/:id', path: '/admin/employees/{alice}', ok: HR },
  { method: 'post', route: '/admin/employees/:id', path: '/admin/employees/{victim}', body: { email: 'victim@acme.test', name: 'Victim', role: 'employee', team: 'South', managerEmail: 'other@acme.test', locale: 'en', timeZone: 'UTC' }, ok: HR303 },
  { method: 'post', route: '/admin/employees/:id/deactivate', path: '/admin/employees/{victim}/deactivate', ok: HR303 },
  { method: 'post', route: '/admin/employees/:id/reactivate', path: '/admin/employees/{victim}/reactivate', ok: HR303 },
  { method: 'get', route: '/admin/api-tokens', path: '/admin/api-tokens', ok: HR },
  { method: 'post', route: '/admin/api-tokens', path: '/admin/api-tokens', body: () => ({ name: `Token ${next()}` }), ok: HR },
  { method: 'post', route: '/admin/api-tokens/:id/revoke', path: '/admin/api-tokens/{spareToken}/revoke', ok: HR303 },
];

const SURVEYS_AND_RESULTS: Row[] = [
  { method: 'get', route: '/admin/surveys', path: '/admin/surveys', ok: HR },
  { method: 'get', route: '/admin/surveys/new', path: '/admin/surveys/new', ok: HR },
  { method: 'get', route: '/admin/surveys/:id', path: '/admin/surveys/{survey}', ok: HR },
  // "Add a question" re-renders the editor without saving.
  { method: 'post', route: '/admin/surveys', path: '/admin/surveys', body: { action: 'add', title: 'Draft' }, ok: HR },
  { method: 'post', route: '/admin/surveys/:id', path: '/admin/surveys/{survey}', body: { action: 'add', title: 'Draft' }, ok: HR },
  { method: 'get', route: '/admin/rounds/:id', path: '/admin/rounds/{round}', ok: HR },
  { method: 'get', route: '/admin/surveys/:id/schedule', path: '/admin/surveys/{survey}/schedule', ok: HR },
  { method: 'post', route: '/admin/surveys/:id/schedule', path: '/admin/surveys/{survey}/schedule', body: { frequency: 'never-heard-of' }, ok: { hr: 400 } },
  { method: 'post', route: '/admin/surveys/:id/schedule/pause', path: '/admin/surveys/{survey}/schedule/pause', ok: HR303 },
  { method: 'post', route: '/admin/surveys/:id/schedule/resume', path: '/admin/surveys/{survey}/schedule/resume', ok: HR303 },
  { method: 'get', route: '/admin/surveys/:id/schedule/preview', path: `/admin/surveys/{survey}/schedule/preview?${PREVIEW_QUERY}`, ok: HR },
  { method: 'get', route: '/admin/surveys/:id/send-now', path: '/admin/surveys/{survey}/send-now', ok: HR },
  { method: 'post', route: '/admin/surveys/:id/send-now', path: '/admin/surveys/{survey}/send-now', ok: HR303 },
  // Closing a round early and extending it: the confirmation pages of the open round (a closed one is 409), the
  // changes on a round made open for each request.
  { method: 'get', route: '/admin/rounds/:id/close', path: '/admin/rounds/{openRound}/close', ok: HR },
  { method: 'get', route: '/admin/rounds/:id/close', path: '/admin/rounds/{round}/close', ok: { hr: 409 } },
  { method: 'post', route: '/admin/rounds/:id/close', path: '/admin/rounds/{fresh}/close', fresh: async (w) => ({ fresh: await w.openRound() }), ok: HR303 },
  { method: 'post', route: '/admin/rounds/:id/close', path: '/admin/rounds/{round}/close', ok: { hr: 409 } },
  { method: 'get', route: '/admin/rounds/:id/extend', path: '/admin/rounds/{openRound}/extend', ok: HR },
  { method: 'post', route: '/admin/rounds/:id/extend', path: '/admin/rounds/{round}/extend', body: { days: '2' }, ok: { hr: 409 } },
  { method: 'post', route: '/admin/rounds/:id/extend', path: '/admin/rounds/{fresh}/extend', fresh: async (w) => ({ fresh: await w.openRound() }), body: { days: '2' }, ok: HR303 },
  { method: 'post', route: '/admin/rounds/:id/extend', path: '/admin/rounds/{fresh}/extend', fresh: async (w) => ({ fresh: await w.openRound() }), body: { days: '15' }, ok: { hr: 400 } },
  { method: 'get', route: '/results', path: '/results', ok: allSignedIn(200) },
  {
    method: 'get', route: '/results/rounds/:id', path: '/results/rounds/{round}',
    ok: { hr: 200, manager: 200, otherManager: 200, memberManager: 200 },
    shows: { hr: [MARK.northComment, MARK.southComment], manager: [MARK.northComment], otherManager: [MARK.southComment] },
  },
  // A round still open: those who will see its results get a page saying when (its title and close only), not the results.
  { method: 'get', route: '/results/rounds/:id', path: '/results/rounds/{openRound}', ok: { hr: 200, manager: 200, otherManager: 200, memberManager: 200 } },
  { method: 'get', route: '/results/rounds/:id/export.csv', path: '/results/rounds/{round}/export.csv', ok: HR, shows: { hr: [MARK.northComment, MARK.southComment] } },
  { method: 'post', route: '/results/rounds/:id/publish', path: '/results/rounds/{round}/publish', ok: HR303 },
  { method: 'post', route: '/results/rounds/:id/unpublish', path: '/results/rounds/{round}/unpublish', ok: HR303 },
  { method: 'get', route: '/results/teams/:id', path: '/results/teams/{north}', ok: { hr: 200, manager: 200 } },
  { method: 'get', route: '/results/teams/:id', path: '/results/teams/{south}', ok: { hr: 200, otherManager: 200 } },
  { method: 'get', route: '/results/teams/:id', path: '/results/teams/{depot}', ok: { hr: 200, memberManager: 200 } },
  { method: 'get', route: '/admin/results/settings', path: '/admin/results/settings', ok: HR },
  { method: 'post', route: '/admin/results/settings', path: '/admin/results/settings', body: { minGroupSize: '5', minCommentGroupSize: '5' }, ok: HR303 },
  // HR compares every team; a manager only the teams they manage (team names stand in for each team's numbers).
  {
    method: 'get', route: '/people-performance', path: '/people-performance', ok: { hr: 200, manager: 200, otherManager: 200, memberManager: 200 },
    shows: { hr: ['North', 'South', 'Depot'], manager: ['North'], otherManager: ['South'], memberManager: ['Depot'] },
    hides: { manager: ['South', 'Depot'], otherManager: ['North', 'Depot'], memberManager: ['North', 'South'] },
  },
  { method: 'get', route: '/admin/audit', path: '/admin/audit', ok: HR },
  { method: 'get', route: '/admin/audit/export.csv', path: '/admin/audit/export.csv', ok: HR },
];

const ONE_ON_ONES: Row[] = [
  { method: 'get', route: '/one-on-ones', path: '/one-on-ones', ok: allSignedIn(200) },
  { method: 'get', route: '/one-on-ones/new', path: '/one-on-ones/new?report={alice}', ok: { manager: 200 } },
  { method: 'get', route: '/one-on-ones/new', path: '/one-on-ones/new?report={bob}', ok: { otherManager: 200 } },
  { method: 'post', route: '/one-on-ones', path: '/one-on-ones', body: (v) => ({ reportId: v.alice, ...SERIES_FIELDS }), ok: { manager: 409 } },
  // Dina reports to mira: only mira may start a 1:1 with her (and does, once).
  { method: 'post', route: '/one-on-ones', path: '/one-on-ones', body: (v) => ({ reportId: v.dina, ...SERIES_FIELDS }), ok: { memberManager: 303 } },
  { method: 'get', route: '/one-on-ones/series/:id', path: '/one-on-ones/series/{series}', ok: PAIR(200), refused: 404, shows: { manager: [MARK.agenda], employee: [MARK.agenda] } },
  { method: 'get', route: '/one-on-ones/series/:id', path: '/one-on-ones/series/{foreignSeries}', ok: FOREIGN_PAIR(200), refused: 404 },
  { method: 'post', route: '/one-on-ones/series/:id', path: '/one-on-ones/series/{spareSeries}', body: SERIES_FIELDS, ok: { manager: 303 }, refused: 404 },
  { method: 'post', route: '/one-on-ones/series/:id/end', path: '/one-on-ones/series/{spareSeries}/end', ok: { manager: 303 }, refused: 404 },
  {
    method: 'get', route: '/one-on-ones/meetings/:id', path: '/one-on-ones/meetings/{meeting}', ok: PAIR(200), refused: 404,
    shows: { manager: [MARK.agenda, MARK.shared, MARK.action, MARK.bossPrivate], employee: [MARK.agenda, MARK.shared, MARK.action, MARK.alicePrivate] },
  },
  { method: 'get', route: '/one-on-ones/meetings/:id', path: '/one-on-ones/meetings/{foreignMeeting}', ok: FOREIGN_PAIR(200), refused: 404, shows: { otherManager: [MARK.otherPrivate], otherEmployee: [MARK.bobPrivate] } },
  { method: 'post', route: '/one-on-ones/meetings/:id/agenda', path: '/one-on-ones/meetings/{meeting}/agenda', body: { text: 'A new point' }, ok: PAIR(303), refused: 404 },
  { method: 'post', route: '/one-on-ones/meetings/:id/agenda/:itemId/check', path: '/one-on-ones/meetings/{meeting}/agenda/{item}/check', ok: PAIR(303), refused: 404 },
  { method: 'post', route: '/one-on-ones/meetings/:id/agenda/:itemId/check', path: '/one-on-ones/meetings/{meeting}/agenda/{foreignItem}/check', ok: {}, refused: 404 },
  { method: 'post', route: '/one-on-ones/meetings/:id/agenda/:itemId/uncheck', path: '/one-on-ones/meetings/{meeting}/agenda/{item}/uncheck', ok: PAIR(303), refused: 404 },
  // The point is alice's: only its author removes it.
  {
    method: 'post', route: '/one-on-ones/meetings/:id/agenda/:itemId/remove', path: '/one-on-ones/meetings/{meeting}/agenda/{point}/remove', ok: { employee: 303 }, refused: 404,
    fresh: async (w) => ({ point: await w.agendaPoint() }),
  },
  { method: 'post', route: '/one-on-ones/meetings/:id/suggestions', path: '/one-on-ones/meetings/{meeting}/suggestions', body: { key: 'pulse:none:none' }, ok: {}, refused: 404 },
  {
    method: 'post', route: '/one-on-ones/meetings/:id/notes', path: '/one-on-ones/meetings/{meeting}/notes', body: (v) => ({ text: MARK.shared, version: v.notesVersion }), ok: PAIR(303), refused: 404,
    fresh: async (w) => ({ notesVersion: await w.notesVersion('meeting') }),
  },
  { method: 'post', route: '/one-on-ones/meetings/:id/notes', path: '/one-on-ones/meetings/{foreignMeeting}/notes', body: { text: 'x', version: '999' }, ok: FOREIGN_PAIR(409), refused: 404 },
  { method: 'post', route: '/one-on-ones/meetings/:id/private-note', path: '/one-on-ones/meetings/{meeting}/private-note', body: (_v, who) => ({ text: who === 'manager' ? MARK.bossPrivate : MARK.alicePrivate }), ok: PAIR(303), refused: 404 },
  { method: 'post', route: '/one-on-ones/meetings/:id/actions', path: '/one-on-ones/meetings/{meeting}/actions', body: (v) => ({ text: 'Follow up', ownerId: v.alice, dueDate: '' }), ok: PAIR(303), refused: 404 },
  { method: 'post', route: '/one-on-ones/meetings/:id/actions/:itemId/done', path: '/one-on-ones/meetings/{meeting}/actions/{action}/done', ok: PAIR(303), refused: 404 },
  { method: 'post', route: '/one-on-ones/meetings/:id/actions/:itemId/done', path: '/one-on-ones/meetings/{meeting}/actions/{foreignAction}/done', ok: {}, refused: 404 },
  { method: 'post', route: '/one-on-ones/meetings/:id/actions/:itemId/reopen', path: '/one-on-ones/meetings/{meeting}/actions/{action}/reopen', ok: PAIR(303), refused: 404 },
  { method: 'post', route: '/one-on-ones/meetings/:id/hold', path: '/one-on-ones/meetings/{current}/hold', fresh: async (w) => ({ current: await w.currentMeeting('series') }), ok: PAIR(303), refused: 404 },
  { method: 'post', route: '/one-on-ones/meetings/:id/skip', path: '/one-on-ones/meetings/{current}/skip', fresh: async (w) => ({ current: await w.currentMeeting('series') }), ok: PAIR(303), refused: 404 },
  { method: 'post', route: '/one-on-ones/meetings/:id/move', path: '/one-on-ones/meetings/{current}/move', fresh: async (w) => ({ current: await w.currentMeeting('series') }), body: { date: '2026-03-19', time: '10:00' }, ok: PAIR(303), refused: 404 },
  // Pausing replaces the upcoming meetings: after every meeting row.
  { method: 'post', route: '/one-on-ones/series/:id/pause', path: '/one-on-ones/series/{series}/pause', ok: PAIR(303, 403), refused: 404 },
  { method: 'post', route: '/one-on-ones/series/:id/resume', path: '/one-on-ones/series/{series}/resume', ok: PAIR(303, 403), refused: 404 },
  { method: 'get', route: '/admin/one-on-ones', path: '/admin/one-on-ones', ok: HR },
];

const R = (ok: Statuses) => ok;
const KPIS: Row[] = [
  { method: 'get', route: '/kpis', path: '/kpis', ok: allSignedIn(303) },
  { method: 'get', route: '/kpis/definitions', path: '/kpis/definitions', ok: allSignedIn(200) },
  { method: 'get', route: '/kpis/definitions/:key', path: '/kpis/definitions/revenue', ok: allSignedIn(200) },
  { method: 'get', route: '/kpis/company', path: '/kpis/company', ok: HR },
  { method: 'get', route: '/kpis/company/export.csv', path: '/kpis/company/export.csv', ok: HR },
  { method: 'get', route: '/kpis/departments/:id', path: '/kpis/departments/{sales}', ok: HR },
  { method: 'get', route: '/kpis/departments/:id/export.csv', path: '/kpis/departments/{sales}/export.csv', ok: HR },
  { method: 'get', route: '/kpis/departments/:id', path: '/kpis/departments/{ops}', ok: R({ memberManager: 200, hr: 200 }) },
  { method: 'get', route: '/kpis/teams/:id', path: '/kpis/teams/{north}', ok: R({ manager: 200, hr: 200 }) },
  { method: 'get', route: '/kpis/teams/:id/export.csv', path: '/kpis/teams/{north}/export.csv', ok: R({ manager: 200, hr: 200 }) },
  { method: 'get', route: '/kpis/teams/:id', path: '/kpis/teams/{south}', ok: R({ otherManager: 200, hr: 200 }) },
  { method: 'get', route: '/kpis/teams/:id', path: '/kpis/teams/{depot}', ok: R({ memberManager: 200, hr: 200 }) },
  { method: 'get', route: '/kpis/people/:id', path: '/kpis/people/{alice}', ok: R({ employee: 200, manager: 200, hr: 200 }) },
  { method: 'get', route: '/kpis/people/:id/export.csv', path: '/kpis/people/{alice}/export.csv', ok: R({ employee: 200, manager: 200, hr: 200 }) },
  { method: 'get', route: '/kpis/people/:id', path: '/kpis/people/{bob}', ok: R({ otherEmployee: 200, otherManager: 200, hr: 200 }) },
  { method: 'get', route: '/kpis/people/:id', path: '/kpis/people/{mira}', ok: R({ memberManager: 200, hr: 200 }) },
  { method: 'get', route: '/kpis/people/:id', path: '/kpis/people/{dina}', ok: R({ memberManager: 200, hr: 200 }) },
  { method: 'get', route: '/kpis/entry', path: '/kpis/entry', ok: R({ manager: 200, otherManager: 200, memberManager: 200, hr: 200 }) },
  { method: 'get', route: '/kpis/entry', path: '/kpis/entry?team={north}', ok: R({ manager: 200, hr: 200 }) },
  { method: 'get', route: '/kpis/entry', path: '/kpis/entry?team={south}', ok: R({ otherManager: 200, hr: 200 }) },
  { method: 'post', route: '/kpis/entry', path: '/kpis/entry', body: (v) => ({ team: v.north, period: '2026-02', seq: '999999999', [`c:person:${v.alice}:won_value`]: String(next()) }), ok: R({ manager: 303, hr: 303 }) },
  { method: 'post', route: '/kpis/entry', path: '/kpis/entry', body: (v) => ({ team: v.depot, period: '2026-02', seq: '999999999', [`c:person:${v.mira}:won_value`]: '5' }), ok: R({ hr: 303 }) },
  { method: 'post', route: '/kpis/entry', path: '/kpis/entry', body: (v) => ({ team: v.depot, period: '2026-02', seq: '999999999', [`c:person:${v.dina}:won_value`]: String(next()) }), ok: R({ memberManager: 303, hr: 303 }) },
  { method: 'get', route: '/kpis/values/:id', path: '/kpis/values/{aliceValue}', ok: R({ manager: 200, hr: 200 }) },
  { method: 'post', route: '/kpis/values/:id', path: '/kpis/values/{aliceValue}', body: () => ({ value: String(next()), reason: 'matrix' }), ok: R({ manager: 303, hr: 303 }) },
  { method: 'get', route: '/kpis/values/:id', path: '/kpis/values/{bobValue}', ok: R({ otherManager: 200, hr: 200 }) },
  { method: 'post', route: '/kpis/values/:id', path: '/kpis/values/{bobValue}', body: () => ({ value: String(next()) }), ok: R({ otherManager: 303, hr: 303 }) },
  { method: 'get', route: '/kpis/values/:id', path: '/kpis/values/{southTeamValue}', ok: R({ otherManager: 200, hr: 200 }) },
  { method: 'post', route: '/kpis/values/:id', path: '/kpis/values/{southTeamValue}', body: () => ({ value: String(next()) }), ok: R({ otherManager: 303, hr: 303 }) },
  { method: 'get', route: '/kpis/values/:id', path: '/kpis/values/{miraValue}', ok: HR },
  { method: 'post', route: '/kpis/values/:id', path: '/kpis/values/{miraValue}', body: { value: '9' }, ok: HR303 },
  { method: 'get', route: '/kpis/import', path: '/kpis/import', ok: R({ manager: 200, otherManager: 200, memberManager: 200, hr: 200 }) },
  { method: 'post', route: '/kpis/import', path: '/kpis/import', body: { csv: 'email,measure,period,value\nalice@acme.test,won_value,2026-01,1\n' }, ok: R({ manager: 303, otherManager: 303, memberManager: 303, hr: 303 }) },
  { method: 'get', route: '/kpis/import/:id', path: '/kpis/import/{hrImport}', ok: HR },
  { method: 'post', route: '/kpis/import/:id/apply', path: '/kpis/import/{freshImport}/apply', fresh: async (w) => ({ freshImport: await w.checkedImport() }), ok: HR303 },
  { method: 'get', route: '/kpis/targets/new', path: '/kpis/targets/new?owner=person:{alice}', ok: R({ manager: 200, hr: 200 }) },
  { method: 'get', route: '/kpis/targets/new', path: '/kpis/targets/new?owner=team:{south}', ok: R({ otherManager: 200, hr: 200 }) },
  { method: 'get', route: '/kpis/targets/new', path: '/kpis/targets/new?owner=person:{mira}', ok: HR },
  { method: 'get', route: '/kpis/targets/new', path: '/kpis/targets/new?owner=department:{sales}', ok: HR },
  { method: 'get', route: '/kpis/targets/new', path: '/kpis/targets/new?owner=company', ok: HR },
  { method: 'post', route: '/kpis/targets', path: '/kpis/targets', body: (v) => ({ kpi: 'revenue', owner: `person:${v.alice}`, period: '2026-02', value: String(next()), goal: 'Grow revenue from existing accounts', repeat: '1' }), ok: R({ manager: 303, hr: 303 }) },
  { method: 'post', route: '/kpis/targets', path: '/kpis/targets', body: (v) => ({ kpi: 'revenue', owner: `team:${v.depot}`, period: '2026-02', value: String(next()), goal: 'Grow revenue from existing accounts', repeat: '1' }), ok: R({ memberManager: 303, hr: 303 }) },
  { method: 'get', route: '/kpis/targets/:id', path: '/kpis/targets/{bobTarget}', ok: R({ otherManager: 200, hr: 200 }) },
  { method: 'post', route: '/kpis/targets/:id/delete', path: '/kpis/targets/{freshTarget}/delete', fresh: async (w) => ({ freshTarget: await w.bobTarget() }), ok: R({ otherManager: 303, hr: 303 }) },
  { method: 'get', route: '/admin/kpis', path: '/admin/kpis', ok: HR },
  { method: 'post', route: '/admin/kpis/catalogue/:key', path: '/admin/kpis/catalogue/gross_margin', ok: HR303 },
  { method: 'post', route: '/admin/kpis/:id/active', path: '/admin/kpis/{customKpi}/active', body: { active: '1' }, ok: HR303 },
  { method: 'get', route: '/admin/kpis/new', path: '/admin/kpis/new', ok: HR },
  { method: 'post', route: '/admin/kpis', path: '/admin/kpis', body: () => ({ key: `matrix_${next()}`, name: 'Matrix', formula: 'deals_won', unit: 'count', direction: 'higher', kind: 'process' }), ok: HR303 },
  { method: 'get', route: '/admin/kpis/:id/edit', path: '/admin/kpis/{customKpi}/edit', ok: HR },
  { method: 'post', route: '/admin/kpis/:id', path: '/admin/kpis/{customKpi}', body: { name: 'Renamed', formula: 'deals_won * 2', unit: 'count', direction: 'higher', kind: 'process' }, ok: HR303 },
  { method: 'get', route: '/admin/kpis/measures/new', path: '/admin/kpis/measures/new', ok: HR },
  { method: 'post', route: '/admin/kpis/measures', path: '/admin/kpis/measures', body: () => ({ key: `measure_${next()}`, name: 'Calls', unit: 'count', level: 'person', grain: 'month', aggregation: 'sum' }), ok: HR303 },
  { method: 'get', route: '/admin/kpis/settings', path: '/admin/kpis/settings', ok: HR },
  { method: 'post', route: '/admin/kpis/settings', path: '/admin/kpis/settings', body: { currency: 'USD', fiscalYearStartMonth: '1', onTrackPoints: '16.5', atRiskPoints: '33', defaultGrain: 'month', leaderboard: 'on' }, ok: HR303 },
];

const API: Row[] = [
  { method: 'get', route: '/api/v1/openapi.json', path: '/api/v1/openapi.json', ok: every(200) },
  { method: 'get', route: '/api/v1/employees', path: '/api/v1/employees', ok: TOKEN },
  { method: 'get', route: '/api/v1/employees/:id', path: '/api/v1/employees/{alice}', ok: TOKEN },
  { method: 'post', route: '/api/v1/employees', path: '/api/v1/employees', body: () => ({ email: `api-${next()}@acme.test`, name: 'From the API' }), ok: { token: 201 } },
  { method: 'patch', route: '/api/v1/employees/:id', path: '/api/v1/employees/{victim}', body: { name: 'Victim' }, ok: TOKEN },
  { method: 'post', route: '/api/v1/employees/bulk', path: '/api/v1/employees/bulk', body: () => ({ employees: [{ email: `bulk-${next()}@acme.test`, name: 'Bulk' }] }), ok: TOKEN },
  { method: 'get', route: '/api/v1/departments', path: '/api/v1/departments', ok: TOKEN },
  { method: 'post', route: '/api/v1/departments', path: '/api/v1/departments', body: () => ({ name: `API dept ${next()}` }), ok: { token: 201 } },
  { method: 'get', route: '/api/v1/teams', path: '/api/v1/teams', ok: TOKEN },
  { method: 'post', route: '/api/v1/teams', path: '/api/v1/teams', body: () => ({ name: `API team ${next()}`, department: 'Sales' }), ok: { token: 201 } },
  { method: 'get', route: '/api/v1/surveys', path: '/api/v1/surveys', ok: TOKEN },
  { method: 'get', route: '/api/v1/surveys/:id', path: '/api/v1/surveys/{survey}', ok: TOKEN },
  { method: 'post', route: '/api/v1/surveys', path: '/api/v1/surveys', body: { title: 'From the API', questions: [{ kind: 'rating', text: 'I have what I need' }] }, ok: { token: 201 } },
  { method: 'put', route: '/api/v1/surveys/:id', path: '/api/v1/surveys/{survey}', body: { title: 'Matrix pulse', questions: [{ kind: 'rating', text: 'I have what I need' }] }, ok: TOKEN },
  { method: 'get', route: '/api/v1/one-on-ones/health', path: '/api/v1/one-on-ones/health', ok: TOKEN },
  { method: 'get', route: '/api/v1/kpis', path: '/api/v1/kpis', ok: TOKEN },
  { method: 'get', route: '/api/v1/kpi-measures', path: '/api/v1/kpi-measures', ok: TOKEN },
  { method: 'get', route: '/api/v1/kpi-values', path: '/api/v1/kpi-values', ok: TOKEN },
  { method: 'post', route: '/api/v1/kpi-values', path: '/api/v1/kpi-values', body: () => ({ values: [{ email: 'alice@acme.test', measure: 'deals_won', period: '2026-02', value: String(next()) }] }), ok: TOKEN },
  { method: 'get', route: '/api/v1/results/rounds', path: '/api/v1/results/rounds', ok: TOKEN, shows: { token: ['Closed matrix round'] } },
  { method: 'get', route: '/api/v1/results/rounds/:id/enps', path: '/api/v1/results/rounds/{round}/enps', ok: TOKEN },
  { method: 'get', route: '/api/v1/results/rounds/:id/enps', path: '/api/v1/results/rounds/{openRound}/enps', ok: { token: 403 } },
  { method: 'get', route: '/api/v1/kpi-scorecard', path: '/api/v1/kpi-scorecard?scope=team:{north}&period=2026-02', ok: TOKEN },
];

export const ROWS: Row[] = [...SIGN_IN_AND_PUBLIC, ...DIRECTORY, ...SURVEYS_AND_RESULTS, ...ONE_ON_ONES, ...KPIS, ...API];

/** What `who` must get for `row`. */
export function expectedStatus(row: Row, who: Caller): number {
  const listed = row.ok[who];
  if (listed !== undefined) return listed;
  if (row.path.startsWith('/api/')) return 401;
  if (SIGNED_OUT.has(who)) return row.method === 'get' ? 303 : 401;
  return row.refused ?? 403;
}
