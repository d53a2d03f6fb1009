/** The period a page shows (?period=2026-03, default the current month) and the choices its selector offers. */
import type { Locale } from '../../i18n/i18n';
import type { KpiSettings } from './kpi-settings.service';
import { parsePeriodKey, periodContaining, periodsEndingWith, shiftPeriod, todayIn, type Period, type PeriodKind } from './periods';
import { periodName } from './presenter';

/** The period named by `raw`, or the current month in the company's zone. */
export function choosePeriod(raw: unknown, settings: KpiSettings, now: Date): Period {
  const asked = typeof raw === 'string' ? parsePeriodKey(raw, settings.fiscalYearStartMonth) : null;
  return asked ?? periodContaining('month', todayIn(now, settings.timeZone), settings.fiscalYearStartMonth);
}

const HOW_MANY: Record<PeriodKind, number> = { week: 13, month: 12, quarter: 8, year: 4 };

/** The selector: recent periods of each kind (the shown one always among them), previous and next. */
export function periodChoices(locale: Locale, shown: Period, settings: KpiSettings, now: Date) {
  const fiscal = settings.fiscalYearStartMonth;
  const today = todayIn(now, settings.timeZone);
  const groups = (['month', 'quarter', 'year', 'week'] as const).map((kind) => {
    const current = periodContaining(kind, today, fiscal);
    const list = periodsEndingWith(current, HOW_MANY[kind], fiscal).reverse();
    if (shown.kind === kind && !list.some((p) => p.key === shown.key)) list.unshift(shown);
    return { kind, label: `kpis.period.kind.${kind}`, options: list.map((p) => ({ key: p.key, name: periodName(locale, p, fiscal), selected: p.key === shown.key })) };
  });
  const previous = shiftPeriod(shown, 1, fiscal);
  const next = shiftPeriod(shown, -1, fiscal);
  return {
    key: shown.key,
    name: periodName(locale, shown, fiscal),
    groups,
    previous: { key: previous.key, name: periodName(locale, previous, fiscal) },
    next: next.start <= today ? { key: next.key, name: periodName(locale, next, fiscal) } : null,
  };
}

/** How many periods a trend of `kind` shows. */
export const trendLength = (kind: PeriodKind) => HOW_MANY[kind];
