/**
 * CSV import of KPI values: upload → the dry run (in the background for large files, with its progress) →
 * Import, all or nothing. The file stays on the server between the two steps.
 */
import { Router, type Request } from 'express';
import type { AppContext } from '../../context';
import { t } from '../../i18n/i18n';
import { createImport, importPage, INLINE_ROWS, requestApply, runImport, runImportInBackground } from '../../domain/kpis/imports.service';
import { VALUE_COLUMNS } from '../../domain/kpis/value-csv';
import { kpiGate, kpiViewer } from './kpis-gate';

const csvOf = (req: Request) => {
  if (req.file && req.file.size > 0) return { csv: req.file.buffer.toString('utf8'), name: req.file.originalname };
  const body = req.body as Record<string, unknown>;
  return { csv: typeof body.csv === 'string' ? body.csv : '', name: '' };
};

const EXAMPLE = { header: 'email,measure,period,value,reason', row: 'rina@example.com,won_value,2026-03,125000000,' };

const NOT_CSV = 'The file contains a NUL character: it does not look like a CSV file (is it a spreadsheet file?)';

export function kpiImportRoutes(ctx: AppContext): Router {
  const router = Router();
  const form = (req: Request, extra: Record<string, unknown> = {}) => ({ title: t(req.locale, 'kpis.import.title'), columns: VALUE_COLUMNS.join(','), example: EXAMPLE, ...extra });

  router.get('/kpis/import', ...kpiGate(ctx, 'import'), (req, res) => res.render('pages/kpis/import', form(req)));

  router.post('/kpis/import', ...kpiGate(ctx, 'import'), async (req, res) => {
    const { csv, name } = csvOf(req);
    if (!csv.trim()) return res.status(400).render('pages/kpis/import', form(req, { error: 'The file is empty' }));
    // PostgreSQL cannot store a NUL character (a 500 found by the fuzz); no CSV has one.
    if (csv.includes('\u0000')) return res.status(400).render('pages/kpis/import', form(req, { error: NOT_CSV }));
    const created = await createImport(ctx, kpiViewer(req), csv, name);
    if (created.rows <= INLINE_ROWS) await runImport(ctx, created.id, req.locale);
    else runImportInBackground(ctx, created.id, req.locale);
    res.redirect(303, `/kpis/import/${created.id}`);
  });

  router.get('/kpis/import/:id', ...kpiGate(ctx, 'import'), async (req, res) => {
    const page = await importPage(ctx, kpiViewer(req), String(req.params.id), req.locale);
    res.render('pages/kpis/import-status', { ...form(req), ...page, refreshSeconds: page.working ? 2 : undefined });
  });

  router.post('/kpis/import/:id/apply', ...kpiGate(ctx, 'import'), async (req, res) => {
    const id = String(req.params.id);
    await requestApply(ctx, kpiViewer(req), id);
    const page = await importPage(ctx, kpiViewer(req), id, req.locale);
    if (page.progress.total <= INLINE_ROWS) await runImport(ctx, id, req.locale);
    else runImportInBackground(ctx, id, req.locale);
    res.redirect(303, `/kpis/import/${id}`);
  });
  return router;
}
