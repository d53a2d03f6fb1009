/**
 * The getting-started checklist on a fresh install. Each step ticks itself off from the database: people
 * imported (anyone besides HR admins), a survey created, a send scheduled (or a round sent), a KPI target set,
 * a 1:1 series set up.
 */
import type { AppContext } from '../../context';

export const STEPS = [
  { key: 'people', href: '/admin/employees/import' },
  { key: 'survey', href: '/admin/surveys/new' },
  { key: 'schedule', href: '/admin/surveys' },
  { key: 'targets', href: '/kpis/targets/new' },
  { key: 'oneOnOnes', href: '/one-on-ones' },
] as const;

export async function gettingStarted(ctx: AppContext) {
  const [people, surveys, schedules, rounds, targets, series] = await Promise.all([
    ctx.db.employee.count({ where: { role: { not: 'hr_admin' } } }),
    ctx.db.survey.count(),
    ctx.db.schedule.count(),
    ctx.db.round.count(),
    ctx.db.kpiTarget.count(),
    ctx.db.oneOnOneSeries.count(),
  ]);
  const done: Record<(typeof STEPS)[number]['key'], boolean> = { people: people > 0, survey: surveys > 0, schedule: schedules + rounds > 0, targets: targets > 0, oneOnOnes: series > 0 };
  const steps = STEPS.map((s) => ({ ...s, label: `home.start.${s.key}`, done: done[s.key] }));
  return { steps, done: steps.every((s) => s.done), remaining: steps.filter((s) => !s.done).length };
}
