/**
 * Issue 15: the authorization matrix. One table (matrix/table.ts: request × caller → status) drives a request
 * for each of the eleven callers over every route the app has, and the route list is read from the Express
 * router itself: a route added later and missing from the table fails the first test. On every response,
 * texts that belong to one team or one pair (results comments, 1:1 content, private notes) must reach only
 * the people allowed to read them. Callers send valid CSRF tokens, so refusals come from the access rules.
 */
import type { Response } from 'supertest';
import { fixedClock, startTestApp, type TestApp } from '../helpers/test-app';
import { appRoutes } from '../helpers/app-routes';
import { buildWorld, callerRequest, CALLERS, SIGNED_OUT, type Caller, type World } from './matrix/world';
import { AUDIENCE, expectedStatus, KPI_AUDIENCE, ROWS, type Row } from './matrix/table';

const clock = fixedClock('2026-03-10T12:00:00Z');
let t: TestApp;
let w: World;
let cases = 0;
let markerChecks = 0;
const seenKpiValues = new Set<number>();

beforeAll(async () => {
  t = await startTestApp({ clock });
  w = await buildWorld(t);
});
afterAll(async () => {
  const routes = appRoutes(t.app).length;
  console.log(`authorization matrix: ${routes} routes, ${ROWS.length} table rows, ${CALLERS.length} callers, ${cases} cases checked (${markerChecks} marker checks)`);
  await t.close();
});

const fill = (s: string, v: Record<string, string>) => s.replace(/\{(\w+)\}/g, (_m, k: string) => {
  if (v[k] === undefined) throw new Error(`no id named ${k}`);
  return v[k];
});

async function send(row: Row, who: Caller): Promise<{ res: Response; values: Record<string, string> }> {
  const values = { ...w.ids, ...(row.fresh ? await row.fresh(w, who) : {}) };
  const state = row.freshSession ? await w.freshSession(who) : w.callers[who];
  const path = fill(row.path, values);
  const body = typeof row.body === 'function' ? row.body(values, who) : (row.body ?? {});
  const req = callerRequest(t, state, row.method, path);
  if (row.method === 'get') return { res: await req, values };
  if (path.startsWith('/api/')) return { res: await req.send(body), values };
  return { res: await req.type('form').send({ ...body, _csrf: state.csrf }), values };
}

/** An answer link (/s/<token>) in a redirect: it must be the one the row names for the caller (their own). */
const ANSWER_LINK = /\/s\/[^/?#]+/;

/** Whether `value` appears in `text`, written plainly or with thousands separators (731913, 731,913, 731.913). */
function numberIn(text: string, value: number): boolean {
  const digits = String(value);
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, '[,.\u00a0\u202f ]?');
  return new RegExp(`(?<![\\d.,])${grouped}(?![\\d])`).test(text);
}

/** What is wrong with `res` as the answer to `who` for `row` ('' when nothing). */
function problems(row: Row, who: Caller, res: Response, values: Record<string, string>): string[] {
  const out: string[] = [];
  const expected = expectedStatus(row, who);
  if (res.status !== expected) out.push(`${who}: ${res.status}, expected ${expected}`);
  const location = res.headers.location === undefined ? undefined : String(res.headers.location);
  const expectedLocation = row.location?.[who] === undefined ? undefined : fill(row.location[who], values);
  if (expectedLocation !== undefined && location !== expectedLocation) out.push(`${who}: sent to ${String(location)}, expected ${expectedLocation}`);
  if (expectedLocation === undefined && location !== undefined && ANSWER_LINK.test(location)) out.push(`${who}: sent to an answer link, ${location}`);
  const defaultRefusal = row.ok[who] === undefined;
  if (defaultRefusal && SIGNED_OUT.has(who) && row.method === 'get' && !row.path.startsWith('/api/') && !/^\/login\?next=/.test(String(res.headers.location))) {
    out.push(`${who}: sent to ${String(res.headers.location)}, not to sign-in`);
  }
  if (defaultRefusal && res.status === 401 && row.path.startsWith('/api/') && res.body?.error?.id !== 'unauthorized') out.push(`${who}: 401 without the JSON error`);
  const text = res.text ?? '';
  for (const [marker, audience] of Object.entries(AUDIENCE)) {
    markerChecks++;
    if (!audience.includes(who) && text.includes(marker)) out.push(`${who}: got ${marker}`);
  }
  for (const [value, audience] of KPI_AUDIENCE) {
    markerChecks++;
    const found = numberIn(text, value);
    if (found && audience.includes(who)) seenKpiValues.add(value);
    if (found && !audience.includes(who)) out.push(`${who}: got the KPI value ${value}`);
  }
  for (const marker of row.shows?.[who] ?? []) if (!text.includes(marker)) out.push(`${who}: ${marker} missing`);
  for (const hidden of row.hides?.[who] ?? []) if (text.includes(hidden)) out.push(`${who}: got ${hidden}`);
  return out;
}

it('lists every route of the app, and no route the app does not have', () => {
  const inTable = new Set(ROWS.map((r) => `${r.method.toUpperCase()} ${r.route}`));
  const inApp = appRoutes(t.app);
  expect({ missingFromTable: inApp.filter((r) => !inTable.has(r)) }).toEqual({ missingFromTable: [] });
  expect({ notInApp: [...inTable].filter((r) => !inApp.includes(r)) }).toEqual({ notInApp: [] });
  expect(inApp.length).toBeGreaterThan(130);
});

describe.each(ROWS.map((r) => [`${r.method.toUpperCase()} ${r.path}`, r] as const))('%s', (_name, row) => {
  it('answers each caller as the table says, and shows nobody what is not theirs', async () => {
    const found: string[] = [];
    for (const who of CALLERS) {
      const { res, values } = await send(row, who);
      cases++;
      found.push(...problems(row, who, res, values));
    }
    expect(found).toEqual([]);
  });
});

it('showed each KPI value to the people it belongs to (so its absence elsewhere means something)', () => {
  expect([...seenKpiValues].sort()).toEqual(KPI_AUDIENCE.map(([v]) => v).sort());
});
