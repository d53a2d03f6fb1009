/**
 * Issue 15: script tags and template syntax stored in every kind of text people type (names of people, teams and
 * departments, survey titles, questions and options, comments, KPI names, 1:1 agenda items, shared notes, private
 * notes and action items, target goals) render inert: escaped in every page and in the HTML part of emails, and
 * never compiled as a template (the literal `{{csrfToken}}` stays as typed; a compiled one would print the token).
 * Plain-text parts carry the text as typed. A static check: the only template compiler call reads view files.
 */
import fs from 'node:fs';
import path from 'node:path';
import { startTestApp, type Browser, type TestApp } from '../helpers/test-app';
import { signedInBrowser, TEST_PASSWORD } from '../helpers/sign-in';
import { buildDepartment, buildEmployee, buildOrg, buildTeam } from '../factories';
import { addResponses, buildRound, same } from '../factories/results';
import { enableKpis } from '../factories/kpis';
import { buildSeries, meetingsOf } from '../factories/one-on-ones';
import { openTestRound } from '../rounds/round-helpers';
import { saveCustomKpi } from '../../server/domain/kpis/kpi-definitions.service';
import { drainOutbox } from '../../server/domain/email/sender.service';

const P = (where: string) => `<script>alert("${where}")</script><img src=x onerror=alert(1)>{{csrfToken}}{{{locale}}}}}{{`;
const RAW = ['<script>alert', '<img src=x', 'onerror=alert'];

let t: TestApp;
let hr: Browser;
let manager: Browser;
const pages: Record<string, string> = {};
beforeAll(async () => {
  t = await startTestApp();
  const { admin } = await buildOrg(t.ctx.db);
  hr = await signedInBrowser(t.app, admin.email);
  const dept = await buildDepartment(t.ctx.db, { name: P('department') });
  const team = await buildTeam(t.ctx.db, { name: P('team'), departmentId: dept.id });
  const boss = await buildEmployee(t.ctx.db, { role: 'manager', name: P('manager'), teamId: team.id, password: TEST_PASSWORD });
  const report = await buildEmployee(t.ctx.db, { name: P('person'), teamId: team.id, managerId: boss.id });
  for (let i = 0; i < 5; i++) await buildEmployee(t.ctx.db, { teamId: team.id });
  manager = await signedInBrowser(t.app, boss.email);
  await t.ctx.db.team.update({ where: { id: team.id }, data: { managerId: boss.id } });

  const round = await buildRound(t.ctx.db, { status: 'closed', published: true, title: P('title'), questions: [{ kind: 'single', text: P('question'), options: [P('option'), 'B'] }, { kind: 'comment', text: P('comment question') }] });
  await addResponses(t.ctx.db, round, { teamId: team.id, departmentId: dept.id }, same(6, [[P('option')], P('comment')]));
  const open = await openTestRound(t.ctx, { questions: [{ kind: 'single', text: P('open question'), options: [P('open option'), 'B'] }] });
  await t.ctx.db.survey.updateMany({ where: { title: 'Weekly pulse' }, data: { title: P('open survey title') } });

  await enableKpis(t.ctx, ['revenue']);
  await saveCustomKpi(t.ctx, { key: 'evil', name: P('kpi'), nameId: P('kpi'), description: P('kpi description'), descriptionId: '', formula: 'won_value', unit: 'money', direction: 'higher', kind: 'performance' });
  const series = await buildSeries(t.ctx, boss.id, report.id, { location: undefined });
  const [meeting] = await meetingsOf(t.ctx, series.id);
  const from = `/one-on-ones/meetings/${meeting.id}`;
  expect((await manager.submit(`${from}/agenda`, { text: P('agenda') }, from)).status).toBe(303);
  expect((await manager.submit(`${from}/notes`, { text: P('shared notes'), version: '0' }, from)).status).toBe(303);
  expect((await manager.submit(`${from}/private-note`, { text: P('private note') }, from)).status).toBe(303);
  expect((await manager.submit(`${from}/actions`, { text: P('action'), ownerId: report.id, dueDate: '' }, from)).status).toBe(303);
  const target = await manager.submit('/kpis/targets', { kpi: 'revenue', owner: `person:${report.id}`, period: '2026-04', value: '1000', goal: P('goal'), repeat: '1' }, `/kpis/targets/new?owner=person:${report.id}`);
  expect(target.status).toBe(303);

  const get = async (b: Browser, p: string) => {
    const res = await b.agent.get(p);
    expect({ p, status: res.status }).toEqual({ p, status: 200 });
    pages[p] = res.text;
  };
  await get(hr, '/admin/employees');
  await get(hr, `/admin/employees/${report.id}`);
  await get(hr, '/admin/teams');
  await get(hr, '/admin/departments');
  await get(hr, '/admin/surveys');
  await get(hr, `/results/rounds/${round.id}`);
  await get(hr, '/results');
  await get(hr, '/kpis/company');
  await get(hr, `/kpis/teams/${team.id}`);
  await get(hr, '/admin/kpis');
  await get(hr, '/admin/audit');
  await get(manager, from);
  await get(manager, `/one-on-ones/series/${series.id}`);
  await get(manager, '/one-on-ones');
  await get(manager, `/kpis/targets/new?kpi=revenue&owner=person:${report.id}&period=2026-04`);
  const link = [...open.links.values()][0];
  const answer = await (await import('supertest')).default(t.app).get(link);
  expect(answer.status).toBe(200);
  pages[link] = answer.text;
  // The emails: survey invitations and the 1:1 invitation, rendered as they are sent.
  await drainOutbox(t.ctx, t.ctx.mail);
}, 60_000);
afterAll(() => t.close());

describe('stored script and template syntax render inert', () => {
  it('in every page that shows it', () => {
    const where = ['department', 'team', 'manager', 'person', 'title', 'question', 'option', 'comment', 'open question', 'open option', 'open survey title', 'kpi', 'agenda', 'shared notes', 'private note', 'action', 'goal'];
    const shown = new Set<string>();
    for (const [p, html] of Object.entries(pages)) {
      for (const raw of RAW) expect({ p, raw, found: html.includes(raw) }).toEqual({ p, raw, found: false });
      for (const w of where) if (html.includes(`&lt;script&gt;alert(&quot;${w}&quot;)&lt;/script&gt;&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;{{csrfToken}}{{{locale}}}}}{{`)) shown.add(w);
    }
    // Every stored text was found somewhere, escaped and not compiled.
    expect(where.filter((w) => !shown.has(w))).toEqual([]);
  });

  it('in emails: escaped in the HTML part, as typed (never compiled) in the text part and subject', async () => {
    const messages = await t.ctx.db.mailboxMessage.findMany();
    const templates = new Set(messages.map((m) => m.template));
    expect([...templates]).toEqual(expect.arrayContaining(['survey-invite', 'one-on-one-update']));
    let withPayload = 0;
    for (const m of messages) {
      for (const raw of RAW) expect({ id: m.template, raw, found: m.html.includes(raw) }).toEqual({ id: m.template, raw, found: false });
      if (m.html.includes('&lt;script&gt;alert(')) {
        withPayload++;
        expect(m.html).toContain('{{csrfToken}}{{{locale}}}}}{{');
        expect(m.text).toMatch(/<script>alert\("[a-z ]+"\)<\/script><img src=x onerror=alert\(1\)>\{\{csrfToken\}\}\{\{\{locale\}\}\}\}\}\{\{/);
      }
    }
    expect(withPayload).toBeGreaterThan(0);
  });

  it('no template is compiled from anything but a view file', () => {
    const hits: string[] = [];
    const walk = (dir: string) => {
      for (const f of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, f.name);
        if (f.isDirectory()) walk(full);
        else if (f.name.endsWith('.ts')) for (const line of fs.readFileSync(full, 'utf8').split('\n')) if (/\.compile\(|precompile\(|new Function\(|\beval\(/.test(line)) hits.push(`${path.relative(path.resolve(__dirname, '../..'), full)}: ${line.trim()}`);
      }
    };
    walk(path.resolve(__dirname, '../../server'));
    expect(hits).toEqual([expect.stringMatching(/^server\/http\/views\.ts: .*this\.hbs\.compile\(fs\.readFileSync\(path\.join\(VIEWS_DIR/)]);
    // And no view opts out of escaping with triple braces (the layout's body is the one SafeString, made in views.ts).
    const triple: string[] = [];
    const views = path.resolve(__dirname, '../../views');
    const walkViews = (dir: string) => {
      for (const f of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, f.name);
        if (f.isDirectory()) walkViews(full);
        else if (f.name.endsWith('.hbs') && !f.name.endsWith('.text.hbs') && /\{\{\{/.test(fs.readFileSync(full, 'utf8'))) triple.push(path.relative(views, full));
      }
    };
    walkViews(views);
    expect(triple).toEqual([]);
  });
});
