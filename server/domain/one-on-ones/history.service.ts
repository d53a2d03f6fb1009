/**
 * The log of a pair: its meetings newest first, each with its agenda, shared notes and the action items agreed
 * in it, searchable (shared notes, talking points and action items; never private notes), 20 meetings a page.
 * And a person's own list of 1:1s: as manager and as report, ended series included (their history stays).
 */
import type { AppContext } from '../../context';
import { containsText } from '../org/text-search';
import { SERIES_INCLUDE, seriesForMember } from './access';

export const HISTORY_PAGE_SIZE = 20;

export async function pairHistory(ctx: AppContext, viewerId: string, seriesId: string, opts: { q?: string; page: number }) {
  const { series, role } = await seriesForMember(ctx, seriesId, viewerId);
  const now = ctx.clock.now();
  const q = opts.q?.trim() || undefined;
  let matchIds: string[] | undefined;
  if (q) {
    const text = containsText(ctx, q);
    const [byNotes, byAgenda, byActions] = await Promise.all([
      ctx.db.oneOnOneMeeting.findMany({ where: { seriesId, sharedNotes: text }, select: { id: true } }),
      ctx.db.oneOnOneAgendaItem.findMany({ where: { seriesId, text }, select: { meetingId: true } }),
      ctx.db.oneOnOneActionItem.findMany({ where: { seriesId, text }, select: { meetingId: true } }),
    ]);
    matchIds = [...new Set([...byNotes.map((m) => m.id), ...byAgenda.map((a) => a.meetingId), ...byActions.map((a) => a.meetingId)])];
  }
  const where = { seriesId, ...(matchIds ? { id: { in: matchIds } } : {}) };
  const [total, meetings] = await Promise.all([
    ctx.db.oneOnOneMeeting.count({ where }),
    ctx.db.oneOnOneMeeting.findMany({
      where,
      orderBy: [{ startsAt: 'desc' }, { id: 'desc' }],
      skip: (opts.page - 1) * HISTORY_PAGE_SIZE,
      take: HISTORY_PAGE_SIZE,
      select: { id: true, startsAt: true, endsAt: true, status: true, moved: true, sharedNotes: true, agendaItems: { select: { id: true, text: true, checked: true, carried: true }, orderBy: { position: 'asc' } } },
    }),
  ]);
  const actions = meetings.length
    ? await ctx.db.oneOnOneActionItem.findMany({ where: { seriesId, meetingId: { in: meetings.map((m) => m.id) } }, select: { id: true, meetingId: true, text: true, ownerId: true, dueDate: true, doneAt: true }, orderBy: { createdAt: 'asc' } })
    : [];
  const nameOf = (id: string) => (id === series.managerId ? series.manager.name : series.report.name);
  return {
    series,
    role,
    other: role === 'manager' ? series.report : series.manager,
    q: q ?? '',
    page: opts.page,
    total,
    pages: Math.max(1, Math.ceil(total / HISTORY_PAGE_SIZE)),
    meetings: meetings.map((m) => ({
      ...m,
      upcoming: m.status === 'scheduled' && m.endsAt.getTime() > now.getTime(),
      actions: actions.filter((a) => a.meetingId === m.id).map((a) => ({ ...a, ownerName: nameOf(a.ownerId) })),
    })),
  };
}

/** The viewer's 1:1 series: where they manage and where they report, newest first, with their next meeting. */
export async function myPairs(ctx: AppContext, viewerId: string) {
  const series = await ctx.db.oneOnOneSeries.findMany({
    where: { OR: [{ managerId: viewerId }, { reportId: viewerId }] },
    include: SERIES_INCLUDE,
    orderBy: [{ createdAt: 'desc' }],
  });
  const next = await nextMeetings(ctx, series.map((s) => s.id));
  return series.map((s) => ({ ...s, role: s.managerId === viewerId ? 'manager' : 'report', other: s.managerId === viewerId ? s.report : s.manager, next: next.get(s.id) ?? null }));
}

/**
 * The next meeting (earliest scheduled, not over) of each series, one query. A series has one or two planned
 * meetings, so "not over" is checked here: with `endsAt` in the query SQLite's planner walks every planned
 * meeting of every series (the status index) instead of these series' own.
 */
export async function nextMeetings(ctx: AppContext, seriesIds: string[]): Promise<Map<string, { id: string; startsAt: Date }>> {
  if (seriesIds.length === 0) return new Map();
  const now = ctx.clock.now().getTime();
  const rows = await ctx.db.oneOnOneMeeting.findMany({
    where: { seriesId: { in: seriesIds }, status: 'scheduled' },
    orderBy: [{ startsAt: 'asc' }],
    select: { id: true, seriesId: true, startsAt: true, endsAt: true },
  });
  const out = new Map<string, { id: string; startsAt: Date }>();
  for (const r of rows) if (r.endsAt.getTime() > now && !out.has(r.seriesId)) out.set(r.seriesId, { id: r.id, startsAt: r.startsAt });
  return out;
}
