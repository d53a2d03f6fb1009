/**
 * What the meeting page shows one of the two people: the agenda, the shared notes, their own private note,
 * the pair's open action items, suggested points (to the manager), and what can be done with the meeting.
 */
import type { AppContext } from '../../context';
import { NotFoundError } from '../../errors';
import type { Locale } from '../../i18n/i18n';
import { meetingForMember } from './access';
import { addAgendaItem } from './agenda.service';
import { privateNoteOf } from './notes.service';
import { suggestionsFor, type TalkingPointSuggestion } from './suggestions.service';

async function suggestionsOfMeeting(ctx: AppContext, found: Awaited<ReturnType<typeof meetingForMember>>, locale: Locale, openTexts: Set<string>): Promise<TalkingPointSuggestion[]> {
  if (found.role !== 'manager' || found.meeting.status !== 'scheduled') return [];
  const report = await ctx.db.employee.findUnique({ where: { id: found.series.reportId }, select: { id: true, name: true, teamId: true } });
  const manager = await ctx.db.employee.findUnique({ where: { id: found.series.managerId }, select: { id: true, role: true } });
  if (!report || !manager) return [];
  return suggestionsFor(ctx, { manager, report, locale }, openTexts);
}

export async function meetingPage(ctx: AppContext, viewerId: string, meetingId: string, locale: Locale) {
  const found = await meetingForMember(ctx, meetingId, viewerId);
  const { meeting, series, role } = found;
  const [agenda, actions, privateNote, neighbours] = await Promise.all([
    ctx.db.oneOnOneAgendaItem.findMany({ where: { meetingId }, orderBy: [{ carried: 'desc' }, { position: 'asc' }, { createdAt: 'asc' }] }),
    ctx.db.oneOnOneActionItem.findMany({ where: { seriesId: series.id, OR: [{ doneAt: null }, { doneMeetingId: meetingId }] }, orderBy: [{ doneAt: 'asc' }, { dueDate: 'asc' }, { createdAt: 'asc' }] }),
    privateNoteOf(ctx, viewerId, meetingId),
    ctx.db.oneOnOneMeeting.findMany({ where: { seriesId: series.id }, orderBy: { startsAt: 'asc' }, select: { id: true, startsAt: true } }),
  ]);
  const nameOf = (id: string) => (id === series.managerId ? series.manager.name : id === series.reportId ? series.report.name : '');
  const at = neighbours.findIndex((m) => m.id === meetingId);
  const suggestions = await suggestionsOfMeeting(ctx, found, locale, new Set(agenda.filter((a) => !a.checked).map((a) => a.text)));
  const now = ctx.clock.now();
  return {
    meeting,
    series,
    role,
    other: role === 'manager' ? series.report : series.manager,
    agenda: agenda.map((a) => ({ ...a, authorName: nameOf(a.authorId), mine: a.authorId === viewerId })),
    actions: actions.map((a) => ({ ...a, ownerName: nameOf(a.ownerId), overdue: !a.doneAt && !!a.dueDate && a.dueDate < now.toISOString().slice(0, 10) })),
    privateNote,
    suggestions,
    previousId: at > 0 ? neighbours[at - 1].id : null,
    nextId: at >= 0 && at < neighbours.length - 1 ? neighbours[at + 1].id : null,
    canEditAgenda: meeting.status === 'scheduled',
    canMove: meeting.status === 'scheduled',
    canRecord: meeting.status === 'scheduled' || (meeting.status === 'held' && meeting.recordedById === null),
    people: [series.manager, series.report].map((p) => ({ id: p.id, name: p.name })),
  };
}

/** Adds a suggested point the manager picked (`key` from the page); NotFound when it is no longer offered. */
export async function acceptSuggestion(ctx: AppContext, viewerId: string, meetingId: string, key: string, locale: Locale) {
  const found = await meetingForMember(ctx, meetingId, viewerId);
  const open = await ctx.db.oneOnOneAgendaItem.findMany({ where: { meetingId, checked: false }, select: { text: true } });
  const offered = (await suggestionsOfMeeting(ctx, found, locale, new Set(open.map((o) => o.text)))).find((s) => s.key === key);
  if (!offered) throw new NotFoundError('This suggestion is no longer offered');
  return addAgendaItem(ctx, viewerId, meetingId, offered.text, offered.source);
}
