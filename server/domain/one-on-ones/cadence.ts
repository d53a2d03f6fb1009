/**
 * Whether pairs meet as often as their cadence says, from meeting dates and action-item ages only (never
 * content): the facts behind the manager's overview, HR's cadence health and the team page.
 *  - within cadence: the latest held meeting is no older than the cadence plus a few days (series-rule.ts);
 *  - overdue: an active series that is not within cadence and is older than that window itself.
 */
import type { AppContext } from '../../context';
import { liveSeriesDates, openActionsOfLive } from './pair-dates';
import { cadenceWindowDays } from './series-rule';

const DAY = 86_400_000;

export interface PairFacts {
  seriesId: string;
  managerId: string;
  reportId: string;
  status: string;
  cadence: string;
  createdAt: Date;
  lastHeldAt: Date | null;
  withinCadence: boolean;
  overdue: boolean;
  openActions: number;
  /** Ages in days of the pair's open action items. */
  openActionAges: number[];
}

export interface SeriesFilter {
  managerId?: string;
  reportIds?: string[];
  teamIds?: string[];
}

type SeriesDates = { id: string; managerId: string; reportId: string; status: string; cadence: string; createdAt: Date; lastHeldAt: Date | null };
type OpenAction = { seriesId: string; createdAt: Date };

const ID_CHUNK = 500;

/** Series of a manager, of some reports or of some teams, with their dates, by id (a few hundred at a time). */
async function filteredSeries(ctx: AppContext, filter: SeriesFilter): Promise<[SeriesDates[], OpenAction[]]> {
  const series = await ctx.db.oneOnOneSeries.findMany({
    where: {
      status: { in: ['active', 'paused'] },
      ...(filter.managerId ? { managerId: filter.managerId } : {}),
      ...(filter.reportIds ? { reportId: { in: filter.reportIds } } : {}),
      ...(filter.teamIds ? { report: { teamId: { in: filter.teamIds } } } : {}),
    },
    select: { id: true, managerId: true, reportId: true, status: true, cadence: true, createdAt: true },
  });
  const lastHeld = new Map<string, Date | null>();
  const open: OpenAction[] = [];
  for (let i = 0; i < series.length; i += ID_CHUNK) {
    const ids = series.slice(i, i + ID_CHUNK).map((s) => s.id);
    const [held, items] = await Promise.all([
      ctx.db.oneOnOneMeeting.groupBy({ by: ['seriesId'], where: { seriesId: { in: ids }, status: 'held' }, _max: { startsAt: true } }),
      ctx.db.oneOnOneActionItem.findMany({ where: { seriesId: { in: ids }, doneAt: null }, select: { seriesId: true, createdAt: true } }),
    ]);
    for (const h of held) lastHeld.set(h.seriesId, h._max.startsAt);
    open.push(...items);
  }
  return [series.map((s) => ({ ...s, lastHeldAt: lastHeld.get(s.id) ?? null })), open];
}

/**
 * The facts of every live (active or paused) series matching `filter`: a manager's or a team's by id, everyone's
 * (HR's overview, the digest, cadence health) in two queries that read the indexes (pair-dates.ts).
 */
export async function pairFacts(ctx: AppContext, filter: SeriesFilter = {}): Promise<PairFacts[]> {
  const now = ctx.clock.now();
  const everyone = !filter.managerId && !filter.reportIds && !filter.teamIds;
  const [series, open] = everyone ? await Promise.all([liveSeriesDates(ctx), openActionsOfLive(ctx)]) : await filteredSeries(ctx, filter);
  if (series.length === 0) return [];
  const ages = new Map<string, number[]>();
  for (const a of open) {
    const age = Math.floor((now.getTime() - a.createdAt.getTime()) / DAY);
    const list = ages.get(a.seriesId);
    if (list) list.push(age);
    else ages.set(a.seriesId, [age]);
  }
  return series.map((s) => {
    const windowMs = cadenceWindowDays(s.cadence) * DAY;
    const last = s.lastHeldAt;
    const within = !!last && now.getTime() - last.getTime() <= windowMs;
    return {
      seriesId: s.id,
      managerId: s.managerId,
      reportId: s.reportId,
      status: s.status,
      cadence: s.cadence,
      createdAt: s.createdAt,
      lastHeldAt: last,
      withinCadence: within,
      overdue: s.status === 'active' && !within && now.getTime() - s.createdAt.getTime() > windowMs,
      openActions: ages.get(s.id)?.length ?? 0,
      openActionAges: ages.get(s.id) ?? [],
    };
  });
}

export interface CadenceHealth {
  pairs: number;
  /** Share (0..1) of active pairs within cadence; null without active pairs. */
  withinShare: number | null;
  overdue: number;
  openActions: number;
  /** Median and oldest age (days) of open action items; null when none. */
  medianActionAge: number | null;
  oldestActionAge: number | null;
}

/** Rolls pair facts up (a team, a department, the company): counts and ages, nothing else. */
export function healthOf(facts: readonly PairFacts[]): CadenceHealth {
  const active = facts.filter((f) => f.status === 'active');
  const ages = facts.flatMap((f) => f.openActionAges).sort((a, b) => a - b);
  const median = ages.length ? (ages.length % 2 ? ages[(ages.length - 1) / 2] : Math.round((ages[ages.length / 2 - 1] + ages[ages.length / 2]) / 2)) : null;
  return {
    pairs: facts.length,
    withinShare: active.length ? active.filter((f) => f.withinCadence).length / active.length : null,
    overdue: facts.filter((f) => f.overdue).length,
    openActions: ages.length,
    medianActionAge: median,
    oldestActionAge: ages.length ? ages[ages.length - 1] : null,
  };
}
