import type { Job } from './job';
import { resumeImports } from '../server/domain/kpis/imports.service';

/** Takes up KPI imports left waiting, or whose worker died mid-way (their lease ran out). */
export const kpiImportsJob: Job = {
  name: 'kpi-imports',
  schedule: '* * * * *',
  perform: (ctx) => resumeImports(ctx),
};
