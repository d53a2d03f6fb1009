/**
 * CSV import (paste or upload → dry-run preview listing every bad row → Import, all or nothing) and export.
 * The confirm step carries the same CSV text in a hidden field and validates it again before writing.
 */
import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../../context';
import { ValidationError, type FieldIssue } from '../../errors';
import { t } from '../../i18n/i18n';
import { CSV_COLUMNS, employeesToCsv, readEmployeeCsv } from '../../domain/org/employee-csv';
import { applyUpsert, previewUpsert, type UpsertPlan } from '../../domain/org/employee-upsert.service';
import { allEmployees } from '../../domain/org/employees.service';

const PREVIEW_ROWS = 200;

/** Issues as the preview lists them: line, field and message. */
function issueRows(issues: FieldIssue[]) {
  return issues.map((i) => ({ line: i.path[0] === 'line' ? i.path[1] : null, field: i.path.slice(2).join('.') || null, message: i.message }));
}

/**
 * The CSV from an uploaded file (field `file`: bytes, checked to be UTF-8 when read) when one was chosen, else
 * the pasted text or the text the preview carried back (field `csv`).
 */
const csvOf = (req: Request): Buffer | string => {
  if (req.file && req.file.size > 0) return req.file.buffer;
  const body = req.body as Record<string, unknown>;
  return typeof body.csv === 'string' ? body.csv : '';
};
const textOf = (csv: Buffer | string) => (typeof csv === 'string' ? csv : csv.toString('utf8'));

export function employeeImportRoutes(ctx: AppContext): Router {
  const router = Router();
  const render = (req: Request, res: Response, locals: Record<string, unknown>) =>
    res.render('pages/admin/employees-import', { title: t(req.locale, 'org.import.title'), columns: Object.keys(CSV_COLUMNS).join(','), ...locals });

  router.get('/admin/employees/import', (req, res) => render(req, res, {}));

  router.post('/admin/employees/import', async (req, res) => {
    const csv = csvOf(req);
    const parsed = await readEmployeeCsv(csv);
    let plan: UpsertPlan | undefined;
    if (!parsed.issues.length) plan = await previewUpsert(ctx, parsed.rows);
    const issues = [...parsed.issues, ...(plan?.issues ?? [])].sort((a, b) => Number(a.path[1] ?? 0) - Number(b.path[1] ?? 0));
    const changes = (plan?.rows ?? []).filter((r) => r.action !== 'unchanged');
    res.status(issues.length ? 400 : 200);
    render(req, res, {
      csv: textOf(csv),
      preview: true,
      issues: issueRows(issues),
      ok: issues.length === 0 && parsed.rows.length > 0,
      counts: plan?.counts,
      newDepartments: plan?.newDepartments ?? [],
      newTeams: plan?.newTeams ?? [],
      changes: changes.slice(0, PREVIEW_ROWS).map((r) => ({ line: r.ref[1], action: r.action, email: r.values.email, name: r.values.name })),
      moreChanges: Math.max(0, changes.length - PREVIEW_ROWS),
    });
  });

  router.post('/admin/employees/import/apply', async (req, res) => {
    const csv = csvOf(req);
    const parsed = await readEmployeeCsv(csv);
    try {
      if (parsed.issues.length) throw new ValidationError('The file has problems', parsed.issues);
      const result = await applyUpsert(ctx, parsed.rows, 'Some rows need attention; nothing was imported');
      ctx.logger.info({ event: 'employees_imported', by: req.auth!.employee.id, ...result.counts }, 'employees imported');
      render(req, res, { done: true, counts: result.counts });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      res.status(400);
      render(req, res, { csv: textOf(csv), preview: true, issues: issueRows(err.issues), ok: false });
    }
  });

  router.get('/admin/employees/export.csv', async (_req, res) => {
    const day = ctx.clock.now().toISOString().slice(0, 10);
    res.set('Content-Type', 'text/csv; charset=utf-8');
    res.set('Content-Disposition', `attachment; filename="employees-${day}.csv"`);
    res.set('Cache-Control', 'no-store');
    res.send(employeesToCsv(await allEmployees(ctx)));
  });
  return router;
}
