/**
 * The one period selector of the home pages: a KPI period (?period=2026-03, default the current month in the
 * company's zone, kpis/period-choice.ts), and the instants it spans, so the pulse and 1:1 panels follow it too.
 */
import type { AppContext } from '../../context';
import type { Locale } from '../../i18n/i18n';
import { getKpiSettings } from '../kpis/kpi-settings.service';
import { choosePeriod, periodChoices } from '../kpis/period-choice';
import { startOfDay, type Period } from '../kpis/periods';

export interface HomePeriod {
  period: Period;
  /** The instants the period starts and ends in the company's zone (end exclusive), capped at now. */
  from: Date;
  to: Date;
  /** Whether the period is still running (its panels then show today's state). */
  current: boolean;
  choices: ReturnType<typeof periodChoices>;
}

export async function homePeriod(ctx: AppContext, raw: unknown, locale: Locale): Promise<HomePeriod> {
  const settings = await getKpiSettings(ctx);
  const now = ctx.clock.now();
  const period = choosePeriod(raw, settings, now);
  const from = new Date(startOfDay(period.start, settings.timeZone));
  const end = new Date(startOfDay(period.end, settings.timeZone));
  return { period, from, to: end.getTime() < now.getTime() ? end : now, current: end.getTime() >= now.getTime(), choices: periodChoices(locale, period, settings, now) };
}
