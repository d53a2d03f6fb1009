/**
 * Issue 15: every CSV export the app offers (directory, round results, KPI scorecards of the company and a
 * team, the audit log) neutralises cells that start with = + - @ tab or carriage return, whatever stored text
 * they come from (names of people, teams and departments, survey questions, comments, KPI names, audit actors).
 * Each export is fetched as HR, parsed as a spreadsheet would read it, and every cell checked; the hostile texts
 * must be there, defused with a leading quote (so the test cannot pass by leaving them out).
 */
import { parse } from 'csv-parse/sync';
import { startTestApp, type Browser, type TestApp } from '../helpers/test-app';
import { signedInBrowser, TEST_PASSWORD } from '../helpers/sign-in';
import { buildDepartment, buildEmployee, buildOrg, buildTeam } from '../factories';
import { addResponses, buildRound, same } from '../factories/results';
import { enableKpis, writeValues } from '../factories/kpis';
import { saveCustomKpi } from '../../server/domain/kpis/kpi-definitions.service';
import { FORMULA_START } from '../../server/domain/shared/csv';

const HOSTILE = {
  department: '=HYPERLINK("http://evil.example","click")',
  team: '+SUM(1,2)',
  person: '@cmd /c calc',
  person2: '-2+3',
  tab: '\tTabbed',
  cr: '\rCarriage',
  question: '=1+1 question',
  comment: '=cmd|" /C calc"!A0',
  kpi: '=EVIL()',
  admin: '-Admin Formula',
};

let t: TestApp;
let hr: Browser;
let teamId: string;
let roundId: string;
beforeAll(async () => {
  t = await startTestApp();
  await buildOrg(t.ctx.db);
  const admin = await buildEmployee(t.ctx.db, { role: 'hr_admin', name: HOSTILE.admin, password: TEST_PASSWORD });
  hr = await signedInBrowser(t.app, admin.email);
  const dept = await buildDepartment(t.ctx.db, { name: HOSTILE.department });
  const team = await buildTeam(t.ctx.db, { name: HOSTILE.team, departmentId: dept.id });
  teamId = team.id;
  for (const name of [HOSTILE.person, HOSTILE.person2, HOSTILE.tab, HOSTILE.cr]) await buildEmployee(t.ctx.db, { name, teamId: team.id });
  const round = await buildRound(t.ctx.db, { status: 'closed', questions: [{ kind: 'rating', text: HOSTILE.question }, { kind: 'comment', text: HOSTILE.question }] });
  roundId = round.id;
  await addResponses(t.ctx.db, round, { teamId: team.id, departmentId: dept.id }, same(6, [4, HOSTILE.comment]));
  await enableKpis(t.ctx, ['revenue']);
  await saveCustomKpi(t.ctx, { key: 'evil', name: HOSTILE.kpi, nameId: HOSTILE.kpi, description: '', descriptionId: '', formula: 'won_value', unit: 'money', direction: 'higher', kind: 'performance' });
  const people = await t.ctx.db.employee.findMany({ where: { teamId: team.id } });
  await writeValues(t.ctx, people.map((p, i) => ({ email: p.email, measure: 'won_value', period: '2026-03', value: String(-1000 * (i + 1)) })));
  // An audit event whose actor has a hostile name (the admin above saves the results settings).
  expect((await hr.submit('/admin/results/settings', { minGroupSize: '5', minCommentGroupSize: '5' }, '/admin/results/settings')).status).toBe(303);
});
afterAll(() => t.close());

/** The cells of a CSV as a spreadsheet reads them (a UTF-8 BOM dropped). */
function cells(csv: string): string[] {
  return (parse(csv.replace(/^\uFEFF/, ''), { relax_column_count: true }) as string[][]).flat();
}

/** Cells a spreadsheet would run: starting with a formula character and not a plain number. */
const dangerous = (all: string[]) => all.filter((c) => FORMULA_START.test(c) && !/^-?\d+(\.\d+)?$/.test(c));

describe('CSV exports neutralise formula cells', () => {
  it.each([
    ['the directory export', () => '/admin/employees/export.csv', [HOSTILE.person, HOSTILE.person2, HOSTILE.tab, HOSTILE.cr, HOSTILE.team, HOSTILE.department]],
    ['the results of a round', () => `/results/rounds/${roundId}/export.csv`, [HOSTILE.team, HOSTILE.question, HOSTILE.comment]],
    ['the company KPI scorecard', () => '/kpis/company/export.csv?period=2026-03', [HOSTILE.kpi, HOSTILE.department]],
    ['a team KPI scorecard', () => `/kpis/teams/${teamId}/export.csv?period=2026-03`, [HOSTILE.kpi, HOSTILE.team]],
    ['the audit log', () => '/admin/audit/export.csv', [HOSTILE.admin]],
  ])('%s', async (_name, path, expected) => {
    const res = await hr.agent.get(path());
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const all = cells(res.text);
    expect(dangerous(all)).toEqual([]);
    for (const text of expected) expect(all.some((c) => c.startsWith(`'${text}`))).toBe(true);
  });
});
