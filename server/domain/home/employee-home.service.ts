/**
 * An employee's home: the survey waiting for them, their own KPIs, their next 1:1 and its agenda.
 *
 * The personal survey link: an invitation keeps only a hash of its token and the token sealed with the server's
 * key (Invitation.tokenCipher, cleared once answered or closed), so the link is never stored readable. The page
 * shows no link at all: its "answer now" button posts to /home/answer/:roundId, which recovers the link for the
 * signed-in person's own open invitation and redirects there (answerLinkFor below). The token never sits in
 * the home page's HTML, its cache or its history.
 */
import type { AppContext } from '../../context';
import type { Locale } from '../../i18n/i18n';
import { meetingForMember } from '../one-on-ones/access';
import { nextOneOnOneOf } from '../one-on-ones/overview.service';
import { answerLink } from '../rounds/round-writer';
import { wordIn } from '../surveys/survey-wording';
import { homePeriod } from './home-period';
import { kpiCard, presentKpiPanel } from './kpi.panel';

/** Open rounds the person has not answered yet (counts and dates only), titled in `locale` where the survey has it. */
export async function waitingSurveys(ctx: AppContext, personId: string, locale: Locale) {
  const rows = await ctx.db.invitation.findMany({
    where: { employeeId: personId, answered: false, tokenCipher: { not: null }, round: { status: 'open', closesAt: { gt: ctx.clock.now() } } },
    select: { round: { select: { id: true, title: true, titleId: true, closesAt: true } } },
    orderBy: { round: { closesAt: 'asc' } },
  });
  return rows.map(({ round: { titleId, ...r } }) => ({ ...r, title: wordIn(locale, r.title, titleId).text }));
}

/** The answer link of `personId`'s own waiting invitation to `roundId`, or null when there is none. */
export async function answerLinkFor(ctx: AppContext, personId: string, roundId: string): Promise<string | null> {
  const inv = await ctx.db.invitation.findFirst({
    where: { employeeId: personId, roundId, answered: false, tokenCipher: { not: null }, round: { status: 'open', closesAt: { gt: ctx.clock.now() } } },
    select: { tokenCipher: true },
  });
  return inv?.tokenCipher ? answerLink(ctx, ctx.keyring.open(inv.tokenCipher)) : null;
}

/** The person's next 1:1 with its agenda (they are one of the two: the 1:1 access rules are checked again). */
export async function nextOneOnOneWithAgenda(ctx: AppContext, personId: string) {
  const next = await nextOneOnOneOf(ctx, personId);
  if (!next) return null;
  await meetingForMember(ctx, next.meetingId, personId);
  const agenda = await ctx.db.oneOnOneAgendaItem.findMany({ where: { meetingId: next.meetingId }, orderBy: [{ carried: 'desc' }, { position: 'asc' }, { createdAt: 'asc' }], select: { id: true, text: true, checked: true } });
  return { ...next, agenda, href: `/one-on-ones/meetings/${next.meetingId}` };
}

export async function employeeHome(ctx: AppContext, me: { id: string }, query: { period?: unknown }, locale: Locale) {
  const hp = await homePeriod(ctx, query.period, locale);
  const [surveys, card, oneOnOne] = await Promise.all([waitingSurveys(ctx, me.id, locale), kpiCard(ctx, { kind: 'person', id: me.id }, hp.period), nextOneOnOneWithAgenda(ctx, me.id)]);
  const kpis = presentKpiPanel(locale, card);
  return { period: hp.choices, surveys, kpis: { ...kpis, rows: kpis.rows.filter((r) => r.value || r.target) }, oneOnOne };
}
